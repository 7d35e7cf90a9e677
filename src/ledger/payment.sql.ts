// Which payments count as of a date. A reversed payment (a bounced cheque, a transfer booked twice) counts on the
// dates before its reversal and not from that day on; its allocations follow it, since they are always read joined to
// their payment.
import { type SQL, sql } from "drizzle-orm";

/** `(p.reversed_on is null or p.reversed_on > asOf)` for the payments alias `p` and the date expression `asOf`. */
export function paymentStands(alias: string, asOf: SQL): SQL {
  return sql`(${sql.raw(alias)}.reversed_on is null or ${sql.raw(alias)}.reversed_on > ${asOf})`;
}
