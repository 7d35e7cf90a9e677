// The import wizard (managers and administrators): choose what the file holds, pick or drop a CSV or XLSX file, check
// it (a dry run: the columns as mapped, every row problem), then import it for real and see what changed. A refused
// file, or a dry run, writes nothing.
import { InboxOutlined } from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Progress,
  Result,
  Segmented,
  Space,
  Spin,
  Steps,
  Typography,
  Upload,
} from "antd";
import { useState } from "react";
import { isApiError } from "../api/client.ts";
import { IMPORT_KINDS, type ImportKind, type ImportSummary, type User } from "../api/types.ts";
import { useI18n } from "../i18n/i18n-provider.tsx";
import { ImportProblemsTable } from "./import-problems-table.tsx";
import { mayImport } from "./may-import.ts";
import { ImportRefused, uploadImport } from "./upload-import.ts";

type Phase =
  | { at: "choose" }
  | { at: "running"; dryRun: boolean; uploaded: number }
  | { at: "checked"; summary: ImportSummary }
  | { at: "refused"; refused: ImportRefused; dryRun: boolean }
  | { at: "failed"; message: string }
  | { at: "done"; summary: ImportSummary };

const STEP: Record<Phase["at"], number> = { choose: 0, running: 1, checked: 1, refused: 1, failed: 1, done: 3 };

export function ImportPage({ user }: { user: User }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<ImportKind>("invoices");
  const [file, setFile] = useState<File | null>(null);
  const [phase, setPhase] = useState<Phase>({ at: "choose" });

  if (!mayImport(user)) return <Result status="info" title={t("import.notOpen")} />;

  const run = async (dryRun: boolean) => {
    if (!file) return;
    setPhase({ at: "running", dryRun, uploaded: 0 });
    try {
      const summary = await uploadImport(file, kind, dryRun, (uploaded) =>
        setPhase((p) => (p.at === "running" ? { ...p, uploaded } : p)),
      );
      if (dryRun) setPhase({ at: "checked", summary });
      else {
        setPhase({ at: "done", summary });
        await queryClient.invalidateQueries();
      }
    } catch (e) {
      if (e instanceof ImportRefused) setPhase({ at: "refused", refused: e, dryRun });
      else setPhase({ at: "failed", message: isApiError(e) || e instanceof Error ? e.message : String(e) });
    }
  };
  const restart = () => {
    setFile(null);
    setPhase({ at: "choose" });
  };
  const step = phase.at === "running" && !phase.dryRun ? 2 : STEP[phase.at];

  return (
    <div className="page import-page">
      <div className="page__head">
        <div>
          <Typography.Title level={3} className="page__title">
            {t("import.title")}
          </Typography.Title>
          <Typography.Text type="secondary">{t("import.subtitle")}</Typography.Text>
        </div>
      </div>
      <Card>
        <Steps
          size="small"
          current={step}
          status={phase.at === "refused" || phase.at === "failed" ? "error" : undefined}
          items={[
            { title: t("import.stepChoose") },
            { title: t("import.stepCheck") },
            { title: t("import.stepImport") },
            { title: t("import.stepDone") },
          ]}
          style={{ marginBottom: 24 }}
        />

        {phase.at === "choose" && (
          <Space direction="vertical" size="large" style={{ width: "100%" }}>
            <div>
              <Typography.Text strong>{t("import.kind")}</Typography.Text>{" "}
              <Segmented<ImportKind>
                value={kind}
                onChange={setKind}
                options={IMPORT_KINDS.map((k) => ({ value: k, label: t(`import.kind.${k}`) }))}
                data-testid="import-kind"
              />
            </div>
            <Upload.Dragger
              accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              maxCount={1}
              multiple={false}
              fileList={file ? [{ uid: "file", name: file.name, size: file.size, status: "done" }] : []}
              beforeUpload={(f) => {
                setFile(f);
                return false;
              }}
              onRemove={() => setFile(null)}
              data-testid="import-file"
            >
              <p className="ant-upload-drag-icon">
                <InboxOutlined />
              </p>
              <p className="ant-upload-text">{t("import.drop")}</p>
              <p className="ant-upload-hint">{t("import.dropHint")}</p>
            </Upload.Dragger>
            <Button type="primary" disabled={!file} onClick={() => run(true)} data-testid="import-check">
              {t("import.check")}
            </Button>
          </Space>
        )}

        {phase.at === "running" && (
          <div className="page-center" style={{ minHeight: 200, flexDirection: "column", gap: 16 }}>
            {phase.uploaded < 1 ? (
              <>
                <Typography.Text>{t("import.uploading", { name: file?.name ?? "" })}</Typography.Text>
                <Progress percent={Math.round(phase.uploaded * 100)} style={{ width: 360 }} />
              </>
            ) : (
              <Spin size="large" tip={t(phase.dryRun ? "import.checking" : "import.importing")}>
                <div style={{ width: 240, height: 80 }} />
              </Spin>
            )}
          </div>
        )}

        {phase.at === "checked" && (
          <Space direction="vertical" size="large" style={{ width: "100%" }}>
            <Alert
              type="success"
              showIcon
              message={t("import.checkedOk", { rows: phase.summary.rows, file: phase.summary.file })}
              description={t("import.wouldDo", {
                inserted: phase.summary.inserted,
                updated: phase.summary.updated,
                unchanged: phase.summary.unchanged,
                customers: phase.summary.customersCreated,
              })}
              data-testid="import-checked"
            />
            <Descriptions
              title={t("import.mapping")}
              size="small"
              bordered
              column={{ xs: 1, sm: 2, lg: 3 }}
              items={phase.summary.mapping.map((m) => ({ key: m.field, label: m.field, children: m.column }))}
            />
            {phase.summary.notes.length > 0 && (
              <Alert
                type="info"
                message={t("import.notes")}
                description={
                  <ul className="import-notes">
                    {phase.summary.notes.map((n) => (
                      <li key={n}>{n}</li>
                    ))}
                  </ul>
                }
              />
            )}
            <Space>
              <Button type="primary" onClick={() => run(false)} data-testid="import-run">
                {t("import.run", { rows: phase.summary.rows })}
              </Button>
              <Button onClick={restart}>{t("import.another")}</Button>
            </Space>
          </Space>
        )}

        {phase.at === "refused" && (
          <Space direction="vertical" size="large" style={{ width: "100%" }}>
            <Alert
              type="error"
              showIcon
              message={t("import.refused", { total: phase.refused.total })}
              description={phase.refused.message}
              data-testid="import-refused"
            />
            {phase.refused.total > phase.refused.problems.length && (
              <Typography.Text type="secondary">
                {t("import.moreProblems", { shown: phase.refused.problems.length, total: phase.refused.total })}
              </Typography.Text>
            )}
            <ImportProblemsTable problems={phase.refused.problems} />
            <Button type="primary" onClick={restart} data-testid="import-again">
              {t("import.fixAndRetry")}
            </Button>
          </Space>
        )}

        {phase.at === "failed" && (
          <Space direction="vertical" size="large" style={{ width: "100%" }}>
            <Alert type="error" showIcon message={phase.message} data-testid="import-failed" />
            <Button type="primary" onClick={restart}>
              {t("import.another")}
            </Button>
          </Space>
        )}

        {phase.at === "done" && (
          <Result
            status="success"
            title={t("import.done", { rows: phase.summary.rows, file: phase.summary.file })}
            subTitle={t("import.didDo", {
              inserted: phase.summary.inserted,
              updated: phase.summary.updated,
              unchanged: phase.summary.unchanged,
              customers: phase.summary.customersCreated,
            })}
            extra={
              <Button type="primary" onClick={restart}>
                {t("import.another")}
              </Button>
            }
            data-testid="import-done"
          />
        )}
      </Card>
    </div>
  );
}
