// `huikuan outbox send [--limit N]`: deliver what is due now (the same deliverDue the server's timer runs);
// `huikuan outbox list`: the newest messages, addresses masked.
import { type Command, Option } from "commander";
import { openDatabase } from "../app/open-database.ts";
import type { OutboxItem } from "../messaging/list-outbox.ts";
import { OUTBOX_STATUSES, type OutboxStatus } from "../messaging/messaging.schema.ts";
import { maskAddress } from "../messaging/record-opt-out.ts";
import { countAbove0 as positiveInt } from "./arguments.ts";
import { type Column, csvHeader, csvRows, FORMATS, type Format, jsonRow, renderTable } from "./output.ts";
import { progressBar } from "./progress.ts";

const columns: Column<OutboxItem>[] = [
  { key: "id", value: (m) => m.id },
  { key: "customer", value: (m) => m.customerCode, text: true },
  { key: "channel", value: (m) => m.channel, text: true },
  { key: "to", value: (m) => maskAddress(m.address), text: true },
  { key: "status", value: (m) => m.status, text: true },
  { key: "attempts", value: (m) => m.attempts },
  { key: "next_attempt_at", value: (m) => m.nextAttemptAt, text: true },
  { key: "sent_at", value: (m) => m.sentAt ?? "", text: true },
  { key: "subject", value: (m) => m.subject ?? "", text: true },
  { key: "error", value: (m) => m.error ?? "", text: true },
];

export function registerOutboxCommand(program: Command): void {
  const outbox = program.command("outbox").description("the message outbox: send what is due, list messages");
  outbox
    .command("send")
    .description("send due messages now (the contact gate decides per message; outside hours they wait)")
    .option("--limit <n>", "at most this many messages", positiveInt, 100)
    .action(async (opts: { limit: number }) => {
      const database = await openDatabase();
      try {
        const t0 = performance.now();
        const { deliverDue } = await import("../messaging/deliver-due.ts");
        const s = await deliverDue({ database, now: () => new Date() }, { limit: opts.limit });
        const secs = ((performance.now() - t0) / 1000).toFixed(1);
        console.log(
          `outbox: ${s.claimed} due, ${s.sent} sent, ${s.retrying} to retry later, ${s.failed} failed, ${s.waiting} waiting for the contact window, ${s.cancelled} cancelled, ${s.recovered} abandoned sends marked failed (${secs} s)`,
        );
      } finally {
        await database.close();
      }
    });
  outbox
    .command("statements")
    .description(
      "queue each customer's statement of account as a PDF attached to an e-mail (the statement.cover template); " +
        "default: every customer with something overdue. Again for the same date: nothing new",
    )
    .option("--as-of <date>", "the statement's date, YYYY-MM-DD (default: today in the company time zone)")
    .option("--customers <codes>", "only these customers (comma-separated codes)")
    .addOption(new Option("--format <format>", "output format").choices(["table", "json"]).default("table"))
    .action(async (opts: { asOf?: string; customers?: string; format: "table" | "json" }) => {
      const database = await openDatabase();
      try {
        const t0 = performance.now();
        const { sendStatements } = await import("../messaging/send-statements.ts");
        let bar: ReturnType<typeof progressBar> | null = null;
        const r = await sendStatements({ database, now: () => new Date() }, null, {
          asOf: opts.asOf,
          customerCodes: opts.customers
            ?.split(",")
            .map((c) => c.trim())
            .filter(Boolean),
          onProgress: (done, total) => {
            bar ??= progressBar("statements", total, "customers");
            bar.update(done);
          },
        });
        (bar as ReturnType<typeof progressBar> | null)?.stop();
        const secs = ((performance.now() - t0) / 1000).toFixed(1);
        if (opts.format === "json") {
          console.log(JSON.stringify(r));
          return;
        }
        console.log(
          `statements as of ${r.asOf}: ${r.customers} customers, ${r.queued} queued, ${r.alreadyQueued} queued before, ${r.refused.length} refused (${secs} s)`,
        );
        for (const x of r.refused) console.log(`  ${x.customerCode ?? `#${x.customerId}`}: ${x.message}`);
      } finally {
        await database.close();
      }
    });
  outbox
    .command("list")
    .description("the newest messages (addresses masked)")
    .addOption(new Option("--status <status>", "only this status").choices(OUTBOX_STATUSES))
    .option("--limit <n>", "at most this many", positiveInt, 50)
    .addOption(new Option("--format <format>", "output format").choices(FORMATS).default("table"))
    .action(async (opts: { status?: OutboxStatus; limit: number; format: Format }) => {
      const database = await openDatabase();
      try {
        const { listOutbox } = await import("../messaging/list-outbox.ts");
        const rows = await listOutbox(database.db, { status: opts.status, limit: opts.limit });
        if (opts.format === "json")
          console.log(
            JSON.stringify(
              rows.map((r) => jsonRow(columns, r)),
              null,
              2,
            ),
          );
        else if (opts.format === "csv") process.stdout.write(csvHeader(columns) + csvRows(columns, rows));
        else process.stdout.write(rows.length ? renderTable(columns, rows) : "the outbox is empty\n");
      } finally {
        await database.close();
      }
    });
}
