// Signing in and out. Sessions live in the database (every app process shares them): the cookie carries a random
// token, the table only its SHA-256. Idle sessions end after 30 minutes, every session after 12 hours. Failed
// sign-ins are counted per account and per address in the database too, so throttling holds across processes.
import { createHash, randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import type { Database, Db } from "../db/database.ts";
import { perDatabase } from "../db/per-database.ts";
import { queryRows } from "../db/query-rows.ts";
import { AppError, msg } from "../errors/app-error.ts";
import { hashPassword, verifyPassword } from "./password.ts";
import { sessions, type UserRole, users } from "./users.schema.ts";

export const SESSION_COOKIE = "huikuan_session";
export const CSRF_COOKIE = "huikuan_csrf";
export const CSRF_HEADER = "X-CSRF-Token";
export const IDLE_MS = 30 * 60_000;
export const ABSOLUTE_MS = 12 * 3_600_000;
/** Failures in this window count toward throttling. */
const FAILURE_WINDOW_MS = 15 * 60_000;
const MAX_FAILURES_PER_ACCOUNT = 5;
const MAX_FAILURES_PER_ADDRESS = 20;
/** last_seen_at is written at most this often, so reads do not turn into writes on every request. */
const TOUCH_MS = 60_000;

export type AuthUser = { id: number; login: string; name: string; role: UserRole; team: string | null };
type Deps = { database: Database; now: () => Date };

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const token = () => randomBytes(32).toString("base64url");

// A hash to compare against when the login does not exist, so both cases take the same time.
let dummyHash: Promise<string> | null = null;

export async function login(
  deps: Deps,
  input: { login: string; password: string; ip: string | null },
): Promise<{ token: string; csrf: string; user: AuthUser }> {
  const db = deps.database.db;
  const now = deps.now();
  const since = new Date(now.getTime() - FAILURE_WINDOW_MS).toISOString();
  const accountKey = `login:${input.login.toLowerCase()}`;
  const addressKey = input.ip ? `ip:${input.ip}` : null;
  const [counts] = await queryRows<{ account: number; address: number }>(
    db,
    sql`select count(*) filter (where key = ${accountKey})::int as account,
          count(*) filter (where key = ${addressKey ?? ""})::int as address
        from login_failures where key in (${accountKey}, ${addressKey ?? ""}) and at > ${since}::timestamptz`,
  );
  if ((counts?.account ?? 0) >= MAX_FAILURES_PER_ACCOUNT || (counts?.address ?? 0) >= MAX_FAILURES_PER_ADDRESS) {
    throw new AppError("rate_limited", msg`too many failed sign-ins: wait 15 minutes and try again`);
  }
  const [user] = await queryRows<AuthUser & { password_hash: string | null; active: boolean }>(
    db,
    sql`select id, login, name, role, team, password_hash, active from users where lower(login) = lower(${input.login})`,
  );
  dummyHash ??= hashPassword("not a password of anyone");
  const ok =
    user?.password_hash && user.active
      ? await verifyPassword(input.password, user.password_hash)
      : (await verifyPassword(input.password, await dummyHash)) && false;
  if (!user || !ok) {
    await db.execute(sql`insert into login_failures (key, at) values (${accountKey}, ${now.toISOString()}::timestamptz)
      ${addressKey ? sql`, (${addressKey}, ${now.toISOString()}::timestamptz)` : sql``}`);
    throw new AppError("unauthorized", msg`wrong login or password`);
  }
  const t = token();
  const csrf = token();
  await db.execute(sql`insert into sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, ip)
    values (${sha256(t)}, ${user.id}, ${csrf}, ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz, ${input.ip})`);
  await db.execute(sql`delete from login_failures where key = ${accountKey}`);
  return {
    token: t,
    csrf,
    user: { id: Number(user.id), login: user.login, name: user.name, role: user.role, team: user.team },
  };
}

/** Every request asks this: planned once per connection. */
const sessionLookup = perDatabase((db) =>
  db
    .select({
      id: users.id,
      login: users.login,
      name: users.name,
      role: users.role,
      team: users.team,
      active: users.active,
      csrf_token: sessions.csrfToken,
      created_at: sessions.createdAt,
      last_seen_at: sessions.lastSeenAt,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.tokenHash, sql.placeholder("hash")))
    .prepare("session_user"),
);

/** The user behind a session token, or null when there is none or it has expired (idle or absolute). */
export async function sessionUser(deps: Deps, sessionToken: string): Promise<{ user: AuthUser; csrf: string } | null> {
  const db = deps.database.db;
  const now = deps.now().getTime();
  const hash = sha256(sessionToken);
  const [row] = await sessionLookup(db).execute({ hash });
  if (!row) return null;
  const created = new Date(row.created_at).getTime();
  const seen = new Date(row.last_seen_at).getTime();
  if (!row.active || now - seen > IDLE_MS || now - created > ABSOLUTE_MS) {
    await db.execute(sql`delete from sessions where token_hash = ${hash}`);
    return null;
  }
  if (now - seen > TOUCH_MS) {
    await db.execute(
      sql`update sessions set last_seen_at = ${new Date(now).toISOString()}::timestamptz where token_hash = ${hash}`,
    );
  }
  return {
    user: { id: Number(row.id), login: row.login, name: row.name, role: row.role, team: row.team },
    csrf: row.csrf_token,
  };
}

export async function logout(deps: Deps, sessionToken: string): Promise<void> {
  await deps.database.db.execute(sql`delete from sessions where token_hash = ${sha256(sessionToken)}`);
}

/** Ends every session of a user (password change, account disabled). */
export async function endSessions(db: Db, userId: number): Promise<void> {
  await db.execute(sql`delete from sessions where user_id = ${userId}`);
}
