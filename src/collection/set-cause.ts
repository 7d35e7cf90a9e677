// A collector or manager sets a customer's cause of lateness by hand, with a note; it holds until its re-check date,
// when the rules take over again. The cause it replaces goes into the cause history; with the audit log, in one
// transaction.
import { sql } from "drizzle-orm";
import { appendAudit } from "../audit/append-audit.ts";
import { addDays, dateInZone, type IsoDate, isIsoDate } from "../calendar/calendar-date.ts";
import type { Database } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { AppError, msg } from "../errors/app-error.ts";
import { getSetting } from "../settings/settings.ts";
import { MANUAL_CAUSE_RECHECK_DAYS } from "./cause.rules.ts";
import { CAUSES, type Cause } from "./collection.enums.ts";
import { supersedeCauses } from "./supersede-causes.ts";

export type SetCauseInput = {
  /** By id (the API) or by code (the CLI). */
  customerId?: number;
  customerCode?: string;
  cause: string;
  note: string;
  recheckOn?: IsoDate;
  actor: string;
};
export type SetCauseResult = { customerId: number; cause: Cause; previous: Cause | null; recheckOn: IsoDate };

export async function setCause(
  deps: { database: Database; now: () => Date },
  input: SetCauseInput,
): Promise<SetCauseResult> {
  if (!(CAUSES as readonly string[]).includes(input.cause)) {
    throw new AppError("invalid_input", msg`unknown cause "${input.cause}" (one of ${CAUSES.join(", ")})`);
  }
  const note = input.note?.trim() ?? "";
  if (!note) throw new AppError("invalid_input", msg`a cause set by hand needs a note saying why`);
  const company = await getSetting(deps.database.db, "company");
  const today = dateInZone(deps.now(), company.timeZone);
  const recheckOn = input.recheckOn ?? addDays(today, MANUAL_CAUSE_RECHECK_DAYS);
  if (!isIsoDate(recheckOn)) throw new AppError("invalid_input", msg`re-check date "${recheckOn}" is not a date`);
  if (recheckOn <= today) throw new AppError("invalid_input", msg`the re-check date must be after today (${today})`);
  const cause = input.cause as Cause;
  return deps.database.transaction(async (conn) => {
    const [customer] = await queryRows<{ id: string; code: string; cause: Cause | null }>(
      conn.db,
      sql`select c.id, c.code, s.cause from customers c left join collection_states s on s.customer_id = c.id
          where ${input.customerId !== undefined ? sql`c.id = ${input.customerId}` : sql`c.code = ${input.customerCode ?? ""}`}
          for update of c`,
    );
    if (!customer) throw new AppError("not_found", msg`no customer "${input.customerCode ?? input.customerId}"`);
    const evidence = [{ signal: "manual", detail: `set by ${input.actor}: ${note}` }];
    const now = deps.now();
    const at = now.toISOString();
    // The cause it had goes into the history, ended today; the new one is the state's.
    await supersedeCauses(conn.db, { customerIds: [Number(customer.id)], endedOn: today, setBy: "", at: now });
    await conn.db.execute(sql`insert into collection_states (customer_id, as_of, currency, balance, overdue,
        days_past_due, grade, cause, cause_confidence, cause_source, cause_evidence, cause_recheck_on, cause_since,
        cause_set_at, cause_set_by, cause_note)
      values (${customer.id}, ${today}::date, ${company.currency}, 0, 0, 0, 'current', ${cause}, 1, 'manual',
        ${JSON.stringify(evidence)}::jsonb, ${recheckOn}::date, ${today}::date, ${at}::timestamptz, ${input.actor},
        ${note})
      on conflict (customer_id) do update set cause = excluded.cause, cause_confidence = 1, cause_source = 'manual',
        cause_evidence = excluded.cause_evidence, cause_recheck_on = excluded.cause_recheck_on,
        cause_since = excluded.cause_since, cause_set_at = excluded.cause_set_at, cause_set_by = excluded.cause_set_by,
        cause_note = excluded.cause_note, updated_at = now()`);
    await appendAudit(conn.db, {
      at: deps.now(),
      actor: input.actor,
      action: "cause.set",
      objectType: "customer",
      objectId: customer.code,
      customerId: Number(customer.id),
      before: { cause: customer.cause },
      after: { cause, recheckOn },
      reason: note,
    });
    return { customerId: Number(customer.id), cause, previous: customer.cause, recheckOn };
  });
}
