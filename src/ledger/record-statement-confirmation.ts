// The customer returned the balance-confirmation slip of a statement of account (对账单, statement.document.ts)
// signed: what it confirmed owing on which day, and who signed. The confirmation acknowledges the invoices open that
// day in its currency; they are kept with it, and the limitation clock (get-limitation.ts) restarts them from that
// day. Recorded with its audit row in one transaction; the scan of the slip is an attachment (src/attachments).
import { sql } from "drizzle-orm";
import { openItemsSql } from "../aging/aging.sql.ts";
import { appendAudit } from "../audit/append-audit.ts";
import { requireRole, visibleCustomerOrThrow } from "../auth/access.ts";
import type { AuthUser } from "../auth/sessions.ts";
import { dateInZone, type IsoDate, isIsoDate } from "../calendar/calendar-date.ts";
import type { Database, Db } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { AppError, msg } from "../errors/app-error.ts";
import { currencyDigits } from "../money/currencies.ts";
import { formatDecimal, parseDecimalField } from "../money/money.ts";
import { getSetting } from "../settings/settings.ts";

export type StatementConfirmationInput = {
  /** The day the customer signed the slip, YYYY-MM-DD; not in the future. */
  confirmedOn: string;
  /** The balance the customer confirmed, a decimal string in `currency`. */
  confirmedBalance: string;
  /** Default: the one currency the customer had open that day, else the company's. */
  currency?: string | null;
  /** The name of the person who signed for the customer. */
  signedBy: string;
  note?: string | null;
};

export type StatementConfirmationView = {
  id: number;
  customerId: number;
  confirmedOn: IsoDate;
  currency: string;
  confirmedBalance: string;
  /** What the ledger said was open that day; `difference` is confirmed minus ledger (non-zero needs a look). */
  ledgerBalance: string;
  difference: string;
  signedBy: string;
  note: string | null;
  invoiceIds: number[];
  recordedBy: string;
  recordedAt: string;
};

export async function recordStatementConfirmation(
  deps: { database: Database; now: () => Date },
  user: AuthUser,
  customerId: number,
  input: StatementConfirmationInput,
): Promise<StatementConfirmationView> {
  requireRole(user, ["admin", "manager", "collector"], "recording statement confirmations");
  if (!isIsoDate(input.confirmedOn)) {
    throw new AppError("invalid_input", msg`confirmedOn: "${input.confirmedOn}" is not a date (expected YYYY-MM-DD)`);
  }
  const signedBy = input.signedBy?.trim() ?? "";
  if (!signedBy) throw new AppError("invalid_input", msg`signedBy: name the person who signed for the customer`);
  const now = deps.now();
  const id = await deps.database.transaction(async ({ db }) => {
    await visibleCustomerOrThrow(db, user, customerId);
    const company = await getSetting(db, "company");
    const today = dateInZone(now, company.timeZone);
    if (input.confirmedOn > today) {
      throw new AppError("invalid_input", msg`confirmedOn: ${input.confirmedOn} is in the future (today is ${today})`);
    }
    const open = await queryRows<{ id: string; currency: string; open_amount: string }>(
      db,
      sql`select o.id, o.currency, o.open_amount from (${openItemsSql(input.confirmedOn, { customerIds: [customerId] })}) o
          where o.open_amount > 0 order by o.id`,
    );
    const openCurrencies = [...new Set(open.map((o) => o.currency.trim()))];
    const currency = (input.currency?.trim().toUpperCase() ||
      (openCurrencies.length === 1 ? openCurrencies[0] : company.currency)) as string;
    if (!/^[A-Z]{3}$/.test(currency))
      throw new AppError("invalid_input", msg`currency: "${currency}" is not a currency code`);
    const digits = currencyDigits(currency);
    const confirmed = parseDecimalField("confirmedBalance", input.confirmedBalance, digits, currency);
    if (confirmed < 0n) throw new AppError("invalid_input", msg`confirmedBalance: cannot be negative`);
    const covered = open.filter((o) => o.currency.trim() === currency);
    const ledger = covered.reduce((sum, o) => sum + BigInt(o.open_amount), 0n);
    const [row] = await queryRows<{ id: string }>(
      db,
      sql`insert into statement_confirmations (customer_id, confirmed_on, currency, confirmed_balance, ledger_balance,
            signed_by, note, recorded_by, recorded_at)
          values (${customerId}, ${input.confirmedOn}::date, ${currency}, ${confirmed}, ${ledger}, ${signedBy},
            ${input.note?.trim() || null}, ${user.login}, ${now.toISOString()}::timestamptz)
          returning id`,
    );
    const confirmationId = Number(row?.id);
    if (covered.length) {
      await db.execute(
        sql`insert into statement_confirmation_invoices (confirmation_id, invoice_id)
            select ${confirmationId}, unnest(${`{${covered.map((o) => o.id).join(",")}}`}::bigint[])`,
      );
    }
    await appendAudit(db, {
      at: now,
      actor: user.login,
      action: "statement.confirmed",
      objectType: "statement_confirmation",
      objectId: String(confirmationId),
      customerId,
      after: {
        confirmedOn: input.confirmedOn,
        currency,
        confirmedBalance: formatDecimal(confirmed, digits),
        ledgerBalance: formatDecimal(ledger, digits),
        signedBy,
        invoices: covered.length,
      },
    });
    return confirmationId;
  });
  const [view] = await listStatementConfirmations(deps.database.db, user, customerId, id);
  return view as StatementConfirmationView;
}

/** A customer's confirmations, newest first (or the one with `id`). */
export async function listStatementConfirmations(
  db: Db,
  user: AuthUser,
  customerId: number,
  id?: number,
): Promise<StatementConfirmationView[]> {
  await visibleCustomerOrThrow(db, user, customerId);
  const rows = await queryRows<{
    id: string;
    confirmed_on: string;
    currency: string;
    confirmed_balance: string;
    ledger_balance: string;
    signed_by: string;
    note: string | null;
    invoice_ids: (string | number)[] | string | null;
    recorded_by: string;
    recorded_at: string | Date;
  }>(
    db,
    sql`select s.id, s.confirmed_on, s.currency, s.confirmed_balance, s.ledger_balance, s.signed_by, s.note,
          (select array_agg(si.invoice_id order by si.invoice_id) from statement_confirmation_invoices si
            where si.confirmation_id = s.id) as invoice_ids, s.recorded_by, s.recorded_at
        from statement_confirmations s where s.customer_id = ${customerId} ${id ? sql`and s.id = ${id}` : sql``}
        order by s.confirmed_on desc, s.id desc`,
  );
  return rows.map((r) => {
    const currency = r.currency.trim();
    const digits = currencyDigits(currency);
    const confirmed = BigInt(r.confirmed_balance);
    const ledger = BigInt(r.ledger_balance);
    const ids =
      typeof r.invoice_ids === "string"
        ? r.invoice_ids
            .replace(/^\{|\}$/g, "")
            .split(",")
            .filter(Boolean)
        : r.invoice_ids;
    return {
      id: Number(r.id),
      customerId,
      confirmedOn: String(r.confirmed_on).slice(0, 10),
      currency,
      confirmedBalance: formatDecimal(confirmed, digits),
      ledgerBalance: formatDecimal(ledger, digits),
      difference: formatDecimal(confirmed - ledger, digits),
      signedBy: r.signed_by,
      note: r.note,
      invoiceIds: (ids ?? []).map(Number),
      recordedBy: r.recorded_by,
      recordedAt: new Date(r.recorded_at).toISOString(),
    };
  });
}
