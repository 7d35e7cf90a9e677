// A collector's work from a terminal, through the same use cases as the web app and the API: `huikuan log` (a call,
// visit or message, through the contact gate), `huikuan promise` (a promise to pay) and `huikuan plan create`
// (a payment plan). Each acts as a named user (--as), within that user's portfolio, audited under their name.
import { type Command, Option } from "commander";
import { sql } from "drizzle-orm";
import { openDatabase } from "../app/open-database.ts";
import { requireRole } from "../auth/access.ts";
import { isIsoDate } from "../calendar/calendar-date.ts";
import { EXCUSES, OUTCOMES } from "../collection/collection.enums.ts";
import { DIRECTIONS } from "../collection/collection.schema.ts";
import type { Database } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { AppError, msg } from "../errors/app-error.ts";
import { CHANNELS } from "../ledger/ledger.schema.ts";
import { actingUser, visibleCustomerId } from "./acting-user.ts";
import { isoDate, wholeNumber } from "./arguments.ts";

const collect = (v: string, prev: string[]) => [...prev, v];

async function withDatabase<T>(fn: (database: Database) => Promise<T>): Promise<T> {
  const database = await openDatabase();
  try {
    return await fn(database);
  } finally {
    await database.close();
  }
}
const deps = (database: Database) => ({ database, now: () => new Date() });

type LogOptions = {
  as: string;
  channel: (typeof CHANNELS)[number];
  outcome: (typeof OUTCOMES)[number];
  direction: (typeof DIRECTIONS)[number];
  contact?: number;
  excuse?: (typeof EXCUSES)[number];
  note?: string;
  duration?: number;
  script?: string;
  reason?: string;
  promiseAmount?: string;
  promiseDate?: string;
};
type PromiseOptions = { as: string; amount: string; date: string; currency?: string; interaction?: number };
type PlanOptions = {
  as: string;
  total: string;
  down?: string;
  currency?: string;
  terms?: string;
  installment: string[];
  split?: number;
  first?: string;
  every?: number;
  invoice: string[];
};

/** The promise given with a logged contact: both options or neither. */
function promiseTerms(opts: LogOptions): { amount: string; date: string } | null {
  if (!opts.promiseAmount && !opts.promiseDate) return null;
  if (!opts.promiseAmount || !opts.promiseDate) {
    throw new AppError("invalid_input", msg`a promise needs both --promise-amount and --promise-date`);
  }
  return { amount: opts.promiseAmount, date: opts.promiseDate };
}

export function registerWorkspaceCommands(program: Command): void {
  program
    .command("log")
    .description(
      "record a contact with a customer (calls and visits pass the contact gate first: refused when blocked)",
    )
    .argument("<customer>", "customer code")
    .requiredOption("--as <login>", "who made the contact")
    .addOption(new Option("--channel <channel>", "how").choices([...CHANNELS]).makeOptionMandatory())
    .addOption(new Option("--outcome <outcome>", "what came of it").choices([...OUTCOMES]).makeOptionMandatory())
    .addOption(
      new Option("--direction <direction>", "outbound (we reached them) or inbound (they reached us)")
        .choices([...DIRECTIONS])
        .default("outbound"),
    )
    .option("--contact <id>", "the contact person's id", wholeNumber)
    .addOption(new Option("--excuse <excuse>", "the reason they gave for not paying").choices([...EXCUSES]))
    .option("--note <text>", "a note")
    .option("--duration <seconds>", "how long the call or visit took", wholeNumber)
    .option("--script <id>", "the script used")
    .option("--reason <text>", "why a call the gate warns about goes ahead anyway")
    .option("--promise-amount <amount>", "with --outcome promise_to_pay: the amount promised, saved with the contact")
    .option("--promise-date <date>", "with --promise-amount: the day it is promised by, YYYY-MM-DD", isoDate)
    .action((code: string, opts: LogOptions) =>
      withDatabase(async (database) => {
        const user = await actingUser(database, opts.as);
        // The same roles as the API: finance reads and changes nothing in collection.
        requireRole(user, ["admin", "manager", "collector"], "logging contacts");
        const customerId = await visibleCustomerId(database, user, code);
        const { logInteraction } = await import("../workspace/log-interaction.ts");
        const logged = await logInteraction(deps(database), user, customerId, {
          channel: opts.channel,
          direction: opts.direction,
          outcome: opts.outcome,
          contactId: opts.contact ?? null,
          excuse: opts.excuse ?? null,
          note: opts.note ?? null,
          durationSeconds: opts.duration ?? null,
          scriptId: opts.script ?? null,
          overrideReason: opts.reason ?? null,
          promise: promiseTerms(opts),
        });
        const gate = logged.gate ? ` (contact gate: ${logged.gate.verdict}, ${logged.gate.rule})` : "";
        console.log(`interaction ${logged.id} recorded for ${code} at ${logged.at}${gate}`);
        if (logged.promise) {
          const p = logged.promise;
          console.log(`promise ${p.id}: ${code} pays ${p.amount} ${p.currency} by ${p.date}`);
        }
        if (logged.suggestedReply) {
          console.log(
            `suggested reply (${logged.suggestedReply.id}):\n  ${logged.suggestedReply.zh}\n  ${logged.suggestedReply.en}`,
          );
        }
      }),
    );

  program
    .command("promise")
    .description("record a customer's promise to pay an amount by a date (not in the past)")
    .argument("<customer>", "customer code")
    .requiredOption("--as <login>", "who took the promise")
    .requiredOption("--amount <amount>", "the amount promised, e.g. 5000.00")
    .requiredOption("--date <date>", "the day it is promised by, YYYY-MM-DD", isoDate)
    .option("--currency <code>", "the currency (default: the customer's overdue currency)")
    .option("--interaction <id>", "the logged contact the promise was made in", wholeNumber)
    .action((code: string, opts: PromiseOptions) =>
      withDatabase(async (database) => {
        const user = await actingUser(database, opts.as);
        // The same roles as the API: finance reads and changes nothing in collection.
        requireRole(user, ["admin", "manager", "collector"], "recording promises");
        const customerId = await visibleCustomerId(database, user, code);
        const { recordPromise } = await import("../workspace/record-promise.ts");
        const p = await recordPromise(deps(database), user, customerId, {
          amount: opts.amount,
          date: opts.date,
          currency: opts.currency,
          interactionId: opts.interaction ?? null,
        });
        console.log(`promise ${p.id}: ${code} pays ${p.amount} ${p.currency} by ${p.date}`);
      }),
    );

  const plan = program.commands.find((c) => c.name() === "plan") ?? program.command("plan");
  plan
    .command("create")
    .description("agree a payment plan (还款协议): installments summing to the total, or --split into even ones")
    .argument("<customer>", "customer code")
    .requiredOption("--as <login>", "who agreed it")
    .requiredOption("--total <amount>", "what the plan covers in all, e.g. 30000.00")
    .option("--down <amount>", "a down payment due today")
    .option("--currency <code>", "the currency (default: the customer's overdue currency)")
    .option("--terms <text>", "terms agreed, e.g. new orders prepaid")
    .option("--installment <date=amount>", "one installment (repeat), e.g. 2025-04-30=10000.00", collect, [])
    .option("--split <count>", "instead of --installment: this many even installments", wholeNumber)
    .option("--first <date>", "with --split: the first installment's date", isoDate)
    .option("--every <days>", "with --split: days between installments (default 30)", wholeNumber)
    .option("--invoice <number>", "an invoice the plan covers (repeat)", collect, [])
    .action((code: string, opts: PlanOptions) =>
      withDatabase(async (database) => {
        const installments = opts.installment.map((s) => {
          const [date, amount] = s.split("=");
          if (!date || !amount || !isIsoDate(date)) {
            throw new AppError(
              "invalid_input",
              msg`--installment "${s}": expected DATE=AMOUNT, e.g. 2025-04-30=10000.00`,
            );
          }
          return { date, amount };
        });
        if (opts.split !== undefined && installments.length) {
          throw new AppError("invalid_input", msg`give either --installment (repeated) or --split, not both`);
        }
        if (opts.split !== undefined && !opts.first)
          throw new AppError("invalid_input", msg`--split needs --first DATE`);
        const user = await actingUser(database, opts.as);
        // The same roles as the API: finance reads and changes nothing in collection.
        requireRole(user, ["admin", "manager", "collector"], "agreeing payment plans");
        const customerId = await visibleCustomerId(database, user, code);
        const invoiceIds: number[] = [];
        for (const number of opts.invoice) {
          const [i] = await queryRows<{ id: string }>(
            database.db,
            sql`select id from invoices where customer_id = ${customerId} and number = ${number}`,
          );
          if (!i) throw new AppError("invalid_input", msg`--invoice: ${code} has no invoice "${number}"`);
          invoiceIds.push(Number(i.id));
        }
        const { createPlan } = await import("../workspace/create-plan.ts");
        const created = await createPlan(deps(database), user, customerId, {
          total: opts.total,
          downPayment: opts.down,
          currency: opts.currency,
          terms: opts.terms ?? null,
          ...(opts.split !== undefined
            ? { split: { count: opts.split, firstDate: opts.first as string, intervalDays: opts.every ?? 30 } }
            : { installments }),
          invoiceIds: invoiceIds.length ? invoiceIds : undefined,
        });
        console.log(JSON.stringify(created, (_k, v) => (typeof v === "bigint" ? v.toString() : v), 2));
      }),
    );
}
