// Champion vs challenger, per playbook: which variant recovers more money, pays sooner and keeps more promises,
// with 95% intervals and the number of customers behind each figure. Customers count for the playbook and variant
// of their first task in the period (as assigned, whatever happened next); what they paid is counted from that day
// to the end of the period, up to what was overdue then. Scripts are ranked by kept-promise rate once used often
// enough, by the lower end of the interval so a lucky few uses do not top the list.
import { sql } from "drizzle-orm";
import { customerScope } from "../auth/access.ts";
import type { AuthUser } from "../auth/sessions.ts";
import { daysBetween, type IsoDate, isIsoDate } from "../calendar/calendar-date.ts";
import { getScriptEffectiveness } from "../collection/script-effectiveness.ts";
import type { Db } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { AppError, msg } from "../errors/app-error.ts";
import { paymentStands } from "../ledger/payment.sql.ts";
import { currencyDigits } from "../money/currencies.ts";
import { formatDecimal } from "../money/money.ts";
import { getSetting } from "../settings/settings.ts";
import { difference, type Interval, meanInterval, shareInterval, wilson } from "./strategy.rules.ts";

export type Arm = {
  customers: number;
  /** Decimal text in the currency's unit. */
  overdue: string;
  recovered: string;
  recoveryRate: Interval | null;
  /** Customers who paid anything from their first task to the end of the period. */
  payingRate: Interval | null;
  /** Days from the first task to the first payment, over the customers who paid. */
  daysToPay: Interval | null;
  promisesSettled: number;
  promiseKeptRate: Interval | null;
};
export type PlaybookComparison = {
  playbook: string;
  /** The playbook's name in the settings (its id when it has been removed since). */
  playbookName: string;
  currency: string;
  champion: Arm;
  challenger: Arm;
  /** Challenger minus champion; `better` is null while the interval includes no difference. */
  difference: {
    recoveryRate: ReturnType<typeof difference>;
    daysToPay: ReturnType<typeof difference>;
    promiseKeptRate: ReturnType<typeof difference>;
  };
};
export type RankedScript = {
  scriptId: string;
  title: { zh: string; en: string } | null;
  uses: number;
  promisesSettled: number;
  keptRate: Interval | null;
};
export type StrategyReport = {
  from: IsoDate;
  to: IsoDate;
  playbooks: PlaybookComparison[];
  scripts: RankedScript[];
  /** Scripts used fewer times than this are listed apart, unranked. */
  minUses: number;
  unranked: number;
};

type Unit = {
  playbook_id: string;
  variant: "champion" | "challenger";
  currency: string;
  start: string;
  overdue: string;
  paid: string;
  first_paid: string | null;
  settled: number;
  kept: number;
};

function arm(units: Unit[], currency: string): Arm {
  const digits = currencyDigits(currency);
  let overdue = 0n;
  let recovered = 0n;
  const ratio: { y: number; x: number }[] = [];
  const days: number[] = [];
  let paying = 0;
  let settled = 0;
  let kept = 0;
  for (const u of units) {
    const o = BigInt(u.overdue);
    const r = BigInt(u.paid) < o ? BigInt(u.paid) : o;
    overdue += o;
    recovered += r;
    ratio.push({ y: Number(r), x: Number(o) });
    if (u.first_paid) {
      paying++;
      days.push(daysBetween(u.start as IsoDate, u.first_paid as IsoDate));
    }
    settled += Number(u.settled);
    kept += Number(u.kept);
  }
  return {
    customers: units.length,
    overdue: formatDecimal(overdue, digits),
    recovered: formatDecimal(recovered, digits),
    recoveryRate: shareInterval(ratio),
    payingRate: wilson(paying, units.length),
    daysToPay: meanInterval(days),
    promisesSettled: settled,
    promiseKeptRate: wilson(kept, settled),
  };
}

export async function getStrategy(
  db: Db,
  user: AuthUser,
  input: { from: IsoDate; to: IsoDate; minUses?: number },
): Promise<StrategyReport> {
  const { from, to } = input;
  if (!isIsoDate(from) || !isIsoDate(to)) throw new AppError("invalid_input", msg`from and to are dates (YYYY-MM-DD)`);
  if (from > to) throw new AppError("invalid_input", msg`from (${from}) is after to (${to})`);
  const minUses = input.minUses ?? 20;
  const units = await queryRows<Unit>(
    db,
    sql`with first as (
        select distinct on (t.customer_id) t.customer_id, t.playbook_id, t.variant, t.run_date as start,
          t.amount_overdue as overdue, trim(t.currency) as currency
        from tasks t join customers c on c.id = t.customer_id
        where t.run_date between ${from}::date and ${to}::date and t.kind <> 'review'
          and t.action <> 'manager_escalation' and t.amount_overdue > 0 and ${customerScope(user, "c")}
        order by t.customer_id, t.run_date, t.id),
      paid as (select f.customer_id, sum(p.amount) as paid, min(p.paid_on) as first_paid
        from first f join payments p on p.customer_id = f.customer_id and trim(p.currency) = f.currency
          and p.paid_on >= f.start and p.paid_on <= ${to}::date and ${paymentStands("p", sql`${to}::date`)}
        group by f.customer_id),
      pr as (select f.customer_id,
          count(*) filter (where m.status in ('kept', 'partially_kept', 'broken'))::int as settled,
          count(*) filter (where m.status = 'kept')::int as kept
        from first f join promises m on m.customer_id = f.customer_id and m.made_on >= f.start
          and m.made_on <= ${to}::date
        group by f.customer_id)
      select f.playbook_id, f.variant, f.currency, f.start::text as start, f.overdue::text as overdue,
        coalesce(paid.paid, 0)::text as paid, paid.first_paid::text as first_paid,
        coalesce(pr.settled, 0) as settled, coalesce(pr.kept, 0) as kept
      from first f left join paid on paid.customer_id = f.customer_id left join pr on pr.customer_id = f.customer_id`,
  );
  const groups = new Map<string, { champion: Unit[]; challenger: Unit[] }>();
  for (const u of units) {
    const key = `${u.playbook_id}\t${u.currency}`;
    let g = groups.get(key);
    if (!g) {
      g = { champion: [], challenger: [] };
      groups.set(key, g);
    }
    g[u.variant === "challenger" ? "challenger" : "champion"].push(u);
  }
  const names = new Map((await getSetting(db, "collection.playbooks")).playbooks.map((p) => [p.id, p.name] as const));
  const playbooks: PlaybookComparison[] = [...groups.entries()]
    .map(([key, g]) => {
      const [playbook, currency] = key.split("\t") as [string, string];
      const champion = arm(g.champion, currency);
      const challenger = arm(g.challenger, currency);
      return {
        playbook,
        playbookName: names.get(playbook) ?? playbook,
        currency,
        champion,
        challenger,
        difference: {
          recoveryRate: difference(champion.recoveryRate, challenger.recoveryRate, true),
          daysToPay: difference(champion.daysToPay, challenger.daysToPay, false),
          promiseKeptRate: difference(champion.promiseKeptRate, challenger.promiseKeptRate, true),
        },
      };
    })
    .sort((a, b) => a.playbook.localeCompare(b.playbook) || a.currency.localeCompare(b.currency));

  const effectiveness = await getScriptEffectiveness(db, user, { from, to });
  const ranked = effectiveness
    .filter((s) => s.uses >= minUses)
    .map((s) => {
      const settled = s.kept + s.partiallyKept + s.broken;
      return {
        scriptId: s.scriptId,
        title: s.title,
        uses: s.uses,
        promisesSettled: settled,
        keptRate: wilson(s.kept, settled),
      };
    })
    .sort((a, b) => (b.keptRate?.low ?? -1) - (a.keptRate?.low ?? -1) || b.uses - a.uses);
  return {
    from,
    to,
    playbooks,
    scripts: ranked,
    minUses,
    unranked: effectiveness.length - ranked.length,
  };
}
