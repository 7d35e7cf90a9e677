// The daily run inside the server: once a day at the configured local time (settings "collection.schedule",
// default 06:00 company time), and at start-up when today's run is due and has not happened. Several app processes
// may all tick: the run's lock and its once-per-date rule make sure the work happens once.
import { sql } from "drizzle-orm";
import { workOnForecastRefreshes } from "../analytics/forecast-store.ts";
import type { IsoDate } from "../calendar/calendar-date.ts";
import type { Database } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { getSetting } from "../settings/settings.ts";
import { runDaily } from "./run-daily.ts";

export type RunSchedule = { enabled: boolean; at: string };

/** The date a scheduled run is due for at `now`, or null: today once its local time has come and it is not done. */
export function dueRunDate(
  schedule: RunSchedule,
  timeZone: string,
  now: Date,
  lastDone: IsoDate | null,
): IsoDate | null {
  if (!schedule.enabled) return null;
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(now);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  const today = `${part("year")}-${part("month")}-${part("day")}`;
  const time = `${part("hour")}:${part("minute")}`;
  if (time < schedule.at) return null;
  if (lastDone !== null && lastDone >= today) return null;
  return today;
}

export function startRunScheduler(
  deps: { database: Database; now: () => Date },
  options: { intervalMs?: number; log?: (line: string) => void } = {},
): { stop(): void } {
  const log = options.log ?? ((line: string) => console.log(line));
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const schedule = await getSetting(deps.database.db, "collection.schedule");
      const company = await getSetting(deps.database.db, "company");
      const [last] = await queryRows<{ as_of: string | null }>(
        deps.database.db,
        sql`select max(as_of)::text as as_of from collection_runs where status = 'done'`,
      );
      const due = dueRunDate(schedule, company.timeZone, deps.now(), last?.as_of ?? null);
      if (due) {
        const r = await runDaily(deps, { asOf: due, trigger: "schedule", actor: "scheduler" });
        if (r.status === "done") {
          log(`daily run for ${r.asOf}: ${r.stats.tasksCreated} tasks in ${(r.stats.durationMs / 1000).toFixed(1)} s`);
        }
      }
    } catch (e) {
      log(`daily run failed: ${(e as Error).message}`);
    }
    // Then the forecasts the runs asked for (this run's, or one a CLI run asked for), whoever ran them.
    try {
      for (const f of await workOnForecastRefreshes(deps, "scheduler")) {
        log(`forecast as of ${f.asOf}: ${f.invoices} open invoices in ${(f.durationMs / 1000).toFixed(1)} s`);
      }
    } catch (e) {
      log(`forecast refresh failed: ${(e as Error).message}`);
    } finally {
      running = false;
    }
  };
  const first = setTimeout(tick, 1000);
  const timer = setInterval(tick, options.intervalMs ?? 60_000);
  timer.unref();
  first.unref();
  return {
    stop() {
      clearTimeout(first);
      clearInterval(timer);
    },
  };
}
