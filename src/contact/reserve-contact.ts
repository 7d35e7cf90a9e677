// The contact gate's service: every contact path (logging a call, sending a message, a bulk run, the API) asks here
// before it contacts anyone. It gathers what the pure rule needs, decides, and records the decision. An allowed
// attempt is reserved in the same transaction, under a lock per contact, so two collectors (or a collector and the
// scheduler) racing for the last allowed slot cannot both get it.
import { sql } from "drizzle-orm";
import { appendAudit } from "../audit/append-audit.ts";
import { CONNECTED_OUTCOMES } from "../collection/collection.enums.ts";
import type { Database } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { AppError, msg } from "../errors/app-error.ts";
import type { Channel, DebtorType } from "../ledger/ledger.schema.ts";
import { getSetting } from "../settings/settings.ts";
import { decideContact, type GateContactRole, type GateDecision, selectPolicy } from "./gate.rules.ts";

export type ReserveInput = {
  customerId: number;
  contactId: number | null;
  channel: Channel;
  /** The phone number or address used; defaults to the contact's first one for the channel. */
  address?: string | null;
  direction?: "outbound" | "inbound";
  automated?: boolean;
  /** A warned attempt goes ahead only with a reason. */
  overrideReason?: string | null;
  invoiceDisputed?: boolean;
  callbackAgreed?: boolean;
  taskId?: number | null;
  actor: string;
};
export type ReserveResult = {
  /** True when the attempt is reserved and may go ahead now. */
  reserved: boolean;
  attemptId: number;
  decision: GateDecision;
};

const LOCK_BASE = 7_500_000_000;
const REMINDER_CHANNELS: Channel[] = ["sms", "email", "letter", "wechat"];

export async function reserveContact(
  deps: { database: Database; now: () => Date },
  input: ReserveInput,
): Promise<ReserveResult> {
  const now = deps.now();
  return deps.database.transaction(async (conn) => {
    const db = conn.db;
    // One contact (or, without one, one customer) at a time: the count and the reservation are one step.
    const lockKey = LOCK_BASE + (input.contactId ?? -input.customerId);
    await db.execute(sql`select pg_advisory_xact_lock(${lockKey}::bigint)`);
    const [customer] = await queryRows<{
      debtor_type: DebtorType;
      time_zone: string | null;
      country: string | null;
      do_not_contact: boolean;
    }>(db, sql`select debtor_type, time_zone, country, do_not_contact from customers where id = ${input.customerId}`);
    if (!customer) throw new AppError("not_found", msg`no customer ${input.customerId}`);
    type ContactRow = {
      time_zone: string | null;
      role: GateContactRole;
      phones: string[] | string;
      emails: string[] | string;
      opt_out_call: boolean;
      opt_out_sms: boolean;
      opt_out_email: boolean;
    };
    let contact: ContactRow | undefined;
    if (input.contactId !== null) {
      [contact] = await queryRows<ContactRow>(
        db,
        sql`select time_zone, role, phones, emails, opt_out_call, opt_out_sms, opt_out_email from contacts
            where id = ${input.contactId} and customer_id = ${input.customerId}`,
      );
      if (!contact) throw new AppError("not_found", msg`no contact ${input.contactId} for this customer`);
    }
    const list = (v: string[] | string | undefined) =>
      Array.isArray(v)
        ? v
        : typeof v === "string"
          ? v
              .replace(/^\{|\}$/g, "")
              .split(",")
              .filter(Boolean)
          : [];
    const address =
      input.address ?? (input.channel === "email" ? list(contact?.emails)[0] : list(contact?.phones)[0]) ?? null;
    const policies = await getSetting(db, "contact.policies");
    const [version] = await queryRows<{ version: number }>(
      db,
      sql`select version from settings where key = 'contact.policies'`,
    );
    const policy = selectPolicy(policies, customer.country, customer.debtor_type);

    const since = new Date(now.getTime() - 8 * 86_400_000).toISOString();
    const contactFilter = input.contactId !== null ? sql`contact_id = ${input.contactId}` : sql`contact_id is null`;
    const calls = await queryRows<{ at: string | Date; address: string | null }>(
      db,
      sql`select at, address from contact_attempts where customer_id = ${input.customerId} and ${contactFilter}
          and channel = 'call' and direction = 'outbound' and status in ('reserved', 'made') and at > ${since}::timestamptz`,
    );
    const [conversation] = await queryRows<{ at: string | Date | null }>(
      db,
      sql`select max(at) as at from interactions where customer_id = ${input.customerId} and ${contactFilter}
          and outcome in (${sql.raw(CONNECTED_OUTCOMES.map((o) => `'${o}'`).join(", "))})`,
    );
    const reminders = await queryRows<{ at: string | Date; answered: boolean }>(
      db,
      sql`select a.at, exists (select 1 from interactions i where i.customer_id = a.customer_id and i.at > a.at
            and (i.direction = 'inbound' or i.outcome in (${sql.raw(CONNECTED_OUTCOMES.map((o) => `'${o}'`).join(", "))}))) as answered
          from contact_attempts a where a.customer_id = ${input.customerId}
            and a.channel in (${sql.raw(REMINDER_CHANNELS.map((c) => `'${c}'`).join(", "))})
            and a.status in ('reserved', 'made') and a.at > ${new Date(now.getTime() - 30 * 86_400_000).toISOString()}::timestamptz
          order by a.at desc limit 10`,
    );
    const optedOut =
      input.channel === "call"
        ? contact?.opt_out_call
        : input.channel === "sms"
          ? contact?.opt_out_sms
          : input.channel === "email"
            ? contact?.opt_out_email
            : false;
    const decision = decideContact(
      policy,
      {
        channel: input.channel,
        direction: input.direction ?? "outbound",
        automated: input.automated ?? false,
        debtorType: customer.debtor_type,
        contactTimeZone: contact?.time_zone ?? null,
        customerTimeZone: customer.time_zone,
        phone: input.channel === "call" || input.channel === "sms" ? address : null,
        contactRole: contact?.role ?? null,
        flags: { doNotContact: customer.do_not_contact },
        optedOut: optedOut ?? false,
        invoiceDisputed: input.invoiceDisputed ?? false,
        callbackAgreed: input.callbackAgreed ?? false,
      },
      {
        calls: calls.map((c) => ({ at: new Date(c.at), phone: c.address })),
        lastConversationAt: conversation?.at ? new Date(conversation.at) : null,
        reminders: reminders.map((r) => ({ at: new Date(r.at), answered: r.answered })),
      },
      now,
    );
    const override = input.overrideReason?.trim() || null;
    const reserved = decision.verdict === "allow" || (decision.verdict === "warn" && override !== null);
    const [row] = await queryRows<{ id: string }>(
      db,
      sql`insert into contact_attempts (customer_id, contact_id, channel, address, direction, automated, at, status,
            verdict, rule, reason, override_reason, policy_version, actor, task_id)
          values (${input.customerId}, ${input.contactId}, ${input.channel}, ${address}, ${input.direction ?? "outbound"},
            ${input.automated ?? false}, ${now.toISOString()}::timestamptz, ${reserved ? "reserved" : "refused"},
            ${decision.verdict}, ${decision.rule},
            ${decision.verdict === "warn" && !override ? `${decision.reason} (a reason is needed to go ahead)` : decision.reason},
            ${override}, ${version?.version ?? policy.version}, ${input.actor}, ${input.taskId ?? null})
          returning id`,
    );
    if (reserved && decision.verdict === "warn") {
      await appendAudit(db, {
        at: now,
        actor: input.actor,
        action: "contact.override",
        objectType: "contact_attempt",
        objectId: String(row?.id),
        customerId: input.customerId,
        after: { rule: decision.rule, reason: decision.reason },
        reason: override,
      });
    }
    return { reserved, attemptId: Number(row?.id), decision };
  });
}
