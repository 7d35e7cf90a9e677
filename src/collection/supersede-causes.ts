// A cause replaced (by the rules in the daily run, or by a person) goes from the customer's state into the cause
// history as the state had it, ended on the given day: copied in the server, so the evidence is not sent or parsed
// twice. Called before the state takes the new cause, in the same transaction.
import { sql } from "drizzle-orm";
import type { IsoDate } from "../calendar/calendar-date.ts";
import type { Db } from "../db/database.ts";

export async function supersedeCauses(
  db: Db,
  input: {
    customerIds: readonly number[];
    endedOn: IsoDate;
    /** For a state written before migration 0027, which did not say who gave its cause or when. */
    setBy: string;
    at: Date;
  },
): Promise<void> {
  if (!input.customerIds.length) return;
  await db.execute(sql`insert into cause_history (customer_id, cause, confidence, source, evidence, note, recheck_on,
      set_by, as_of, ended_on, created_at)
    select customer_id, cause, coalesce(cause_confidence, 0), coalesce(cause_source, 'rule'), coalesce(cause_evidence, '[]'),
      cause_note, cause_recheck_on, coalesce(cause_set_by, ${input.setBy}), coalesce(cause_since, as_of),
      ${input.endedOn}::date, coalesce(cause_set_at, ${input.at.toISOString()}::timestamptz)
    from collection_states
    where customer_id = any(${`{${input.customerIds.join(",")}}`}::bigint[]) and cause is not null
    order by customer_id`);
}
