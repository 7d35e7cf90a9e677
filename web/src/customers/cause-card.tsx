// Why the customer is late, how sure the engine is and on what evidence, and where its playbook stands.
import { Card, Tag, Typography } from "antd";
import type { CollectionState } from "../api/types.ts";
import { useI18n } from "../i18n/i18n-provider.tsx";

export function CauseCard({ state }: { state: CollectionState | null }) {
  const { t, labels } = useI18n();
  return (
    <Card title={t("cause.title")} className="fill">
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
          {state.causeEvidence && state.causeEvidence.length > 0 && (
            <>
              <div className="label">{t("cause.evidence")}</div>
              <ul className="evidence">
                {state.causeEvidence.map((e) => {
                  const name = labels.signal(e.signal);
                  return (
                    <li key={e.signal}>
                      {name ?? e.detail}
                      {name && <div className="small muted">{e.detail}</div>}
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
          <span className="label">{t("cause.playbook")}</span> {state.playbook}
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
