// A payment plan: total, down payment, dated installments that add up exactly, terms. Refused whole, with every
// problem, when it does not add up.
import { sql } from "drizzle-orm";
import { appendAudit } from "../audit/append-audit.ts";
import type { AuthUser } from "../auth/sessions.ts";
import { dateInZone } from "../calendar/calendar-date.ts";
import { copyField } from "../db/copy-text.ts";
import type { Database, Db } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { AppError, msg } from "../errors/app-error.ts";
import { currencyDigits, isKnownCurrency } from "../money/currencies.ts";
import { checkDocumentAmount, formatDecimal, parseDecimal } from "../money/money.ts";
import { getSetting } from "../settings/settings.ts";
import { evenInstallments, planProblems } from "./plan.rules.ts";
import { activeStatusesSql } from "./record-dispute.ts";

export type PlanInput = {
  total: string;
  downPayment?: string;
  currency?: string;
  terms?: string | null;
  installments?: { date: string; amount: string }[];
  /** Instead of a list: this many even installments every intervalDays from firstDate. */
  split?: { count: number; firstDate: string; intervalDays: number };
  /** The invoices the plan covers; none may be under an open dispute (a plan never covers a disputed amount). */
  invoiceIds?: number[];
};

export async function createPlan(
  deps: { database: Database; now: () => Date },
  user: AuthUser,
  customerId: number,
  input: PlanInput,
) {
  const db = deps.database.db;
  const company = await getSetting(db, "company");
  const today = dateInZone(deps.now(), company.timeZone);
  const [state] = await queryRows<{ currency: string }>(
    db,
    sql`select currency from collection_states where customer_id = ${customerId}`,
  );
  const currency = (input.currency ?? state?.currency ?? company.currency).trim().toUpperCase();
  if (!isKnownCurrency(currency)) throw new AppError("invalid_input", msg`unknown currency "${currency}"`);
  const digits = currencyDigits(currency);
  const total = parseDecimal(input.total, digits, currency);
  const downPayment = input.downPayment ? parseDecimal(input.downPayment, digits, currency) : 0n;
  checkDocumentAmount("total", total, digits, currency);
  if (!input.installments === !input.split) {
    throw new AppError(
      "invalid_input",
      msg`give either installments (a list of {date, amount}) or split {count, firstDate, intervalDays}`,
    );
  }
  const installments = input.split
    ? evenInstallments(total, downPayment, input.split.count, input.split.firstDate, input.split.intervalDays)
    : (input.installments ?? []).map((i) => ({ dueOn: i.date, amount: parseDecimal(i.amount, digits, currency) }));
  const problems = planProblems({ total, downPayment, installments }, today, digits);
  if (problems.length) throw new AppError("invalid_input", msg`the plan is refused: ${problems.join("; ")}`, problems);
  const invoiceIds = [...new Set(input.invoiceIds ?? [])];
  return deps.database.transaction(async (conn) => {
    if (invoiceIds.length) await coveredInvoicesOrThrow(conn.db, customerId, invoiceIds, input.invoiceIds ?? []);
    const [row] = await queryRows<{ id: string }>(
      conn.db,
      sql`insert into payment_plans (customer_id, currency, total, down_payment, terms, created_by, created_on)
          values (${customerId}, ${currency}, ${total}, ${downPayment}, ${input.terms ?? null}, ${user.login}, ${today}::date)
          returning id`,
    );
    const id = Number(row?.id);
    await conn.copyIn(
      "plan_installments",
      ["plan_id", "seq", "due_on", "amount"],
      [installments.map((i, n) => `${id}\t${n + 1}\t${copyField(i.dueOn)}\t${i.amount}\n`).join("")],
    );
    if (invoiceIds.length) {
      await conn.copyIn("plan_invoices", ["plan_id", "invoice_id"], [invoiceIds.map((i) => `${id}\t${i}\n`).join("")]);
    }
    await appendAudit(conn.db, {
      at: deps.now(),
      actor: user.login,
      action: "plan.create",
      objectType: "payment_plan",
      objectId: String(id),
      customerId,
      after: {
        total: input.total,
        downPayment: input.downPayment ?? "0",
        currency,
        installments: installments.length,
        invoiceIds,
      },
    });
    return {
      id,
      currency,
      total: formatDecimal(total, digits),
      downPayment: formatDecimal(downPayment, digits),
      installments: installments.map((i, n) => ({
        seq: n + 1,
        date: i.dueOn,
        amount: formatDecimal(i.amount, digits),
      })),
      invoiceIds,
      status: "active" as const,
    };
  });
}

/**
 * Every covered invoice is the customer's and none is disputed: neither under an open or investigating dispute nor
 * flagged disputed by the ERP. The rows are locked so a dispute cannot open on them while the plan is written.
 */
async function coveredInvoicesOrThrow(db: Db, customerId: number, ids: number[], asGiven: number[]): Promise<void> {
  const rows = await queryRows<{
    id: string;
    number: string;
    disputed: boolean;
    held: string | null;
    currency: string;
  }>(
    db,
    sql`select i.id, i.number, i.disputed, i.currency,
          (select sum(d.amount)::text from disputes d where d.invoice_id = i.id and d.status in (${activeStatusesSql()})) as held
        from invoices i where i.customer_id = ${customerId} and i.id in (${sql.join(
          ids.map((i) => sql`${i}`),
          sql`, `,
        )}) order by i.id for update of i`,
  );
  const byId = new Map(rows.map((r) => [Number(r.id), r]));
  const problems: string[] = [];
  asGiven.forEach((invoiceId, n) => {
    const r = byId.get(invoiceId);
    if (!r) problems.push(`invoiceIds[${n}]: invoice ${invoiceId} is not one of this customer's`);
    else if (r.held !== null) {
      const held = formatDecimal(BigInt(r.held), currencyDigits(r.currency.trim()));
      problems.push(
        `invoiceIds[${n}]: invoice "${r.number}" has ${held} ${r.currency.trim()} under an open dispute: resolve the dispute or leave the invoice out of the plan`,
      );
    } else if (r.disputed) {
      problems.push(
        `invoiceIds[${n}]: invoice "${r.number}" is marked disputed: clear the dispute or leave the invoice out of the plan`,
      );
    }
  });
  if (problems.length) throw new AppError("invalid_input", msg`the plan is refused: ${problems.join("; ")}`, problems);
}
