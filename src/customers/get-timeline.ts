// A customer's story, newest first: invoices issued, payments received, contacts, promises, plans (made, broken,
// completed), disputes (opened and closed), visit appointments (when booked), causes and tasks.
import { sql } from "drizzle-orm";
import { visibleCustomerOrThrow } from "../auth/access.ts";
import type { AuthUser } from "../auth/sessions.ts";
import type { Db } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";

export type TimelineEntry = { at: string; kind: string; title: string; detail: Record<string, unknown> };

export async function getTimeline(db: Db, user: AuthUser, customerId: number, limit = 200): Promise<TimelineEntry[]> {
  await visibleCustomerOrThrow(db, user, customerId);
  const rows = await queryRows<{
    at: string | Date;
    kind: string;
    title: string;
    detail: Record<string, unknown> | string;
  }>(
    db,
    sql`select * from (
      select issue_date::timestamptz as at, 'invoice' as kind, 'invoice ' || number as title,
        jsonb_build_object('number', number, 'amount', amount::text, 'currency', currency, 'dueDate', due_date) as detail
        from invoices where customer_id = ${customerId}
      union all
      select paid_on::timestamptz, 'payment', 'payment ' || reference,
        jsonb_build_object('reference', reference, 'amount', amount::text, 'currency', currency)
        from payments where customer_id = ${customerId}
      union all
      select at, 'interaction', channel || ': ' || outcome,
        jsonb_build_object('channel', channel, 'direction', direction, 'outcome', outcome, 'excuse', excuse, 'note', note, 'actor', actor)
        from interactions where customer_id = ${customerId}
      union all
      select created_at, 'promise', 'promise to pay by ' || promised_on,
        jsonb_build_object('amount', amount::text, 'currency', currency, 'promisedOn', promised_on, 'status', status)
        from promises where customer_id = ${customerId}
      union all
      select p.created_at, 'plan', 'payment plan of ' || p.total::text || ' ' || p.currency,
        jsonb_build_object('total', p.total::text, 'currency', p.currency, 'downPayment', p.down_payment::text,
          'status', p.status, 'terms', p.terms,
          'installments', (select jsonb_agg(jsonb_build_object('seq', i.seq, 'dueOn', i.due_on, 'amount', i.amount::text, 'status', i.status) order by i.seq)
                           from plan_installments i where i.plan_id = p.id))
        from payment_plans p where p.customer_id = ${customerId}
      union all
      -- A plan broken or completed by the follow-up (settle-plans.ts): dated the day it happened.
      select coalesce((a.after->>'on')::date::timestamptz, a.at), 'plan_' || (a.after->>'status'),
        'payment plan ' || (a.after->>'status'),
        jsonb_build_object('planId', a.object_id::bigint, 'status', a.after->>'status', 'on', a.after->>'on',
          'brokenBySeq', a.after->'brokenBySeq', 'paid', a.after->>'paid', 'open', a.after->>'open')
        from audit_log a where a.customer_id = ${customerId} and a.action in ('plan.broken', 'plan.completed')
      union all
      select d.created_at, 'dispute', 'dispute (' || d.category || ') on invoice ' || i.number,
        jsonb_build_object('id', d.id, 'invoice', i.number, 'category', d.category, 'amount', d.amount::text,
          'currency', d.currency, 'status', d.status, 'description', d.description, 'escalated', d.escalated)
        from disputes d join invoices i on i.id = d.invoice_id where d.customer_id = ${customerId}
      union all
      select d.closed_at, 'dispute_closed', 'dispute ' || d.status || ' on invoice ' || i.number,
        jsonb_build_object('id', d.id, 'invoice', i.number, 'status', d.status, 'resolution', d.resolution,
          'note', d.resolution_note, 'creditedAmount', d.credited_amount::text, 'currency', d.currency)
        from disputes d join invoices i on i.id = d.invoice_id where d.customer_id = ${customerId} and d.closed_at is not null
      union all
      select created_at, 'appointment', 'visit ' || status || ' for ' || to_char(starts_at at time zone time_zone, 'YYYY-MM-DD HH24:MI'),
        jsonb_build_object('id', id, 'startsAt', starts_at, 'timeZone', time_zone, 'place', place, 'agenda', agenda,
          'status', status, 'attendees', attendees)
        from visit_appointments where customer_id = ${customerId}
      union all
      select created_at, 'cause', 'cause: ' || cause,
        jsonb_build_object('cause', cause, 'source', source, 'confidence', confidence, 'note', note, 'setBy', set_by, 'evidence', evidence)
        from cause_history where customer_id = ${customerId}
      union all
      select created_at, 'task', 'task: ' || action,
        jsonb_build_object('action', action, 'channel', channel, 'status', status, 'priority', priority)
        from tasks where customer_id = ${customerId}
    ) t order by at desc limit ${Math.min(limit, 1000)}`,
  );
  return rows.map((r) => ({
    at: new Date(r.at).toISOString(),
    kind: r.kind,
    title: r.title,
    detail: typeof r.detail === "string" ? (JSON.parse(r.detail) as Record<string, unknown>) : r.detail,
  }));
}
