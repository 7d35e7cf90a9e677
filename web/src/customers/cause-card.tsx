// Why the customer is late, how sure the engine is and on what evidence, and where its playbook stands; collectors,
// managers and admins set the cause by hand (with a note, until a re-check date), and the card then says who and why.
import { EditOutlined } from "@ant-design/icons";
import { Button, Card, Tag, Typography } from "antd";
import { useState } from "react";
import type { CollectionState, User } from "../api/types.ts";
import { useI18n } from "../i18n/i18n-provider.tsx";
import { evidenceDetailText, playbookNameText } from "../i18n/server-text.ts";
import { maySetCause, SetCauseModal } from "./set-cause-modal.tsx";

type Props = { state: CollectionState | null; customer: { id: number; name: string }; user: User };

export function CauseCard({ state, customer, user }: Props) {
  const { t, labels, lang } = useI18n();
  const [setting, setSetting] = useState(false);
  const manual =
    state?.causeSource === "manual" && state.causeSetBy
      ? { setBy: state.causeSetBy, note: state.causeNote ?? "", setOn: state.causeSetOn }
      : null;
  const evidence = (state?.causeEvidence ?? []).filter((e) => !(manual && e.signal === "manual"));
  return (
    <Card
      title={t("cause.title")}
      className="fill"
      extra={
        maySetCause(user.role) && (
          <Button size="small" icon={<EditOutlined />} onClick={() => setSetting(true)} data-testid="set-cause">
            {t("setCause.button")}
          </Button>
        )
      }
    >
      {setting && (
        <SetCauseModal
          customerId={customer.id}
          customerName={customer.name}
          current={state?.cause ?? null}
          onClose={() => setSetting(false)}
        />
      )}
      {!state?.cause ? (
        <Typography.Text type="secondary">{t("cause.unknown")}</Typography.Text>
      ) : (
        <>
          <div className="cause-head">
            <Tag color="geekblue" className="cause-tag">
              {labels.cause(state.cause)}
            </Tag>
            <Typography.Text type="secondary">
              {[
                state.causeSource ? t(`cause.source.${state.causeSource}`) : null,
                state.causeConfidence == null
                  ? null
                  : t("cause.confidence", { pct: Math.round(state.causeConfidence * 100) }),
                state.causeRecheckOn ? t("cause.recheck", { date: state.causeRecheckOn }) : null,
              ]
                .filter(Boolean)
                .join(" · ")}
            </Typography.Text>
          </div>
          {manual && (
            <div className="cause-manual" data-testid="cause-manual">
              <div className="small muted">{t("cause.setBy", { login: manual.setBy, date: manual.setOn ?? "" })}</div>
              <Typography.Paragraph className="cause-note" ellipsis={{ rows: 3, expandable: true }}>
                {manual.note}
              </Typography.Paragraph>
            </div>
          )}
          {evidence.length > 0 && (
            <>
              <div className="label">{t("cause.evidence")}</div>
              <ul className="evidence">
                {evidence.map((e) => {
                  const name = labels.signal(e.signal);
                  const detail = evidenceDetailText(e.detail, lang);
                  return (
                    <li key={e.signal}>
                      {name ?? detail}
                      {name && <div className="small muted">{detail}</div>}
                    </li>
                  );
                })}
              </ul>
            </>
          )}
        </>
      )}
      {state?.playbook && (
        <div className="playbook">
          <span className="label">{t("cause.playbook")}</span>{" "}
          {state.playbookName ? playbookNameText(state.playbookName, lang) : state.playbook}
          {state.step != null && ` · ${t("cause.step", { step: state.step + 1 })}`}
          {state.variant && state.variant !== "champion" && ` · ${state.variant}`}
          {state.pausedBy && (
            <Tag color="gold" bordered={false} className="inline-tag">
              {t("cause.pausedBy", { reason: state.pausedBy })}
            </Tag>
          )}
        </div>
      )}
    </Card>
  );
}
