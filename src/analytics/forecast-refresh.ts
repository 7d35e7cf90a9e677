// Asking for the payment forecast to be retrained: the daily run does it when it is done, in its last transaction.
// A module of its own so that the run does not load the forecast's code to write one row (forecast-store.ts does
// the work, in the server's scheduler or \`huikuan worker\`).
import { sql } from "drizzle-orm";
import type { IsoDate } from "../calendar/calendar-date.ts";
import type { Db } from "../db/database.ts";

/** Asks for the forecast as of `asOf` (the daily run does, in the transaction that marks it done). */
export async function requestForecastRefresh(db: Db, asOf: IsoDate, at: Date): Promise<void> {
  await db.execute(sql`insert into forecast_refreshes (as_of, status, requested_at)
    values (${asOf}::date, 'pending', ${at.toISOString()}::timestamptz)
    on conflict (as_of) do update set status = 'pending', requested_at = excluded.requested_at, error = null
    where forecast_refreshes.status <> 'running'`);
}
