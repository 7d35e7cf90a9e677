// Accounts: add, change a password, disable, change name, role, team and email, list. Every change is audited; a
// password change, a disabled account or a changed role ends the user's sessions at once.
import { sql } from "drizzle-orm";
import { appendAudit } from "../audit/append-audit.ts";
import type { Database, Db } from "../db/database.ts";
import { pgErrorCode, UNIQUE_VIOLATION } from "../db/pg-error.ts";
import { queryRows } from "../db/query-rows.ts";
import { AppError, msg } from "../errors/app-error.ts";
import { hashPassword } from "./password.ts";
import { passwordProblems } from "./password-policy.ts";
import { endSessions } from "./sessions.ts";
import { USER_ROLES, type UserRole } from "./users.schema.ts";

type Deps = { database: Database; now: () => Date };
export type UserRow = { id: number; login: string; name: string; role: UserRole; team: string | null; active: boolean };
export type UserListRow = UserRow & { email: string | null };

const LOGIN = /^[a-z0-9][a-z0-9._-]{1,39}$/i;

function checkedEmail(value: string | null | undefined): string | null {
  const email = value?.trim() || null;
  if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
    throw new AppError("invalid_input", msg`email "${email}": expected an address such as wang@example.com`);
  }
  return email;
}

function checkPassword(password: string, login: string) {
  const problems = passwordProblems(password, login);
  if (problems.length) throw new AppError("invalid_input", problems.join("; "), problems);
}

export async function addUser(
  deps: Deps,
  input: { login: string; name: string; role: string; team?: string | null; password: string; email?: string | null },
  actor: string,
): Promise<UserListRow> {
  if (!LOGIN.test(input.login)) {
    throw new AppError(
      "invalid_input",
      msg`login "${input.login}": 2-40 of letters, digits, . _ - (starting with a letter or digit)`,
    );
  }
  if (!(USER_ROLES as readonly string[]).includes(input.role)) {
    throw new AppError("invalid_input", msg`role "${input.role}": one of ${USER_ROLES.join(", ")}`);
  }
  if (!input.name.trim()) throw new AppError("invalid_input", msg`a user needs a name`);
  const email = checkedEmail(input.email);
  checkPassword(input.password, input.login);
  const hash = await hashPassword(input.password);
  return deps.database.transaction(async (conn) => {
    let row: UserListRow | undefined;
    try {
      [row] = await queryRows<UserListRow>(
        conn.db,
        sql`insert into users (login, name, role, team, password_hash, email)
            values (${input.login}, ${input.name.trim()}, ${input.role}, ${input.team ?? null}, ${hash}, ${email})
            returning id, login, name, role, team, email, active`,
      );
    } catch (e) {
      if (pgErrorCode(e) === UNIQUE_VIOLATION) throw new AppError("conflict", msg`login "${input.login}" is taken`);
      throw e;
    }
    const user = { ...(row as UserListRow), id: Number(row?.id) };
    await appendAudit(conn.db, {
      at: deps.now(),
      actor,
      action: "user.add",
      objectType: "user",
      objectId: user.login,
      after: { login: user.login, name: user.name, role: user.role, team: user.team },
    });
    return user;
  });
}

async function userByLogin(db: Db, login: string): Promise<UserRow> {
  const [u] = await queryRows<UserRow>(
    db,
    sql`select id, login, name, role, team, active from users where lower(login) = lower(${login}) for update`,
  );
  if (!u) throw new AppError("not_found", msg`no user "${login}"`);
  return { ...u, id: Number(u.id) };
}

export async function setPassword(
  deps: Deps,
  input: { login: string; password: string },
  actor: string,
): Promise<void> {
  checkPassword(input.password, input.login);
  const hash = await hashPassword(input.password);
  await deps.database.transaction(async (conn) => {
    const user = await userByLogin(conn.db, input.login);
    await conn.db.execute(sql`update users set password_hash = ${hash} where id = ${user.id}`);
    await endSessions(conn.db, user.id);
    await appendAudit(conn.db, {
      at: deps.now(),
      actor,
      action: "user.password",
      objectType: "user",
      objectId: user.login,
      // Never the password or its hash.
      after: { passwordChanged: true },
    });
  });
}

export async function disableUser(deps: Deps, login: string, actor: string): Promise<void> {
  await deps.database.transaction(async (conn) => {
    const user = await userByLogin(conn.db, login);
    await conn.db.execute(sql`update users set active = false where id = ${user.id}`);
    await endSessions(conn.db, user.id);
    await appendAudit(conn.db, {
      at: deps.now(),
      actor,
      action: "user.disable",
      objectType: "user",
      objectId: user.login,
      before: { active: user.active },
      after: { active: false },
    });
  });
}

export type UserChange = Partial<{
  name: string;
  role: string;
  team: string | null;
  email: string | null;
  active: boolean;
}>;

/**
 * Changes a user's name, role, team, email or whether the account is active; only what `change` names. A new role or
 * a disabled account ends their sessions (the next request is judged with the new role). Admins cannot demote or
 * disable themselves, so a company is never left without anyone who can manage accounts.
 */
export async function updateUser(deps: Deps, login: string, change: UserChange, actor: string): Promise<UserListRow> {
  if (change.role !== undefined && !(USER_ROLES as readonly string[]).includes(change.role)) {
    throw new AppError("invalid_input", msg`role "${change.role}": one of ${USER_ROLES.join(", ")}`);
  }
  if (change.name !== undefined && !change.name.trim()) throw new AppError("invalid_input", msg`a user needs a name`);
  const email = change.email === undefined ? undefined : checkedEmail(change.email);
  const team = change.team === undefined ? undefined : change.team?.trim() || null;
  return deps.database.transaction(async (conn) => {
    const user = await userByLogin(conn.db, login);
    const [before] = await queryRows<UserListRow>(
      conn.db,
      sql`select id, login, name, role, team, email, active from users where id = ${user.id}`,
    );
    if (!before) throw new AppError("not_found", msg`no user "${login}"`);
    const self = user.login.toLowerCase() === actor.toLowerCase();
    if (self && ((change.role !== undefined && change.role !== user.role) || change.active === false)) {
      throw new AppError("invalid_input", msg`you cannot change your own role or disable your own account`);
    }
    const after: UserListRow = {
      ...before,
      id: Number(before.id),
      name: change.name?.trim() ?? before.name,
      role: (change.role as UserRole | undefined) ?? before.role,
      team: team === undefined ? before.team : team,
      email: email === undefined ? before.email : email,
      active: change.active ?? before.active,
    };
    const fields = ["name", "role", "team", "email", "active"] as const;
    const changed = fields.filter((f) => after[f] !== before[f]);
    if (changed.length === 0) return after;
    await conn.db.execute(
      sql`update users set name = ${after.name}, role = ${after.role}, team = ${after.team}, email = ${after.email},
          active = ${after.active} where id = ${user.id}`,
    );
    // Sessions carry the role and team they were judged with: a change to either, or disabling, signs the user out.
    if (after.role !== before.role || after.team !== before.team || (before.active && !after.active)) {
      await endSessions(conn.db, user.id);
    }
    await appendAudit(conn.db, {
      at: deps.now(),
      actor,
      action: "user.update",
      objectType: "user",
      objectId: user.login,
      before: Object.fromEntries(changed.map((f) => [f, before[f]])),
      after: Object.fromEntries(changed.map((f) => [f, after[f]])),
    });
    return after;
  });
}

export async function listUsers(db: Db): Promise<UserListRow[]> {
  const rows = await queryRows<UserListRow>(
    db,
    sql`select id, login, name, role, team, email, active from users order by login`,
  );
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}
