// The collectors a user may filter the customer list by and assign customers to: an admin (and finance, who only
// reads) all active collectors, a manager those of their team, a collector those whose customers they see.
import { sql } from "drizzle-orm";
import { customerScope } from "../auth/access.ts";
import type { AuthUser } from "../auth/sessions.ts";
import type { Db } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";

export type CollectorItem = { login: string; name: string; team: string | null };

export async function listCollectors(db: Db, user: AuthUser): Promise<CollectorItem[]> {
  const which =
    user.role === "admin" || user.role === "finance"
      ? sql`true`
      : user.role === "manager"
        ? user.team === null
          ? sql`false`
          : sql`u.team = ${user.team}`
        : sql`(u.id = ${user.id} or exists (select 1 from customers c where c.collector_id = u.id and ${customerScope(user)}))`;
  return queryRows<CollectorItem>(
    db,
    sql`select u.login, u.name, u.team from users u where u.role = 'collector' and u.active and ${which}
        order by u.team nulls last, u.name, u.login`,
  );
}
