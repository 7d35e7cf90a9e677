// Opening the database for any entry point: connect (PGlite or PostgreSQL, from the environment) and migrate.
import { dateInZone } from "../calendar/calendar-date.ts";
import { connect, connectOptionsFromEnv } from "../db/connect.ts";
import type { Database, Db } from "../db/database.ts";
import { migrate } from "../db/migrate.ts";
import { getSetting } from "../settings/settings.ts";

export async function openDatabase(env: NodeJS.ProcessEnv = process.env): Promise<Database> {
  const database = await connect(connectOptionsFromEnv(env));
  try {
    await migrate(database);
  } catch (e) {
    await database.close();
    throw e;
  }
  return database;
}

/** Today's date in the company's time zone (settings "company"). */
export async function companyToday(db: Db, now: Date): Promise<string> {
  const company = await getSetting(db, "company");
  return dateInZone(now, company.timeZone);
}
