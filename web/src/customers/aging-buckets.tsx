// The open balance by age, each bucket with a bar for its share (computed in minor units).
import { Card } from "antd";
import type { Balance } from "../api/types.ts";
import { useI18n } from "../i18n/i18n-provider.tsx";
import { BUCKET_KEYS } from "../i18n/labels.ts";
import { decimalDigits, groupDecimal, toMinor } from "../money/format-money.ts";

function share(part: string, total: string): number {
  const digits = decimalDigits(total);
  const whole = toMinor(total, digits);
  return whole > 0n ? Number((toMinor(part, digits) * 1000n) / whole) / 10 : 0;
}

export function AgingBuckets({ balances }: { balances: Balance[] }) {
  const { t, labels } = useI18n();
  return (
    <Card title={t("aging.title")} className="fill">
      {balances.map((b) => (
        <table key={b.currency} className="aging">
          <tbody>
            {BUCKET_KEYS.map((k) => {
              const pct = share(b.buckets[k], b.open);
              return (
                <tr key={k} className={pct > 0 ? "" : "aging__row--empty"}>
                  <th className="aging__label">{labels.bucket(k)}</th>
                  <td className="aging__amount amount">{groupDecimal(b.buckets[k])}</td>
                  <td className="aging__bar">
                    <span className={`aging__fill aging__fill--${k}`} style={{ width: `${pct}%` }} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ))}
    </Card>
  );
}
