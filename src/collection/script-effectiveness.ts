// Which scripts work (domain guide: "teams improve scripts by measuring which ones lead to promises that are
// kept"). Per script, over the interactions that used it in a period: uses, connected (a live conversation),
// promises made after it and how they ended. One set-based query within the user's portfolio.
//
// A promise belongs to the interaction it names (promises.interaction_id) when that interaction used a script;
// a promise that names none belongs to the customer's latest scripted interaction on or before the day it was made,
// at most ATTRIBUTION_DAYS earlier. Each promise counts once, for one script.
import { sql } from "drizzle-orm";
import { customerScope } from "../auth/access.ts";
import type { AuthUser } from "../auth/sessions.ts";
import type { Db } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { AppError, msg } from "../errors/app-error.ts";
import { getSetting } from "../settings/settings.ts";
import { CONNECTED_OUTCOMES } from "./collection.enums.ts";
import { listScripts } from "./script-catalog.ts";

export const ATTRIBUTION_DAYS = 7;

export type ScriptEffectiveness = {
  scriptId: string;
  /** Null for a script id no longer in the library or the custom scripts. */
  title: { zh: string; en: string } | null;
  uses: number;
  connected: number;
  promises: number;
  kept: number;
  partiallyKept: number;
  broken: number;
  /** Not yet settled (the day after the promised date has not come). */
  open: number;
  /** connected / uses; promises / uses; kept / settled promises (kept, partially kept, broken). Null without a base. */
  connectRate: number | null;
  promiseRate: number | null;
  keptRate: number | null;
};

/** Interactions dated from `from` to `to` (calendar dates in the company's time zone, both included). */
export async function getScriptEffectiveness(
  db: Db,
  user: AuthUser,
  period: { from: string; to: string },
): Promise<ScriptEffectiveness[]> {
  if (period.from > period.to) {
    throw new AppError("invalid_input", msg`from (${period.from}) is after to (${period.to})`);
  }
  const { timeZone } = await getSetting(db, "company");
  const connected = sql.join(
    CONNECTED_OUTCOMES.map((o) => sql`${o}`),
    sql`, `,
  );
  const rows = await queryRows<{
    script_id: string;
    uses: number;
    connected: number;
    promises: number;
    kept: number;
    partially_kept: number;
    broken: number;
    open_count: number;
  }>(
    db,
    sql`with used as (
          select i.id, i.script_id, i.customer_id, i.outcome, (i.at at time zone ${timeZone})::date as day, i.at
          from interactions i join customers c on c.id = i.customer_id
          where i.script_id is not null
            and i.at >= (${period.from}::date)::timestamp at time zone ${timeZone}
            and i.at < (${period.to}::date + 1)::timestamp at time zone ${timeZone}
            and ${customerScope(user)}
        ),
        attributed as (
          select p.id as promise_id, p.status, coalesce(named.id, nearest.id) as interaction_id
          from promises p
          left join used named on named.id = p.interaction_id
          left join lateral (
            select u.id from used u
            where p.interaction_id is null and u.customer_id = p.customer_id
              and u.day <= p.made_on and u.day >= p.made_on - ${ATTRIBUTION_DAYS}::int
            order by u.at desc, u.id desc limit 1
          ) nearest on true
          where p.status <> 'cancelled' and p.customer_id in (select customer_id from used)
        ),
        per_use as (
          select u.id, u.script_id, u.outcome,
            count(a.promise_id)::int as promises,
            count(a.promise_id) filter (where a.status = 'kept')::int as kept,
            count(a.promise_id) filter (where a.status = 'partially_kept')::int as partially_kept,
            count(a.promise_id) filter (where a.status = 'broken')::int as broken,
            count(a.promise_id) filter (where a.status = 'open')::int as open_count
          from used u left join attributed a on a.interaction_id = u.id
          group by u.id, u.script_id, u.outcome
        )
        select script_id, count(*)::int as uses,
          count(*) filter (where outcome in (${connected}))::int as connected,
          sum(promises)::int as promises, sum(kept)::int as kept, sum(partially_kept)::int as partially_kept,
          sum(broken)::int as broken, sum(open_count)::int as open_count
        from per_use group by script_id
        order by uses desc, script_id`,
  );
  const titles = new Map((await listScripts(db)).map((s) => [s.id, s.title]));
  const out: ScriptEffectiveness[] = [];
  for (const r of rows) {
    const settled = r.kept + r.partially_kept + r.broken;
    out.push({
      scriptId: r.script_id,
      title: titles.get(r.script_id) ?? null,
      uses: r.uses,
      connected: r.connected,
      promises: r.promises,
      kept: r.kept,
      partiallyKept: r.partially_kept,
      broken: r.broken,
      open: r.open_count,
      connectRate: r.uses ? r.connected / r.uses : null,
      promiseRate: r.uses ? r.promises / r.uses : null,
      keptRate: settled ? r.kept / settled : null,
    });
  }
  return out;
}
