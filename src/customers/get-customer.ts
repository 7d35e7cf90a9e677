// One customer as its collector sees it: the account, balances by currency and age, the cause with its evidence,
// the contacts, open disputes and the next visit; and its invoices with what is still open, as of a date.
import { sql } from "drizzle-orm";
import { openItemsSql } from "../aging/aging.sql.ts";
import { forEachAgingCustomer, forEachAgingInvoice } from "../aging/get-aging.ts";
import { visibleCustomerOrThrow } from "../auth/access.ts";
import type { AuthUser } from "../auth/sessions.ts";
import type { Database } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { getCustomerLimitation } from "../ledger/get-limitation.ts";
import { currencyDigits } from "../money/currencies.ts";
import { formatDecimal } from "../money/money.ts";
import { getSetting } from "../settings/settings.ts";
import { listPlanViews, planViewJson } from "../workspace/settle-plans.ts";

const money = (minor: bigint | string, currency: string) =>
  formatDecimal(BigInt(minor), currencyDigits(currency.trim()));

export async function getCustomer(
  database: Database,
  user: AuthUser,
  customerId: number,
  asOf: string,
  /** For the next visit; the start of `asOf` (UTC) when not given. */
  now: Date = new Date(`${asOf}T00:00:00Z`),
) {
  const db = database.db;
  await visibleCustomerOrThrow(db, user, customerId);
  const [c] = await queryRows<Record<string, unknown>>(
    db,
    sql`select c.*, u.login as collector from customers c left join users u on u.id = c.collector_id where c.id = ${customerId}`,
  );
  const [state] = await queryRows<Record<string, unknown>>(
    db,
    sql`select grade, cause, cause_confidence, cause_source, cause_evidence, cause_recheck_on, cause_since,
          cause_set_by, cause_note, playbook_id, variant,
          step_index, stopped_by, overdue, days_past_due, currency, as_of from collection_states where customer_id = ${customerId}`,
  );
  const contacts = await queryRows<Record<string, unknown>>(
    db,
    sql`select id, name, role, phones, emails, preferred_channel, time_zone, opt_out_call, opt_out_sms, opt_out_email,
          consent_note, notes, version
        from contacts where customer_id = ${customerId} order by id`,
  );
  const disputed = await queryRows<{ currency: string; n: number; amount: string }>(
    db,
    sql`select currency, count(*)::int as n, sum(amount)::text as amount from disputes
        where customer_id = ${customerId} and status in ('open', 'investigating') group by currency order by currency`,
  );
  const [visit] = await queryRows<{
    id: string;
    starts_at: string | Date;
    time_zone: string;
    place: string;
    status: string;
  }>(
    db,
    sql`select id, starts_at, time_zone, place, status from visit_appointments
        where customer_id = ${customerId} and status in ('proposed', 'confirmed') and ends_at > ${now.toISOString()}::timestamptz
        order by starts_at, id limit 1`,
  );
  const balances: {
    currency: string;
    open: string;
    buckets: Record<string, string>;
    maxDaysPastDue: number;
    grade: string;
  }[] = [];
  await forEachAgingCustomer(database, { asOf, scope: { customerIds: [customerId] } }, (rows) => {
    for (const r of rows) {
      balances.push({
        currency: r.currency,
        open: money(r.openAmount, r.currency),
        buckets: Object.fromEntries(Object.entries(r.buckets).map(([k, v]) => [k, money(v, r.currency)])),
        maxDaysPastDue: r.maxDaysPastDue,
        grade: r.grade,
      });
    }
  });
  // Payment plans followed up live as of asOf (the daily run records the same statuses), and the limitation clock.
  const plans = await listPlanViews(db, { asOf, scope: { customerIds: [customerId] } });
  const limitation = await getCustomerLimitation(db, customerId, asOf);
  // Whether each plan's signed agreement came back (attached through src/attachments).
  const signed = new Map(
    (
      await queryRows<{ id: string; signed_at: string | Date | null; signed_by: string | null }>(
        db,
        sql`select id, signed_at, signed_by from payment_plans where customer_id = ${customerId} and signed_at is not null`,
      )
    ).map((r) => [Number(r.id), { signedAt: new Date(r.signed_at as string).toISOString(), signedBy: r.signed_by }]),
  );
  return {
    id: customerId,
    code: c?.code as string,
    name: c?.name as string,
    collector: (c?.collector as string | null) ?? null,
    debtorType: c?.debtor_type as string,
    country: (c?.country as string | null) ?? null,
    timeZone: (c?.time_zone as string | null) ?? null,
    paymentTermsDays: Number(c?.payment_terms_days),
    creditLimit:
      c?.credit_limit === null || c?.credit_limit === undefined
        ? null
        : money(c.credit_limit as string, String(c.credit_currency ?? "CNY")),
    creditCurrency: (c?.credit_currency as string | null)?.trim() || null,
    creditRating: (c?.credit_rating as string | null) ?? null,
    notes: (c?.notes as string | null) ?? null,
    /** For edits: send it back in If-Match. */
    version: Number(c?.version),
    flags: {
      creditHold: Boolean(c?.credit_hold),
      prepayOnly: Boolean(c?.prepay_only),
      legal: Boolean(c?.legal),
      doNotContact: Boolean(c?.do_not_contact),
      middleman: Boolean(c?.middleman),
      foreignTrade: Boolean(c?.foreign_trade),
    },
    asOf,
    balances,
    collection: state
      ? {
          grade: state.grade,
          cause: state.cause,
          causeConfidence: state.cause_confidence,
          causeSource: state.cause_source,
          causeEvidence: state.cause_evidence,
          causeRecheckOn: state.cause_recheck_on,
          // Since when the cause holds; who set it and why when a person did.
          causeSetBy: state.cause_source === "manual" ? (state.cause_set_by ?? null) : null,
          causeNote: state.cause_source === "manual" ? (state.cause_note ?? null) : null,
          causeSetOn: state.cause_since ?? null,
          playbook: state.playbook_id,
          playbookName: state.playbook_id
            ? ((await getSetting(db, "collection.playbooks")).playbooks.find((p) => p.id === state.playbook_id)?.name ??
              state.playbook_id)
            : null,
          variant: state.variant,
          step: state.step_index,
          pausedBy: state.stopped_by,
          asOf: state.as_of,
        }
      : null,
    contacts: contacts.map((k) => ({ ...k, id: Number(k.id) })),
    disputes: {
      open: disputed.reduce((n, d) => n + Number(d.n), 0),
      amounts: disputed.map((d) => ({ currency: d.currency.trim(), amount: money(d.amount, d.currency) })),
    },
    nextAppointment: visit
      ? {
          id: Number(visit.id),
          startsAt: new Date(visit.starts_at).toISOString(),
          timeZone: visit.time_zone,
          place: visit.place,
          status: visit.status,
        }
      : null,
    plans: plans.map((p) => ({ ...planViewJson(p), signedAt: null, signedBy: null, ...signed.get(p.planId) })),
    limitation,
  };
}

export async function getCustomerInvoices(
  database: Database,
  user: AuthUser,
  customerId: number,
  asOf: string,
  filter: "open" | "paid" | "disputed" | "all",
) {
  await visibleCustomerOrThrow(database.db, user, customerId);
  if (filter === "open") {
    const out: Record<string, unknown>[] = [];
    await forEachAgingInvoice(database, { asOf, scope: { customerIds: [customerId] } }, (rows) => {
      for (const r of rows) {
        out.push({
          id: r.invoiceId,
          number: r.invoiceNumber,
          issueDate: r.issueDate,
          dueDate: r.dueDate,
          currency: r.currency,
          amount: money(r.amount, r.currency),
          open: money(r.openAmount, r.currency),
          daysPastDue: r.daysPastDue,
          bucket: r.bucket,
        });
      }
    });
    return out;
  }
  const rows = await queryRows<Record<string, string | boolean | number>>(
    database.db,
    sql`select o.id, o.number, o.issue_date, o.due_date, o.currency, o.amount, o.open_amount, o.days_past_due, o.disputed
        from (${openItemsSql(asOf, { customerIds: [customerId] })}) o
        where ${filter === "paid" ? sql`o.open_amount = 0` : filter === "disputed" ? sql`o.disputed` : sql`true`}
        order by o.due_date, o.number`,
  );
  return rows.map((r) => ({
    id: Number(r.id),
    number: r.number,
    issueDate: r.issue_date,
    dueDate: r.due_date,
    currency: String(r.currency).trim(),
    amount: money(String(r.amount), String(r.currency)),
    open: money(String(r.open_amount), String(r.currency)),
    daysPastDue: Number(r.days_past_due),
    disputed: r.disputed,
  }));
}
