// `huikuan payment record CODE --amount X --date D --reference R [--method M] [--invoice N ...] [--no-notify]`:
// the same recordPayment as POST /api/customers/{id}/payments, as the system user.
// `huikuan payment reverse CODE REFERENCE --reason R [--on D] [--as LOGIN]`: reversePayment, as POST
// /api/payments/{id}/reverse (as the system user, or as LOGIN within that user's portfolio and role).
import type { Command } from "commander";
import { sql } from "drizzle-orm";
import { openDatabase } from "../app/open-database.ts";
import type { AuthUser } from "../auth/sessions.ts";
import { queryRows } from "../db/query-rows.ts";
import { AppError, msg } from "../errors/app-error.ts";
import { actingUser } from "./acting-user.ts";
import { isoDate } from "./arguments.ts";

const system: AuthUser = { id: 0, login: "cli", name: "cli", role: "admin", team: null };

export function registerPaymentCommand(program: Command): void {
  const payment = program.command("payment").description("payments received");
  payment
    .command("record <code>")
    .description("record a payment received (audited), allocated to the invoices named; the receipt is queued")
    .requiredOption("--amount <decimal>", "e.g. 12500.00")
    .requiredOption("--date <date>", "the day the money arrived (YYYY-MM-DD)", isoDate)
    .requiredOption("--reference <text>", "the bank's or the receipt's reference (unique per customer)")
    .option("--currency <code>", "ISO 4217 (default: the company's)")
    .option("--method <text>", "bank transfer, cheque, cash ...")
    .option("--invoice <number...>", "invoice numbers it is for")
    .option("--no-notify", "do not queue the receipt")
    .action(
      async (
        code: string,
        opts: {
          amount: string;
          date: string;
          reference: string;
          currency?: string;
          method?: string;
          invoice?: string[];
          notify: boolean;
        },
      ) => {
        const database = await openDatabase();
        try {
          const [customer] = await queryRows<{ id: string }>(
            database.db,
            sql`select id from customers where code = ${code}`,
          );
          if (!customer) throw new AppError("not_found", msg`no customer with code "${code}"`);
          const invoiceIds: number[] = [];
          for (const number of opts.invoice ?? []) {
            const [inv] = await queryRows<{ id: string }>(
              database.db,
              sql`select id from invoices where customer_id = ${customer.id} and number = ${number}`,
            );
            if (!inv) throw new AppError("invalid_input", msg`--invoice: "${number}" is not one of ${code}'s invoices`);
            invoiceIds.push(Number(inv.id));
          }
          const { recordPayment } = await import("../ledger/record-payment.ts");
          const r = await recordPayment({ database, now: () => new Date() }, system, Number(customer.id), {
            amount: opts.amount,
            date: opts.date,
            reference: opts.reference,
            currency: opts.currency,
            method: opts.method,
            invoiceIds,
            notify: opts.notify,
          });
          const to = r.allocations.map((a) => `${a.number} ${a.amount}`).join(", ") || "no invoice named";
          console.log(
            `payment ${r.reference} of ${r.currency} ${r.amount} on ${r.date} recorded: ${to}; ${r.unallocated} left for oldest-first; receipt ${r.receipt.queued ? `queued (message ${r.receipt.messageId})` : `not sent: ${r.receipt.reason}`}`,
          );
        } finally {
          await database.close();
        }
      },
    );
  payment
    .command("reverse <code> <reference>")
    .description(
      "reverse a payment (bounced cheque, recalled transfer, booked twice): it stops counting from --on, and the invoices it paid are open again (audited)",
    )
    .requiredOption("--reason <text>", 'why, e.g. "cheque returned unpaid"')
    .option("--on <date>", "the day the money went back (default: today)", isoDate)
    .option("--as <login>", "act as this manager or admin (default: the system user)")
    .action(async (code: string, reference: string, opts: { reason: string; on?: string; as?: string }) => {
      const database = await openDatabase();
      try {
        const user = opts.as ? await actingUser(database, opts.as) : system;
        const [p] = await queryRows<{ id: string }>(
          database.db,
          sql`select p.id from payments p join customers c on c.id = p.customer_id
            where c.code = ${code} and p.reference = ${reference}`,
        );
        if (!p) throw new AppError("not_found", msg`no payment "${reference}" for customer "${code}"`);
        const { reversePayment } = await import("../ledger/reverse-payment.ts");
        const r = await reversePayment({ database, now: () => new Date() }, user, Number(p.id), {
          reason: opts.reason,
          on: opts.on,
        });
        const open = r.released.map((a) => `${a.number} ${a.amount}`).join(", ");
        console.log(
          `payment ${r.reference} of ${r.currency} ${r.amount} (paid ${r.paidOn}) reversed on ${r.reversedOn}: ${r.reason}${open ? `; open again: ${open}` : ""}`,
        );
      } finally {
        await database.close();
      }
    });
}
