// A customer's story, newest first: invoices issued, payments received, contacts, the contact gate's decisions,
// messages sent, promises, plans (made, broken, completed), disputes (opened and closed), visit appointments (when
// booked), attachments (a plan's signed agreement), confirmed statements, portal actions, causes and tasks. Paginated by a keyset
// cursor: each entry carries `cursor`; `before` (a cursor, or an instant) returns the entries strictly older. Every
// source is cut at the page size before the merge, so a first page reads a page from each source's index, however
// long the story.
import { type SQL, sql } from "drizzle-orm";
import { visibleCustomerOrThrow } from "../auth/access.ts";
import type { AuthUser } from "../auth/sessions.ts";
import type { Db } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { AppError, msg } from "../errors/app-error.ts";

export type TimelineEntry = {
  at: string;
  kind: string;
  title: string;
  detail: Record<string, unknown>;
  /** Pass as `before` to get the entries older than this one. */
  cursor: string;
};

/** (instant, kind, id): the order of the timeline, newest first; ties at one instant broken by kind and id. */
type Position = { at: string; kind: string; id: number };

/** `before` is a cursor from an entry ("<ISO instant>~<kind>~<id>") or a bare instant (everything earlier). */
export function parseBefore(before: string | undefined): Position | null {
  if (before === undefined || before === "") return null;
  const [at, kind, id] = before.split("~");
  const ms = Date.parse(at ?? "");
  if (Number.isNaN(ms)) throw new AppError("invalid_input", msg`before: "${before}" is not a cursor or an instant`);
  if (kind === undefined) return { at: new Date(ms).toISOString(), kind: "", id: 0 };
  if (!/^[a-z_]+$/.test(kind) || !/^\d{1,18}$/.test(id ?? "")) {
    throw new AppError("invalid_input", msg`before: "${before}" is not a cursor from this timeline`);
  }
  return { at: new Date(ms).toISOString(), kind, id: Number(id) };
}

type Source = { kind: string; at: SQL; id: SQL; title: SQL; detail: SQL; from: SQL };

function sources(customerId: number): Source[] {
  return [
    {
      kind: "invoice",
      at: sql`issue_date::timestamptz`,
      id: sql`id`,
      title: sql`'invoice ' || number`,
      detail: sql`jsonb_build_object('number', number, 'amount', amount::text, 'currency', currency, 'dueDate', due_date)`,
      from: sql`invoices where customer_id = ${customerId}`,
    },
    {
      kind: "payment",
      at: sql`paid_on::timestamptz`,
      id: sql`id`,
      title: sql`'payment ' || reference || coalesce(' (reversed on ' || reversed_on || ': ' || reversal_reason || ')', '')`,
      detail: sql`jsonb_build_object('id', id, 'reference', reference, 'amount', amount::text, 'currency', currency,
        'reversedOn', reversed_on, 'reversalReason', reversal_reason, 'reversedBy', reversed_by)`,
      from: sql`payments where customer_id = ${customerId}`,
    },
    {
      kind: "interaction",
      at: sql`at`,
      id: sql`id`,
      title: sql`channel || ': ' || outcome`,
      detail: sql`jsonb_build_object('channel', channel, 'direction', direction, 'outcome', outcome, 'excuse', excuse,
        'note', note, 'actor', actor)`,
      from: sql`interactions where customer_id = ${customerId}`,
    },
    {
      // The gate's decisions on attempts that did not become a contact (blocked, warned and dropped, released).
      kind: "gate",
      at: sql`at`,
      id: sql`id`,
      title: sql`'contact gate: ' || verdict || ' (' || channel || ')'`,
      detail: sql`jsonb_build_object('channel', channel, 'verdict', verdict, 'status', status, 'rule', rule,
        'reason', reason, 'overrideReason', override_reason, 'actor', actor, 'automated', automated)`,
      from: sql`contact_attempts where customer_id = ${customerId} and (verdict <> 'allow' or status <> 'made')`,
    },
    {
      kind: "message",
      at: sql`created_at`,
      id: sql`id`,
      title: sql`channel || ' message ' || status`,
      detail: sql`jsonb_build_object('channel', channel, 'status', status, 'subject', subject, 'language', language,
        'automated', automated, 'attempts', attempts)`,
      // Notices to our own users about the customer (visit reminders) are not messages to the customer.
      from: sql`outbox_messages where customer_id = ${customerId} and recipient_user_id is null`,
    },
    {
      kind: "promise",
      at: sql`created_at`,
      id: sql`id`,
      title: sql`'promise to pay by ' || promised_on`,
      detail: sql`jsonb_build_object('amount', amount::text, 'currency', currency, 'promisedOn', promised_on, 'status', status)`,
      from: sql`promises where customer_id = ${customerId}`,
    },
    {
      kind: "plan",
      at: sql`p.created_at`,
      id: sql`p.id`,
      title: sql`'payment plan of ' || p.total::text || ' ' || p.currency`,
      detail: sql`jsonb_build_object('total', p.total::text, 'currency', p.currency, 'downPayment', p.down_payment::text,
        'status', p.status, 'terms', p.terms,
        'installments', (select jsonb_agg(jsonb_build_object('seq', i.seq, 'dueOn', i.due_on, 'amount', i.amount::text,
          'status', i.status) order by i.seq) from plan_installments i where i.plan_id = p.id))`,
      from: sql`payment_plans p where p.customer_id = ${customerId}`,
    },
    {
      // A plan broken or completed by the follow-up (settle-plans.ts): dated the day it happened.
      kind: "plan_event",
      at: sql`coalesce((a.after->>'on')::date::timestamptz, a.at)`,
      id: sql`a.id`,
      title: sql`'payment plan ' || (a.after->>'status')`,
      detail: sql`jsonb_build_object('planId', a.object_id::bigint, 'status', a.after->>'status', 'on', a.after->>'on',
        'brokenBySeq', a.after->'brokenBySeq', 'paid', a.after->>'paid', 'open', a.after->>'open')`,
      from: sql`audit_log a where a.customer_id = ${customerId} and a.action in ('plan.broken', 'plan.completed')`,
    },
    {
      kind: "dispute",
      at: sql`d.created_at`,
      id: sql`d.id`,
      title: sql`'dispute (' || d.category || ') on invoice ' || i.number`,
      detail: sql`jsonb_build_object('id', d.id, 'invoice', i.number, 'category', d.category, 'amount', d.amount::text,
        'currency', d.currency, 'status', d.status, 'description', d.description, 'escalated', d.escalated)`,
      from: sql`disputes d join invoices i on i.id = d.invoice_id where d.customer_id = ${customerId}`,
    },
    {
      kind: "dispute_closed",
      at: sql`d.closed_at`,
      id: sql`d.id`,
      title: sql`'dispute ' || d.status || ' on invoice ' || i.number`,
      detail: sql`jsonb_build_object('id', d.id, 'invoice', i.number, 'status', d.status, 'resolution', d.resolution,
        'note', d.resolution_note, 'creditedAmount', d.credited_amount::text, 'currency', d.currency)`,
      from: sql`disputes d join invoices i on i.id = d.invoice_id where d.customer_id = ${customerId}
        and d.closed_at is not null`,
    },
    {
      kind: "appointment",
      at: sql`created_at`,
      id: sql`id`,
      title: sql`'visit ' || status || ' for ' || to_char(starts_at at time zone time_zone, 'YYYY-MM-DD HH24:MI')`,
      detail: sql`jsonb_build_object('id', id, 'startsAt', starts_at, 'timeZone', time_zone, 'place', place,
        'agenda', agenda, 'status', status, 'attendees', attendees)`,
      from: sql`visit_appointments where customer_id = ${customerId}`,
    },
    {
      // Files attached to its disputes, plans and statement confirmations; a plan's signed agreement says so.
      kind: "attachment",
      at: sql`uploaded_at`,
      id: sql`id`,
      title: sql`case when purpose = 'signed_agreement' then 'signed agreement attached to payment plan ' || owner_id
        when purpose = 'signed_confirmation' then 'signed balance confirmation attached: ' || file_name
        else 'attachment ' || file_name || ' on ' || replace(owner_type, '_', ' ') || ' ' || owner_id end`,
      detail: sql`jsonb_build_object('id', id, 'ownerType', owner_type, 'ownerId', owner_id, 'purpose', purpose,
        'fileName', file_name, 'mediaType', media_type, 'size', size, 'removed', removed_at is not null)`,
      from: sql`attachments where customer_id = ${customerId}`,
    },
    {
      // A statement of account whose balance the customer confirmed in writing (record-statement-confirmation.ts).
      kind: "statement_confirmed",
      at: sql`confirmed_on::timestamptz`,
      id: sql`id`,
      title: sql`'statement confirmed: ' || confirmed_balance::text || ' ' || currency || ' signed by ' || signed_by`,
      detail: sql`jsonb_build_object('id', id, 'confirmedOn', confirmed_on, 'currency', currency,
        'confirmedBalance', confirmed_balance::text, 'ledgerBalance', ledger_balance::text, 'signedBy', signed_by,
        'note', note, 'recordedBy', recorded_by)`,
      from: sql`statement_confirmations where customer_id = ${customerId}`,
    },
    {
      // What the customer's contact did on the portal (src/portal): confirmed, disputed, promised, proposed.
      kind: "portal",
      at: sql`at`,
      id: sql`id`,
      title: sql`'portal: ' || replace(kind, '_', ' ')`,
      detail: sql`jsonb_build_object('action', kind, 'linkId', link_id, 'objectType', object_type, 'objectId', object_id)
        || detail`,
      from: sql`portal_actions where customer_id = ${customerId}`,
    },
    {
      // The causes the customer had before (each with the day another replaced it)...
      kind: "cause",
      at: sql`created_at`,
      id: sql`id`,
      title: sql`'cause: ' || cause`,
      detail: sql`jsonb_build_object('cause', cause, 'source', source, 'confidence', confidence, 'note', note,
        'setBy', set_by, 'evidence', evidence, 'endedOn', ended_on)`,
      from: sql`cause_history where customer_id = ${customerId}`,
    },
    {
      // ...and the current one, on its state (id 0: history ids start at 1).
      kind: "cause",
      at: sql`cause_set_at`,
      id: sql`0`,
      title: sql`'cause: ' || cause`,
      detail: sql`jsonb_build_object('cause', cause, 'source', cause_source, 'confidence', cause_confidence,
        'note', cause_note, 'setBy', cause_set_by, 'evidence', cause_evidence, 'endedOn', null)`,
      from: sql`collection_states where customer_id = ${customerId} and cause is not null`,
    },
    {
      kind: "task",
      at: sql`created_at`,
      id: sql`id`,
      title: sql`'task: ' || action`,
      detail: sql`jsonb_build_object('action', action, 'channel', channel, 'status', status, 'priority', priority)`,
      from: sql`tasks where customer_id = ${customerId}`,
    },
  ];
}

/** Plan-broken/completed entries keep their old kind names for readers: plan_broken, plan_completed. */
const kindOf = (kind: string, detail: Record<string, unknown>) =>
  kind === "plan_event" ? `plan_${String(detail.status)}` : kind;

export async function getTimeline(
  db: Db,
  user: AuthUser,
  customerId: number,
  options: { limit?: number; before?: string } | number = {},
): Promise<TimelineEntry[]> {
  const { limit: wanted = 200, before } = typeof options === "number" ? { limit: options } : options;
  const limit = Math.max(1, Math.min(wanted, 1000));
  const after = parseBefore(before);
  await visibleCustomerOrThrow(db, user, customerId);
  const branches = sources(customerId).map((s) => {
    // Strictly older than the cursor in (at, kind, id) order, compared in SQL as a row.
    const older = after
      ? sql`and (${s.at}, ${s.kind}::text, ${s.id}) < (${after.at}::timestamptz, ${after.kind}::text, ${after.id}::bigint)`
      : sql``;
    return sql`(select ${s.at} as at, ${s.kind}::text as kind, ${s.id}::bigint as id, ${s.title} as title,
        ${s.detail} as detail from ${s.from} ${older} order by 1 desc, 3 desc limit ${limit})`;
  });
  const rows = await queryRows<{
    at: string | Date;
    kind: string;
    id: string;
    title: string;
    detail: Record<string, unknown> | string;
  }>(
    db,
    sql`select * from (${sql.join(branches, sql` union all `)}) t
      where t.at is not null order by t.at desc, t.kind desc, t.id desc limit ${limit}`,
  );
  return rows.map((r) => {
    const at = new Date(r.at).toISOString();
    const detail = typeof r.detail === "string" ? (JSON.parse(r.detail) as Record<string, unknown>) : r.detail;
    return { at, kind: kindOf(r.kind, detail), title: r.title, detail, cursor: `${at}~${r.kind}~${r.id}` };
  });
}
