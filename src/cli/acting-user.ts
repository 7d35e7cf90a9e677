// Commands that record work for a person (`--as LOGIN`) act as that user: the same portfolio bounds as in the web
// app, so a collector's terminal reaches only their customers, and the audit rows name them.
import { sql } from "drizzle-orm";
import { visibleCustomerOrThrow } from "../auth/access.ts";
import type { AuthUser } from "../auth/sessions.ts";
import type { Database } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { AppError, msg } from "../errors/app-error.ts";

export async function actingUser(database: Database, login: string): Promise<AuthUser> {
  const [u] = await queryRows<{ id: string; login: string; name: string; role: AuthUser["role"]; team: string | null }>(
    database.db,
    sql`select id, login, name, role, team from users where login = ${login} and active`,
  );
  if (!u) throw new AppError("not_found", msg`--as: no active user "${login}"`);
  return { ...u, id: Number(u.id) };
}

/** The id of the customer with this code, if the user may see it (else "not found", as for a missing one). */
export async function visibleCustomerId(database: Database, user: AuthUser, code: string): Promise<number> {
  const [c] = await queryRows<{ id: string }>(database.db, sql`select id from customers where code = ${code}`);
  if (!c) throw new AppError("not_found", msg`no customer with code "${code}"`);
  await visibleCustomerOrThrow(database.db, user, Number(c.id));
  return Number(c.id);
}
