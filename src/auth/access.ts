// Who sees which customers: the one authorization rule every path that takes a customer goes through.
// A collector sees the customers assigned to them, and their teammates' when their team shares its portfolio (the
// `access` setting's sharedTeams); a manager those of their team's collectors and the unassigned ones; admins and
// finance (read-only) see all. Someone else's customer answers exactly like a missing one.
import { type SQL, sql } from "drizzle-orm";
import type { Db } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { AppError, msg, term } from "../errors/app-error.ts";
import type { AuthUser } from "./sessions.ts";

/** A condition on the customers table (by its alias) that keeps the rows `user` may see. */
export function customerScope(user: AuthUser, alias = "c"): SQL {
  const col = sql.raw(`${alias}.collector_id`);
  switch (user.role) {
    case "admin":
    case "finance":
      return sql`true`;
    case "manager":
      return user.team
        ? sql`(${col} is null or ${col} in (select id from users where team = ${user.team}))`
        : sql`${col} is null`;
    case "collector":
      if (!user.team) return sql`${col} = ${user.id}`;
      // Read from the setting in the same statement, so a change applies to the next request of every process.
      // One "in (small list of users)", so the index on collector_id still serves it.
      return sql`${col} in (select u.id from users u where u.id = ${user.id} or (u.team = ${user.team}
        and exists (select 1 from settings s where s.key = 'access' and s.value->'sharedTeams' ? ${user.team})))`;
  }
}

/** Throws not_found unless the customer exists and `user` may see it. */
export async function visibleCustomerOrThrow(db: Db, user: AuthUser, customerId: number): Promise<void> {
  if (!Number.isSafeInteger(customerId) || customerId <= 0) throw new AppError("not_found", msg`no such customer`);
  const [row] = await queryRows<{ ok: boolean }>(
    db,
    sql`select true as ok from customers c where c.id = ${customerId} and ${customerScope(user)}`,
  );
  if (!row) throw new AppError("not_found", msg`no such customer`);
}

/** Finance reads the ledger but changes nothing in collection; some actions are for managers and admins only. */
export function requireRole(user: AuthUser, roles: readonly AuthUser["role"][], what: string): void {
  if (!roles.includes(user.role))
    throw new AppError("forbidden", msg`${term(what)} is not open to the ${term(user.role)} role`);
}
