// Test data for messaging: a customer with an overdue invoice and a finance contact, the default templates, and a
// real SMTP server on loopback that records what arrives (parsed) and can answer 451 to the next messages.
import type { AddressInfo } from "node:net";
import { sql } from "drizzle-orm";
import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { signIn } from "../../test/http-session.ts";
import { openTestDatabase, uniquePrefix } from "../../test/test-database.ts";
import { addUser } from "../auth/manage-users.ts";
import type { Database, Dialect } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { createApp } from "../http/app.ts";
import { seedDefaultTemplates } from "./seed-templates.ts";

export type CustomerOptions = {
  zone?: string;
  debtorType?: "business" | "sole_trader" | "consumer";
  collectorId?: number | null;
  email?: string;
  phone?: string;
  role?: "owner" | "finance" | "purchasing" | "other";
};

/** A customer with one overdue invoice (CNY 12,345.60 due 2025-02-01) and a finance contact with e-mail and phone. */
export async function makeCustomer(database: Database, opts: CustomerOptions = {}) {
  const code = uniquePrefix("MSG");
  const [c] = await queryRows<{ id: string }>(
    database.db,
    sql`insert into customers (code, name, time_zone, debtor_type, collector_id)
        values (${code}, ${`${code} Trading Co`}, ${opts.zone ?? "Asia/Shanghai"}, ${opts.debtorType ?? "business"},
          ${opts.collectorId ?? null}) returning id`,
  );
  const customerId = Number(c?.id);
  const email = opts.email ?? `${code.toLowerCase()}@example.com`;
  const [k] = await queryRows<{ id: string }>(
    database.db,
    sql`insert into contacts (customer_id, name, role, emails, phones)
        values (${customerId}, 'Ms Wang', ${opts.role ?? "finance"}, array[${email}]::text[],
          array[${opts.phone ?? "+86 139-0000-0001"}]::text[]) returning id`,
  );
  await database.db.execute(
    sql`insert into invoices (customer_id, number, issue_date, due_date, amount, currency)
        values (${customerId}, ${`${code}-1`}, '2025-01-01', '2025-02-01', 1234560, 'CNY')`,
  );
  return { code, customerId, contactId: Number(k?.id), email };
}

export async function templateId(database: Database, key: string, channel: string, language: string) {
  const [t] = await queryRows<{ id: string }>(
    database.db,
    sql`select id from message_templates where key = ${key} and channel = ${channel} and language = ${language}`,
  );
  if (!t) throw new Error(`no template ${key} ${channel} ${language}`);
  return Number(t.id);
}

export async function outboxRow(database: Database, id: number) {
  const [row] = await queryRows<{
    status: string;
    attempts: number;
    next_attempt_at: string | Date;
    error: string | null;
    provider_message_id: string | null;
    body: string;
    subject: string | null;
    attempt_id: string | null;
  }>(
    database.db,
    sql`select status, attempts, next_attempt_at, error, provider_message_id, body, subject, attempt_id
        from outbox_messages where id = ${id}`,
  );
  if (!row) throw new Error(`no outbox message ${id}`);
  return { ...row, next_attempt_at: new Date(row.next_attempt_at) };
}

export type TestSmtp = {
  port: number;
  received: ParsedMail[];
  /** The next n messages are answered "451 try again later". */
  failNext(n: number): void;
  /** This recipient is refused with "550 no such user". */
  rejectRecipient(address: string): void;
  close(): Promise<void>;
};

export async function startSmtpServer(): Promise<TestSmtp> {
  const received: ParsedMail[] = [];
  let failures = 0;
  const rejected = new Set<string>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (rejected.has(address.address)) {
        callback(Object.assign(new Error(`no such user <${address.address}>`), { responseCode: 550 }));
      } else callback();
    },
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        if (failures > 0) {
          failures--;
          callback(Object.assign(new Error("mailbox busy, try again later"), { responseCode: 451 }));
          return;
        }
        simpleParser(Buffer.concat(chunks)).then(
          (mail) => {
            received.push(mail);
            callback();
          },
          (e: Error) => callback(e),
        );
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    received,
    failNext: (n) => {
      failures = n;
    },
    rejectRecipient: (address) => void rejected.add(address),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * A database of its own with the default templates, the app on it, and two users signed in: Ann, a collector of team
 * east, and Mia, her manager.
 */
export async function openMessagingApp(engine: Dialect, now: Date) {
  const database = await openTestDatabase(engine);
  const deps = { database, now: () => now };
  const app = createApp({ database, now: () => now, version: "test" });
  const user = { name: "Ann Li", role: "collector", team: "east", password: "ann-secret-pass" } as const;
  const annId = (await addUser(deps, { login: "ann", ...user }, "test")).id;
  await addUser(
    deps,
    { login: "mia", name: "Mia", role: "manager", team: "east", password: "mia-secret-pass" },
    "test",
  );
  await seedDefaultTemplates(deps);
  const ann = await signIn(app, "ann", "ann-secret-pass");
  const mia = await signIn(app, "mia", "mia-secret-pass");
  return { database, app, annId, ann, mia };
}
