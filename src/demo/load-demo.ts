// Loads the demo company into an empty database with COPY: one pass of the generator for customers and contacts
// (and the collectors' logged interactions and promises, which point at them), a second (same seed, same output) for invoices and payments, so even the benchmark sizes stream.
import { sql } from "drizzle-orm";
import { appendAudit } from "../audit/append-audit.ts";
import { hashPassword } from "../auth/password.ts";
import { users } from "../auth/users.schema.ts";
import { batchLines, copyArray, copyLine } from "../db/copy-text.ts";
import type { Database } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { AppError, msg } from "../errors/app-error.ts";
import { minBig } from "../money/money.ts";
import { settings } from "../settings/settings.schema.ts";
import { DEFAULT_DEMO_SEED, demoUsers, generateDemo } from "./generate-demo.ts";

export const DEMO_PASSWORD = "huikuan-demo";
export const DEMO_COMPANY = {
  name: "华东精工机械有限公司 (Huadong Precision Machinery)",
  currency: "CNY",
  timeZone: "Asia/Shanghai",
};

export type LoadDemoInput = { customers: number; invoices: number; payments: number; seed?: number; today: string };
export type LoadDemoResult = {
  customers: number;
  contacts: number;
  invoices: number;
  payments: number;
  interactions: number;
  promises: number;
  disputes: number;
  users: number;
};

export async function loadDemo(
  deps: { database: Database; now: () => Date },
  input: LoadDemoInput,
): Promise<LoadDemoResult> {
  const [existing] = await queryRows<{ n: number }>(deps.database.db, sql`select count(*)::int as n from customers`);
  if (Number(existing?.n) > 0) {
    throw new AppError(
      "conflict",
      msg`demo data loads only into an empty database, and this one already has customers`,
    );
  }
  const options = { ...input, seed: input.seed ?? DEFAULT_DEMO_SEED };
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const counts = await deps.database.transaction(async (conn) => {
    const db = conn.db;
    await db
      .insert(settings)
      .values({ key: "company", value: DEMO_COMPANY })
      .onConflictDoUpdate({ target: settings.key, set: { value: DEMO_COMPANY } });
    const demoLogins = demoUsers();
    await db
      .insert(users)
      .values(demoLogins.map((u) => ({ ...u, passwordHash })))
      .onConflictDoNothing();
    const userRows = await queryRows<{ id: string; login: string }>(db, sql`select id, login from users`);
    const userId = new Map(userRows.map((u) => [u.login, Number(u.id)]));

    // Ids are assigned here (COPY writes identity values as given) so payments can point at invoices directly.
    const base = async (table: string) =>
      Number(
        (await queryRows<{ n: string }>(db, sql.raw(`select coalesce(max(id), 0) as n from ${table}`)))[0]?.n ?? 0,
      );
    let customerId = await base("customers");
    let contactId = await base("contacts");
    let invoiceId = await base("invoices");
    let paymentId = await base("payments");
    let interactionId = await base("interactions");
    let promiseId = await base("promises");
    const contactLines: string[] = [];
    const interactionLines: string[] = [];
    const promiseLines: string[] = [];
    const counts = {
      customers: 0,
      contacts: 0,
      invoices: 0,
      payments: 0,
      interactions: 0,
      promises: 0,
      disputes: 0,
      users: demoLogins.length,
    };

    function* customerLines() {
      for (const { customer: c, contacts, interactions, promises } of generateDemo(options)) {
        customerId++;
        counts.customers++;
        yield copyLine([
          customerId,
          c.code,
          c.name,
          c.creditLimit,
          c.creditCurrency,
          c.paymentTermsDays,
          c.creditRating,
          c.country,
          c.timeZone,
          c.debtorType,
          userId.get(c.collectorLogin) ?? null,
          c.creditHold,
          c.prepayOnly,
          c.legal,
          c.doNotContact,
          c.middleman,
          c.foreignTrade,
          c.notes,
        ]);
        for (const k of contacts) {
          contactId++;
          counts.contacts++;
          contactLines.push(
            copyLine([
              contactId,
              customerId,
              k.name,
              k.role,
              copyArray(k.phones),
              copyArray(k.emails),
              k.preferredChannel,
              k.timeZone,
            ]),
          );
        }
        const contactIdOf = new Map(contacts.map((k, j) => [k.name, contactId - contacts.length + 1 + j]));
        const firstInteraction = interactionId + 1;
        for (const x of interactions) {
          interactionId++;
          counts.interactions++;
          interactionLines.push(
            copyLine([
              interactionId,
              customerId,
              contactIdOf.get(x.contactName) ?? null,
              x.channel,
              x.direction,
              x.at,
              x.durationSeconds,
              x.outcome,
              x.excuse,
              x.note,
              x.actor,
              x.scriptId,
            ]),
          );
        }
        for (const pr of promises) {
          promiseId++;
          counts.promises++;
          promiseLines.push(
            copyLine([
              promiseId,
              customerId,
              contactIdOf.get(pr.contactName) ?? null,
              pr.interaction >= 0 ? firstInteraction + pr.interaction : null,
              pr.amount,
              pr.currency,
              pr.promisedOn,
              pr.madeOn,
              pr.status,
              pr.paidAmount,
              pr.settledOn,
              pr.createdBy,
            ]),
          );
        }
      }
    }
    await conn.copyIn(
      "customers",
      [
        "id",
        "code",
        "name",
        "credit_limit",
        "credit_currency",
        "payment_terms_days",
        "credit_rating",
        "country",
        "time_zone",
        "debtor_type",
        "collector_id",
        "credit_hold",
        "prepay_only",
        "legal",
        "do_not_contact",
        "middleman",
        "foreign_trade",
        "notes",
      ],
      batchLines(customerLines()),
    );
    await conn.copyIn(
      "contacts",
      ["id", "customer_id", "name", "role", "phones", "emails", "preferred_channel", "time_zone"],
      batchLines(contactLines.splice(0)),
    );
    await conn.copyIn(
      "interactions",
      [
        "id",
        "customer_id",
        "contact_id",
        "channel",
        "direction",
        "at",
        "duration_seconds",
        "outcome",
        "excuse",
        "note",
        "actor",
        "script_id",
      ],
      batchLines(interactionLines.splice(0)),
    );
    await conn.copyIn(
      "promises",
      [
        "id",
        "customer_id",
        "contact_id",
        "interaction_id",
        "amount",
        "currency",
        "promised_on",
        "made_on",
        "status",
        "paid_amount",
        "settled_on",
        "created_by",
      ],
      batchLines(promiseLines.splice(0)),
    );

    const paymentLines: string[] = [];
    const allocationLines: string[] = [];
    const disputeLines: string[] = [];
    let cid = customerId - counts.customers;
    function* invoiceLines() {
      for (const { invoices, payments, disputes } of generateDemo(options)) {
        cid++;
        const idOf = new Map<string, { id: number; amount: bigint; currency: string }>();
        for (const inv of invoices) {
          invoiceId++;
          counts.invoices++;
          idOf.set(inv.number, { id: invoiceId, amount: inv.amount, currency: inv.currency });
          yield copyLine([
            invoiceId,
            cid,
            inv.number,
            inv.issueDate,
            inv.dueDate,
            inv.amount,
            inv.currency,
            inv.reference,
            inv.disputed,
          ]);
        }
        for (const p of payments) {
          paymentId++;
          counts.payments++;
          paymentLines.push(copyLine([paymentId, cid, p.reference, p.paidOn, p.amount, p.currency, p.method]));
          const target = p.invoiceNumber ? idOf.get(p.invoiceNumber) : undefined;
          if (target) allocationLines.push(copyLine([paymentId, target.id, minBig(p.amount, target.amount)]));
        }
        // The disputes the collectors recorded: on the whole invoice, recorded the day it was raised.
        for (const d of disputes) {
          const inv = idOf.get(d.invoiceNumber);
          if (!inv) continue;
          counts.disputes++;
          const at = `${d.openedOn}T02:00:00Z`;
          disputeLines.push(
            copyLine([
              cid,
              inv.id,
              d.category,
              inv.amount,
              inv.currency,
              d.description,
              userId.get(d.owner) ?? null,
              d.status,
              d.openedOn,
              d.owner,
              at,
              at,
            ]),
          );
        }
      }
    }
    await conn.copyIn(
      "invoices",
      ["id", "customer_id", "number", "issue_date", "due_date", "amount", "currency", "reference", "disputed"],
      batchLines(invoiceLines()),
    );
    await conn.copyIn(
      "payments",
      ["id", "customer_id", "reference", "paid_on", "amount", "currency", "method"],
      batchLines(paymentLines.splice(0)),
    );
    await conn.copyIn("allocations", ["payment_id", "invoice_id", "amount"], batchLines(allocationLines.splice(0)));
    await conn.copyIn(
      "disputes",
      [
        "customer_id",
        "invoice_id",
        "category",
        "amount",
        "currency",
        "description",
        "owner_id",
        "status",
        "opened_on",
        "created_by",
        "created_at",
        "updated_at",
      ],
      batchLines(disputeLines.splice(0)),
    );
    for (const table of ["customers", "contacts", "invoices", "payments", "interactions", "promises"]) {
      await db.execute(
        sql.raw(`select setval(pg_get_serial_sequence('${table}', 'id'), greatest((select max(id) from ${table}), 1))`),
      );
    }
    // The ledger's tables are vacuumed and analysed once committed (below).
    for (const table of ["contacts", "interactions", "promises"]) await db.execute(sql.raw(`analyze ${table}`));
    await appendAudit(db, {
      at: deps.now(),
      actor: "system",
      action: "demo.load",
      objectType: "database",
      after: { ...counts, seed: options.seed, today: options.today },
    });
    return counts;
  });
  // As an import does after a bulk load: VACUUM sets the new rows' visibility once, here, so the first aging or daily
  // run reads the invoices from their index alone. PGlite has no autovacuum: without this, every later read of the
  // demo's invoices would visit the table as well as the index.
  await deps.database.db.execute(sql`vacuum (analyze) customers, invoices, payments, allocations`);
  return counts;
}
