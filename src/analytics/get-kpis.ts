// Team and business KPIs for a date range, per period (day, week, month or the whole range) and per group
// (collector, team, cause, playbook step). One use case serves the API and the CLI. The counting is set-based SQL;
// the formulas are the pure ones in kpi.rules.ts. Every customer-level fact is attributed, per period, to one group:
// its collector and team (current assignment), the cause in force at the period's end (its state's, or from
// cause_history the one in force then), or the playbook step of its latest task written by the period's end.
import { type SQL, sql } from "drizzle-orm";
import { BUCKETS, type BucketKey, gradeFor, RISK_GRADES, type RiskGrade } from "../aging/aging.rules.ts";
import { bucketSumsSql, openItemsSql } from "../aging/aging.sql.ts";
import { customerScope } from "../auth/access.ts";
import type { AuthUser } from "../auth/sessions.ts";
import { addDays, dateInZone, type IsoDate, isIsoDate } from "../calendar/calendar-date.ts";
import type { Database } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { AppError, msg } from "../errors/app-error.ts";
import { paymentStands } from "../ledger/payment.sql.ts";
import { currencyDigits } from "../money/currencies.ts";
import { formatDecimal } from "../money/money.ts";
import { getSetting } from "../settings/settings.ts";
import {
  type ActivityCounts,
  averageDaysDelinquent,
  CONNECTED_OUTCOMES,
  collectionEffectivenessIndex,
  complaintRate,
  connectRate,
  countbackWindows,
  dsoCountback,
  EFFECTIVE_OUTCOMES,
  effectiveContactRate,
  type Grain,
  type Period,
  periodsOf,
  promiseKeptRate,
  promiseRate,
  provisionByGrade,
  recoveryRate,
  salesWindows,
} from "./kpi.rules.ts";

export const KPI_GROUPINGS = ["collector", "team", "cause", "playbook"] as const;
export type KpiBy = (typeof KPI_GROUPINGS)[number];
/** At most this many periods in one request (a year of days). */
export const MAX_PERIODS = 366;
/** How far the DSO countback looks back, in months. */
export const COUNTBACK_MONTHS = 24;

export type KpiInput = {
  from: IsoDate;
  to: IsoDate;
  by: KpiBy;
  grain?: Grain;
  /** Whose view: a collector sees their portfolio, a manager their team's, admin and finance everything. */
  scope: AuthUser;
};

export type MoneyKpis = {
  currency: string;
  /** Promises to pay made in the period. */
  promised: bigint;
  /** Open and past due at the start of the period's first day. */
  overdueAtStart: bigint;
  /** The part of `overdueAtStart` paid during the period. */
  recovered: bigint;
  recoveryRate: number | null;
  /** All payments received in the period. */
  collected: bigint;
};

export type GroupKpis = ActivityCounts & {
  periodStart: IsoDate;
  periodEnd: IsoDate;
  /** The group: a login, a team, a cause, "playbook/variant/step"; "" for none (unassigned, no cause, no task). */
  group: string;
  /** For people: the collector's name. */
  label: string;
  connectRate: number | null;
  effectiveContactRate: number | null;
  promiseRate: number | null;
  promiseKeptRate: number | null;
  complaintRate: number | null;
  money: MoneyKpis[];
};

export type BusinessKpis = {
  periodStart: IsoDate;
  periodEnd: IsoDate;
  currency: string;
  /** Open receivables at the start of the first day and at the end of the last day. */
  openingReceivables: bigint;
  closingReceivables: bigint;
  /** Closing receivables not yet past due. */
  closingCurrent: bigint;
  /** Credit sales: invoices issued in the period. */
  sales: bigint;
  dso: number | null;
  bestPossibleDso: number | null;
  averageDaysDelinquent: number | null;
  cei: number | null;
  /** Open amounts by age bucket at the period's end (the aging trend). */
  aging: Record<BucketKey, bigint>;
  openByGrade: Record<RiskGrade, bigint>;
  provisionByGrade: Record<RiskGrade, bigint>;
  provisionTotal: bigint;
};

export type Kpis = {
  from: IsoDate;
  to: IsoDate;
  by: KpiBy;
  grain: Grain | null;
  periods: Period[];
  groups: GroupKpis[];
  business: BusinessKpis[];
};

type GroupRow = {
  n: number;
  g: string;
  label: string | null;
  currency: string | null;
  attempts: string | null;
  connects: string | null;
  effective: string | null;
  conversations: string | null;
  complaints: string | null;
  made: string | null;
  settled: string | null;
  kept: string | null;
  promised: string | null;
  overdue_start: string | null;
  recovered: string | null;
  collected: string | null;
};

const inList = (values: readonly string[]) =>
  sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  );

/** The group of customer `c` (with its collector `u`) in the period whose last day is `p.e`; a label for people. */
function groupSql(by: KpiBy): { key: SQL; label: SQL } {
  switch (by) {
    case "collector":
      return { key: sql`coalesce(u.login, '')`, label: sql`coalesce(u.name, '')` };
    case "team":
      return { key: sql`coalesce(u.team, '')`, label: sql`coalesce(u.team, '')` };
    case "cause": {
      // The state's cause when it began by then, else the latest of the causes it replaced that began by then.
      const key = sql`coalesce((select s.cause from collection_states s where s.customer_id = c.id and s.cause_since <= p.e),
        (select h.cause from cause_history h where h.customer_id = c.id and h.as_of <= p.e
          order by h.as_of desc, h.id desc limit 1), '')`;
      return { key, label: sql`null` };
    }
    case "playbook": {
      const key = sql`coalesce((select t.playbook_id || '/' || t.variant || '/' || t.step_index from tasks t
        where t.customer_id = c.id and t.run_date <= p.e order by t.run_date desc, t.id desc limit 1), '')`;
      return { key, label: sql`null` };
    }
  }
}

function validate(input: KpiInput): Period[] {
  for (const [name, v] of [
    ["from", input.from],
    ["to", input.to],
  ] as const) {
    if (!isIsoDate(v)) throw new AppError("invalid_input", msg`${name} "${v}" is not a date (expected YYYY-MM-DD)`);
  }
  if (input.from > input.to)
    throw new AppError("invalid_input", msg`from ${input.from} is after to ${input.to}: give the earlier date first`);
  if (!(KPI_GROUPINGS as readonly string[]).includes(input.by))
    throw new AppError("invalid_input", msg`by "${input.by}": expected one of ${KPI_GROUPINGS.join(", ")}`);
  const periods = periodsOf(input.from, input.to, input.grain);
  if (periods.length > MAX_PERIODS)
    throw new AppError(
      "invalid_input",
      msg`${periods.length} periods of a ${input.grain}: at most ${MAX_PERIODS}; shorten the range or use a larger grain`,
    );
  return periods;
}

/**
 * The KPIs of `input`'s periods. With a clock, a period cannot end after today in the company's time zone: `to` in
 * the future is measured to today (the response's `to` says so) and `from` in the future is refused; nothing has
 * happened there yet, and measuring it would read the invoices falling due as unpaid.
 */
export async function getKpis(deps: { database: Database; now?: () => Date }, asked: KpiInput): Promise<Kpis> {
  let input = asked;
  const db = deps.database.db;
  const company = await getSetting(db, "company");
  if (deps.now && isIsoDate(input.from) && isIsoDate(input.to) && input.from <= input.to) {
    const today = dateInZone(deps.now(), company.timeZone);
    if (input.from > today)
      throw new AppError(
        "invalid_input",
        msg`from ${input.from} is in the future (today is ${today}): nothing to measure yet`,
      );
    if (input.to > today) input = { ...input, to: today };
  }
  const periods = validate(input);
  const user = input.scope;
  const thresholds = await getSetting(db, "aging.grades");
  const rates = await getSetting(db, "analytics.provision");
  const tz = company.timeZone;
  const scope = customerScope(user, "c");
  // A collector's portfolio is small: let the open-items query read only it.
  const agingScope = user.role === "collector" ? { collectorId: user.id } : {};

  const periodValues = sql.join(
    periods.map((p, n) => sql`(${n}::int, ${p.start}::date, ${p.end}::date)`),
    sql`, `,
  );
  // Open items at each boundary: the start of every period (the day before) and its end.
  const bounds = [...new Set(periods.flatMap((p) => [addDays(p.start, -1), p.end]))];
  const fromInstant = sql`(${input.from}::date)::timestamp at time zone ${tz}`;
  const toInstant = sql`(${addDays(input.to, 1)}::date)::timestamp at time zone ${tz}`;
  const { key, label } = groupSql(input.by);

  return deps.database.transaction(async (conn) => {
    const q = conn.db;
    await q.execute(sql`create temp table kpi_open_items on commit drop as
      ${sql.join(
        bounds.map(
          (
            d,
          ) => sql`select ${d}::date as as_of, o.id, o.customer_id, o.currency, o.due_date, o.open_amount, o.days_past_due
            from (${openItemsSql(d, agingScope)}) o where o.open_amount > 0`,
        ),
        sql` union all `,
      )}`);
    await q.execute(sql`analyze kpi_open_items`);

    const groupRows = await queryRows<GroupRow>(
      q,
      sql`with p(n, s, e) as (values ${periodValues}),
      ix as (
        select p.n, i.customer_id,
          count(*) filter (where i.direction = 'outbound') as attempts,
          count(*) filter (where i.direction = 'outbound' and i.outcome in (${inList(CONNECTED_OUTCOMES)})) as connects,
          count(*) filter (where i.direction = 'outbound' and i.outcome in (${inList(EFFECTIVE_OUTCOMES)})) as effective,
          count(*) filter (where i.outcome in (${inList(CONNECTED_OUTCOMES)})) as conversations,
          count(*) filter (where i.outcome = 'complaint') as complaints
        from interactions i join p on (i.at at time zone ${tz})::date between p.s and p.e
        where i.at >= ${fromInstant} and i.at < ${toInstant}
        group by p.n, i.customer_id),
      pm as (
        select p.n, pr.customer_id, count(*) as made from promises pr join p on pr.made_on between p.s and p.e
        where pr.status <> 'cancelled' group by p.n, pr.customer_id),
      pd as (
        select p.n, pr.customer_id,
          count(*) filter (where pr.status in ('kept', 'partially_kept', 'broken')) as settled,
          count(*) filter (where pr.status = 'kept') as kept
        from promises pr join p on pr.promised_on between p.s and p.e group by p.n, pr.customer_id),
      adj as (
        select p.n, a.invoice_id, sum(a.amount) as amt from adjustments a join p on a.adjusted_on between p.s and p.e
        where a.invoice_id is not null group by p.n, a.invoice_id),
      mf as (
        select n, customer_id, currency, sum(promised) as promised, sum(overdue_start) as overdue_start,
          sum(recovered) as recovered, sum(collected) as collected
        from (
          select p.n, pr.customer_id, pr.currency, pr.amount as promised, 0 as overdue_start, 0 as recovered, 0 as collected
          from promises pr join p on pr.made_on between p.s and p.e where pr.status <> 'cancelled'
          union all
          -- What was overdue when the period began, and how much of it the period's payments cleared: its fall in
          -- open amount by the period's end, less credit notes and write-offs on it dated in the period.
          select p.n, st.customer_id, st.currency, 0, st.open_amount,
            greatest(0, st.open_amount - coalesce(en.open_amount, 0) - coalesce(adj.amt, 0)), 0
          from p join kpi_open_items st on st.as_of = p.s - 1 and st.due_date < p.s
          left join kpi_open_items en on en.as_of = p.e and en.id = st.id
          left join adj on adj.n = p.n and adj.invoice_id = st.id
          union all
          select p.n, pa.customer_id, pa.currency, 0, 0, 0, pa.amount
          from payments pa join p on pa.paid_on between p.s and p.e and ${paymentStands("pa", sql`p.e`)}
        ) x group by n, customer_id, currency),
      keys as (
        select n, customer_id from ix union select n, customer_id from pm union select n, customer_id from pd
        union select n, customer_id from mf),
      kc as (
        select k.n, k.customer_id, ${key} as g, ${label} as label
        from keys k join p on p.n = k.n join customers c on c.id = k.customer_id
        left join users u on u.id = c.collector_id
        where ${scope})
      select kc.n, kc.g, max(kc.label) as label, null as currency,
        sum(ix.attempts) as attempts, sum(ix.connects) as connects, sum(ix.effective) as effective,
        sum(ix.conversations) as conversations, sum(ix.complaints) as complaints,
        sum(pm.made) as made, sum(pd.settled) as settled, sum(pd.kept) as kept,
        null as promised, null as overdue_start, null as recovered, null as collected
      from kc left join ix on ix.n = kc.n and ix.customer_id = kc.customer_id
      left join pm on pm.n = kc.n and pm.customer_id = kc.customer_id
      left join pd on pd.n = kc.n and pd.customer_id = kc.customer_id
      group by kc.n, kc.g
      union all
      select kc.n, kc.g, null, mf.currency, null, null, null, null, null, null, null, null,
        sum(mf.promised), sum(mf.overdue_start), sum(mf.recovered), sum(mf.collected)
      from kc join mf on mf.n = kc.n and mf.customer_id = kc.customer_id
      group by kc.n, kc.g, mf.currency
      order by 1, 2, 4 nulls first`,
    );

    const business = await businessKpis(q, periods, scope, thresholds, rates);
    return {
      from: input.from,
      to: input.to,
      by: input.by,
      grain: input.grain ?? null,
      periods,
      groups: toGroups(groupRows, periods),
      business,
    };
  });
}

const zeroGrades = () => Object.fromEntries(RISK_GRADES.map((g) => [g, 0n])) as Record<RiskGrade, bigint>;
const num = (v: string | null) => (v === null ? 0 : Number(v));
const big = (v: string | null) => (v === null ? 0n : BigInt(v));

function toGroups(rows: GroupRow[], periods: Period[]): GroupKpis[] {
  const out = new Map<string, GroupKpis>();
  for (const r of rows) {
    const id = `${r.n}\u0000${r.g}`;
    let g = out.get(id);
    if (!g) {
      const period = periods[Number(r.n)] as Period;
      g = {
        periodStart: period.start,
        periodEnd: period.end,
        group: r.g,
        label: r.label ?? r.g,
        attempts: 0,
        connects: 0,
        effectiveContacts: 0,
        conversations: 0,
        promisesMade: 0,
        promisesSettled: 0,
        promisesKept: 0,
        complaints: 0,
        connectRate: null,
        effectiveContactRate: null,
        promiseRate: null,
        promiseKeptRate: null,
        complaintRate: null,
        money: [],
      };
      out.set(id, g);
    }
    if (r.currency === null) {
      Object.assign(g, {
        label: r.label ?? r.g,
        attempts: num(r.attempts),
        connects: num(r.connects),
        effectiveContacts: num(r.effective),
        conversations: num(r.conversations),
        promisesMade: num(r.made),
        promisesSettled: num(r.settled),
        promisesKept: num(r.kept),
        complaints: num(r.complaints),
      });
      Object.assign(g, {
        connectRate: connectRate(g),
        effectiveContactRate: effectiveContactRate(g),
        promiseRate: promiseRate(g),
        promiseKeptRate: promiseKeptRate(g),
        complaintRate: complaintRate(g),
      });
    } else {
      const overdueAtStart = big(r.overdue_start);
      const recovered = big(r.recovered);
      g.money.push({
        currency: r.currency.trim(),
        promised: big(r.promised),
        overdueAtStart,
        recovered,
        recoveryRate: recoveryRate(recovered, overdueAtStart),
        collected: big(r.collected),
      });
    }
  }
  return [...out.values()];
}

type BusinessRow = {
  n: number;
  currency: string;
  opening: string;
  closing: string;
  closing_current: string;
} & Record<BucketKey, string>;

async function businessKpis(
  q: Database["db"],
  periods: Period[],
  scope: SQL,
  thresholds: Parameters<typeof gradeFor>[1],
  rates: Parameters<typeof provisionByGrade>[1],
): Promise<BusinessKpis[]> {
  const periodValues = sql.join(
    periods.map((p, n) => sql`(${n}::int, ${p.start}::date, ${p.end}::date)`),
    sql`, `,
  );
  const rows = await queryRows<BusinessRow>(
    q,
    sql`with p(n, s, e) as (values ${periodValues}),
      o as (select o.* from kpi_open_items o join customers c on c.id = o.customer_id where ${scope}),
      opening as (select p.n, o.currency, sum(o.open_amount)::bigint as amt from p join o on o.as_of = p.s - 1
        group by p.n, o.currency),
      closing as (select p.n, o.currency, sum(o.open_amount)::bigint as closing,
          coalesce(sum(o.open_amount) filter (where o.days_past_due = 0), 0)::bigint as closing_current,
          ${bucketSumsSql()}
        from p join o on o.as_of = p.e group by p.n, o.currency),
      cur as (select n, currency from opening union select n, currency from closing)
      select cur.n, cur.currency, coalesce(op.amt, 0) as opening, coalesce(cl.closing, 0) as closing,
        coalesce(cl.closing_current, 0) as closing_current,
        ${sql.raw(BUCKETS.map((b) => `coalesce(cl.${b.key}, 0) as ${b.key}`).join(", "))}
      from cur left join opening op on op.n = cur.n and op.currency = cur.currency
      left join closing cl on cl.n = cur.n and cl.currency = cur.currency
      order by cur.n, cur.currency`,
  );
  // Open amounts at each period's end by days past due and the legal flag: the grade comes from the pure rule.
  const graded = await queryRows<{ n: number; currency: string; days: number; legal: boolean; amt: string }>(
    q,
    sql`with p(n, s, e) as (values ${periodValues})
      select p.n, o.currency, o.days_past_due as days, c.legal, sum(o.open_amount)::bigint as amt
      from p join kpi_open_items o on o.as_of = p.e join customers c on c.id = o.customer_id
      where ${scope} group by p.n, o.currency, o.days_past_due, c.legal`,
  );
  // Daily credit sales from the start of the oldest countback window to the last period's end.
  const windowsPerPeriod = periods.map((p) => countbackWindows(p.end, COUNTBACK_MONTHS));
  const first = periods.reduce((min, p, i) => {
    const w = windowsPerPeriod[i]?.at(-1)?.start ?? p.start;
    return w < min ? w : min;
  }, periods[0]?.start ?? "");
  const last = periods.at(-1)?.end ?? "";
  const sales = await queryRows<{ currency: string; day: string; amt: string }>(
    q,
    sql`select i.currency, i.issue_date as day, sum(i.amount)::bigint as amt
      from invoices i join customers c on c.id = i.customer_id
      where ${scope} and i.issue_date between ${first}::date and ${last}::date
      group by i.currency, i.issue_date`,
  );
  const daily = new Map<string, Map<IsoDate, bigint>>();
  for (const s of sales) {
    const cur = s.currency.trim();
    const m = daily.get(cur) ?? new Map<IsoDate, bigint>();
    daily.set(cur, m);
    m.set(String(s.day).slice(0, 10), BigInt(s.amt));
  }
  const gradeKey = (n: number, currency: string) => `${n}\u0000${currency.trim()}`;
  const byGrade = new Map<string, Record<RiskGrade, bigint>>();
  for (const r of graded) {
    const k = gradeKey(Number(r.n), r.currency);
    const acc = byGrade.get(k) ?? zeroGrades();
    byGrade.set(k, acc);
    const grade = gradeFor(Number(r.days), thresholds, { legal: r.legal });
    acc[grade] += BigInt(r.amt);
  }

  return rows.map((r) => {
    const n = Number(r.n);
    const period = periods[n] as Period;
    const currency = r.currency.trim();
    const days = daily.get(currency) ?? new Map<IsoDate, bigint>();
    const windows = salesWindows(windowsPerPeriod[n] ?? [], days);
    const [periodSales] = salesWindows([period], days);
    const opening = BigInt(r.opening);
    const closing = BigInt(r.closing);
    const closingCurrent = BigInt(r.closing_current);
    const dso = dsoCountback(closing, windows);
    const bestPossibleDso = dsoCountback(closingCurrent, windows);
    const openByGrade = byGrade.get(gradeKey(n, currency)) ?? zeroGrades();
    const provision = provisionByGrade(openByGrade, rates);
    const sales = periodSales?.sales ?? 0n;
    return {
      periodStart: period.start,
      periodEnd: period.end,
      currency,
      openingReceivables: opening,
      closingReceivables: closing,
      closingCurrent,
      sales,
      dso,
      bestPossibleDso,
      averageDaysDelinquent: averageDaysDelinquent(dso, bestPossibleDso),
      cei: collectionEffectivenessIndex({ opening, sales, closing, closingCurrent }),
      aging: Object.fromEntries(BUCKETS.map((b) => [b.key, BigInt(r[b.key])])) as Record<BucketKey, bigint>,
      openByGrade,
      provisionByGrade: provision.byGrade,
      provisionTotal: provision.total,
    };
  });
}

const decimal = (minor: bigint, currency: string) => formatDecimal(minor, currencyDigits(currency));
const mapValues = <K extends string>(o: Record<K, bigint>, currency: string) =>
  Object.fromEntries(Object.entries<bigint>(o).map(([k, v]) => [k, decimal(v, currency)])) as Record<K, string>;

/** The KPIs as JSON for the API and the CLI: amounts as decimal text in the currency's unit ("1234.50"). */
export function kpisToJson(k: Kpis) {
  return {
    ...k,
    groups: k.groups.map((g) => ({
      ...g,
      money: g.money.map((m) => ({
        currency: m.currency,
        promised: decimal(m.promised, m.currency),
        overdueAtStart: decimal(m.overdueAtStart, m.currency),
        recovered: decimal(m.recovered, m.currency),
        recoveryRate: m.recoveryRate,
        collected: decimal(m.collected, m.currency),
      })),
    })),
    business: k.business.map((b) => ({
      ...b,
      openingReceivables: decimal(b.openingReceivables, b.currency),
      closingReceivables: decimal(b.closingReceivables, b.currency),
      closingCurrent: decimal(b.closingCurrent, b.currency),
      sales: decimal(b.sales, b.currency),
      aging: mapValues(b.aging, b.currency),
      openByGrade: mapValues(b.openByGrade, b.currency),
      provisionByGrade: mapValues(b.provisionByGrade, b.currency),
      provisionTotal: decimal(b.provisionTotal, b.currency),
    })),
  };
}
export type KpisJson = ReturnType<typeof kpisToJson>;
