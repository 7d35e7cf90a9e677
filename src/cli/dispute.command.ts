// `huikuan dispute list|open|update`: the dispute use cases of the API (record-dispute.ts, update-dispute.ts,
// list-disputes.ts) at a terminal. Writes act as a named user (--as), whose portfolio bounds what they reach.
import { type Command, Option } from "commander";
import { sql } from "drizzle-orm";
import { openDatabase } from "../app/open-database.ts";
import type { AuthUser } from "../auth/sessions.ts";
import type { Database } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { AppError, msg } from "../errors/app-error.ts";
import type { DisputeView } from "../workspace/list-disputes.ts";
import { DISPUTE_CATEGORIES, DISPUTE_RESOLUTIONS, DISPUTE_STATUSES } from "../workspace/workspace.schema.ts";
import { actingUser, visibleCustomerId } from "./acting-user.ts";
import { countAbove0 as whole } from "./arguments.ts";
import { type Column, csvHeader, csvRows, FORMATS, type Format, renderTable } from "./output.ts";

const ADMIN: AuthUser = { id: 0, login: "cli", name: "cli", role: "admin", team: null };
const columns: Column<DisputeView>[] = [
  { key: "id", value: (d) => d.id, align: "right" },
  { key: "version", value: (d) => d.version, align: "right" },
  { key: "customer", value: (d) => d.customerCode, text: true },
  { key: "invoice", value: (d) => d.invoiceNumber, text: true },
  { key: "category", value: (d) => d.category },
  { key: "amount", value: (d) => d.amount, align: "right" },
  { key: "currency", value: (d) => d.currency },
  { key: "status", value: (d) => d.status },
  { key: "owner", value: (d) => d.owner ?? "" },
  { key: "escalated", value: (d) => (d.escalated ? `yes${d.escalatedTo ? ` (${d.escalatedTo})` : ""}` : "") },
  { key: "resolution", value: (d) => d.resolution ?? "" },
  { key: "credited", value: (d) => d.creditedAmount ?? "", align: "right" },
  { key: "opened_on", value: (d) => d.openedOn },
];

async function withDatabase<T>(fn: (database: Database) => Promise<T>): Promise<T> {
  const database = await openDatabase();
  try {
    return await fn(database);
  } finally {
    await database.close();
  }
}

async function userOrThrow(database: Database, login: string): Promise<AuthUser> {
  const user = await actingUser(database, login);
  if (user.role === "finance") throw new AppError("forbidden", msg`changing disputes is not open to the finance role`);
  return user;
}

function print(rows: DisputeView[], format: Format): void {
  if (format === "json") process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  else if (format === "csv") process.stdout.write(csvHeader(columns) + csvRows(columns, rows));
  else process.stdout.write(rows.length ? renderTable(columns, rows) : "no disputes\n");
}

export function registerDisputeCommand(program: Command): void {
  const dispute = program.command("dispute").description("customers' disputes: list, open, update (resolve, escalate)");
  dispute
    .command("list")
    .description("the dispute board (open and investigating by default), or one customer's disputes")
    .option("--customer <code>", "one customer's disputes")
    .addOption(new Option("--status <status>", "which").choices([...DISPUTE_STATUSES, "active", "all"]))
    .option("--escalated", "only escalated ones")
    .option("--as <login>", "what this user may see (their portfolio); default: everything")
    .addOption(new Option("--format <format>", "output format").choices(FORMATS).default("table"))
    .action((opts: { customer?: string; status?: "active"; escalated?: boolean; as?: string; format: Format }) =>
      withDatabase(async (database) => {
        const user = opts.as ? await userOrThrow(database, opts.as) : ADMIN;
        const filter = { status: opts.status, escalated: opts.escalated ? true : undefined };
        const rows = opts.customer
          ? await (await import("../workspace/list-disputes.ts")).listCustomerDisputes(
              database.db,
              user,
              await visibleCustomerId(database, user, opts.customer),
              filter,
            )
          : await (await import("../workspace/list-disputes.ts")).listDisputeBoard(database.db, user, filter);
        print(rows, opts.format);
      }),
    );
  dispute
    .command("open")
    .description("record a dispute on an invoice (or a delivery record); the invoice is held out of reminders")
    .requiredOption("--as <login>", "who records it")
    .requiredOption("--customer <code>", "the customer's code")
    .option("--invoice <number>", "the invoice number")
    .option("--delivery <id>", "a delivery record id instead", whole)
    .addOption(
      new Option("--category <category>", "what is disputed").choices(DISPUTE_CATEGORIES).makeOptionMandatory(),
    )
    .requiredOption("--amount <amount>", "disputed amount in the invoice's currency, e.g. 1200.50")
    .requiredOption("--description <text>", "what the customer objects to")
    .option("--owner <login>", "who follows it up (default: --as)")
    .action(
      (opts: {
        as: string;
        customer: string;
        invoice?: string;
        delivery?: number;
        category: (typeof DISPUTE_CATEGORIES)[number];
        amount: string;
        description: string;
        owner?: string;
      }) =>
        withDatabase(async (database) => {
          const user = await userOrThrow(database, opts.as);
          const customerId = await visibleCustomerId(database, user, opts.customer);
          let invoiceId: number | undefined;
          if (opts.invoice !== undefined) {
            const [i] = await queryRows<{ id: string }>(
              database.db,
              sql`select id from invoices where customer_id = ${customerId} and number = ${opts.invoice}`,
            );
            if (!i)
              throw new AppError(
                "not_found",
                msg`--invoice: customer "${opts.customer}" has no invoice "${opts.invoice}"`,
              );
            invoiceId = Number(i.id);
          }
          const { recordDispute } = await import("../workspace/record-dispute.ts");
          const d = await recordDispute({ database, now: () => new Date() }, user, customerId, {
            invoiceId,
            deliveryRecordId: opts.delivery,
            category: opts.category,
            amount: opts.amount,
            description: opts.description,
            owner: opts.owner,
          });
          print([d], "table");
        }),
    );
  dispute
    .command("update <id>")
    .description("investigate, resolve, reject, reopen, hand over or escalate a dispute")
    .requiredOption("--as <login>", "who changes it")
    .requiredOption("--version <n>", "the version you read (dispute list shows it)", whole)
    .addOption(new Option("--status <status>", "the new status").choices(DISPUTE_STATUSES))
    .addOption(new Option("--resolution <resolution>", "how it was resolved").choices(DISPUTE_RESOLUTIONS))
    .option("--note <text>", "the resolution note (why rejected, what was explained)")
    .option("--credit <amount>", "amount credited (partial_credit; credit_note defaults to the disputed amount)")
    .option("--owner <login>", "hand it over")
    .option("--escalate", "escalate it to the team's manager")
    .option("--no-escalate", "take the escalation back")
    .action(
      (
        id: string,
        opts: {
          as: string;
          version: number;
          status?: (typeof DISPUTE_STATUSES)[number];
          resolution?: (typeof DISPUTE_RESOLUTIONS)[number];
          note?: string;
          credit?: string;
          owner?: string;
          escalate?: boolean;
        },
      ) =>
        withDatabase(async (database) => {
          const user = await userOrThrow(database, opts.as);
          const { updateDispute } = await import("../workspace/update-dispute.ts");
          const d = await updateDispute({ database, now: () => new Date() }, user, whole(id), {
            version: opts.version,
            status: opts.status,
            resolution: opts.resolution,
            resolutionNote: opts.note,
            creditAmount: opts.credit,
            owner: opts.owner,
            escalate: opts.escalate,
          });
          print([d], "table");
        }),
    );
}
