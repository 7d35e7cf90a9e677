// `npm start` / `huikuan serve`: open the database, load the demo company into an empty one (start only), serve.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { serve } from "@hono/node-server";
import { sql } from "drizzle-orm";
import { addUser } from "../auth/manage-users.ts";
import { startRunScheduler } from "../collection/run-schedule.ts";
import { queryRows } from "../db/query-rows.ts";
import { demoUsers } from "../demo/generate-demo.ts";
import { DEMO_PASSWORD, loadDemo } from "../demo/load-demo.ts";
import { createApp } from "../http/app.ts";
import { ensureWebBuild } from "../http/web-assets.ts";
import { companyToday, openDatabase } from "./open-database.ts";

/** A first start without demo data has nobody who can sign in: create the admin, from HUIKUAN_ADMIN_PASSWORD or a
 * generated password printed once. */
async function ensureAdmin(deps: { database: Awaited<ReturnType<typeof openDatabase>>; now: () => Date }) {
  const [row] = await queryRows<{ n: number }>(deps.database.db, sql`select count(*)::int as n from users`);
  if (Number(row?.n) > 0) return;
  const given = process.env.HUIKUAN_ADMIN_PASSWORD;
  const password = given || randomBytes(12).toString("base64url");
  await addUser(deps, { login: "admin", name: "Administrator", role: "admin", password }, "system");
  if (given) console.log('first start: user "admin" created with the password from HUIKUAN_ADMIN_PASSWORD');
  else {
    console.log(`first start: user "admin" created with the password ${password}`);
    console.log("  (shown only this once: sign in and change it with `huikuan user passwd admin`)");
  }
}

export const DEMO_SIZE = { customers: 300, invoices: 6000, payments: 5000 };

export async function startServer(options: { demo: boolean }): Promise<void> {
  const version = JSON.parse(fs.readFileSync(new URL("../../package.json", import.meta.url), "utf8")).version as string;
  const webBuild = ensureWebBuild(); // while the database opens (and the demo loads)
  const database = await openDatabase();
  console.log(`database: ${database.description}`);
  const now = () => new Date();
  if (options.demo) {
    const [row] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from customers`);
    if (Number(row?.n) === 0) {
      const today = await companyToday(database.db, now());
      console.log(`empty database: loading the demo company (as of ${today}) ...`);
      const r = await loadDemo({ database, now }, { ...DEMO_SIZE, today });
      console.log(`demo loaded: ${r.customers} customers, ${r.invoices} invoices, ${r.payments} payments`);
      // The demo opens on a full worklist, whatever the hour (the scheduled run waits for its time of day), and with
      // some history: runs two and one weeks back move playbooks on, so later steps and approvals show too.
      const { runDaily } = await import("../collection/run-daily.ts");
      const { addDays } = await import("../calendar/calendar-date.ts");
      for (const offset of [-14, -7, 0]) {
        const run = await runDaily(
          { database, now },
          { asOf: addDays(today, offset), trigger: "schedule", actor: "demo" },
        );
        if (offset === 0) {
          console.log(
            `daily run for ${run.asOf}: ${run.stats.tasksCreated} tasks (${run.stats.approvalsCreated} awaiting approval)`,
          );
        }
      }
      console.log(
        `demo logins (password "${DEMO_PASSWORD}"): ${demoUsers()
          .map((u) => `${u.login} (${u.role})`)
          .join(", ")}`,
      );
    }
  }
  if (!options.demo) await ensureAdmin({ database, now });
  // The default message templates (kept when someone has edited them), and the outbox sender: the first start of a
  // new install can send reminders at once.
  const { seedDefaultTemplates } = await import("../messaging/seed-templates.ts");
  await seedDefaultTemplates({ database, now });
  await webBuild;
  const app = createApp({ database, now, version });
  // HUIKUAN_SCHEDULER=off leaves the daily run to a worker or cron (`huikuan run`).
  const scheduler = process.env.HUIKUAN_SCHEDULER === "off" ? null : startRunScheduler({ database, now });
  // HUIKUAN_OUTBOX=off leaves sending to `huikuan outbox send` (or another process); several senders share the
  // queue safely (rows are claimed with SKIP LOCKED).
  const { startOutboxSender } = await import("../messaging/deliver-due.ts");
  const sender = process.env.HUIKUAN_OUTBOX === "off" ? null : startOutboxSender({ database, now });
  // Visit reminders every minute (HUIKUAN_REMINDERS=off leaves them to another process); each is produced once
  // however many processes run the job.
  const { startReminderJob } = await import("../workspace/remind-appointments.ts");
  const reminders = process.env.HUIKUAN_REMINDERS === "off" ? null : startReminderJob({ database, now });
  const port = Number(process.env.PORT || 3000);
  const server = serve({ fetch: app.fetch, port, hostname: process.env.HOST || "0.0.0.0" }, () => {
    console.log(`Huikuan is serving on http://localhost:${port}`);
  });
  const stop = () => {
    scheduler?.stop();
    sender?.stop();
    reminders?.stop();
    server.close();
    database.close().finally(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}
