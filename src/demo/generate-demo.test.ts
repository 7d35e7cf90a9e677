import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { ENGINES, openTestDatabase } from "../../test/test-database.ts";
import { runDaily } from "../collection/run-daily.ts";
import { scriptById } from "../collection/scripts.ts";
import type { Database } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { type Behaviour, CAUSES, type DemoBundle, type DemoOptions, demoUsers, generateDemo } from "./generate-demo.ts";
import { loadDemo } from "./load-demo.ts";

const TODAY = "2025-06-15";
const DEFAULT: DemoOptions = { customers: 300, invoices: 6000, payments: 5000, today: TODAY };

const collect = (options: DemoOptions): DemoBundle[] => [...generateDemo(options)];
const defaultRun = collect(DEFAULT);

const dayOf = (date: string): number => Date.parse(`${date}T00:00:00Z`) / 86_400_000;

describe("demoUsers", () => {
  it("has the fixed logins, roles and teams", () => {
    const users = demoUsers();
    expect(users.map((u) => u.login)).toEqual(["admin", "manager", "c1", "c2", "c3", "c4", "c5", "finance"]);
    expect(users.filter((u) => u.role === "collector").map((u) => u.team)).toEqual([
      "east",
      "east",
      "east",
      "export",
      "export",
    ]);
    for (const user of users) expect(user.name).toMatch(/^[\u4e00-\u9fff]{2,3}$/);
  });
});

describe("generateDemo", () => {
  it("is deterministic for the same options and changes with the seed", () => {
    expect(collect(DEFAULT)).toEqual(defaultRun);
    const other = collect({ ...DEFAULT, seed: 7 });
    expect(other).not.toEqual(defaultRun);
  });

  it.each([
    [300, 6000, 5000],
    [50, 50, 10],
    [1000, 20000, 3000],
    [20, 100, 400],
    [40, 10, 3],
    [0, 0, 0],
  ])("meets exact totals for %i customers, %i invoices, %i payments", (customers, invoices, payments) => {
    const bundles = collect({ customers, invoices, payments, today: TODAY, seed: 11 });
    expect(bundles).toHaveLength(customers);
    expect(bundles.reduce((s, b) => s + b.invoices.length, 0)).toBe(invoices);
    expect(bundles.reduce((s, b) => s + b.payments.length, 0)).toBe(payments);
    if (invoices >= customers) for (const b of bundles) expect(b.invoices.length).toBeGreaterThanOrEqual(1);
  });

  it("rejects impossible requests", () => {
    expect(() => collect({ customers: 0, invoices: 5, payments: 0, today: TODAY })).toThrow();
    expect(() => collect({ customers: 5, invoices: 0, payments: 1, today: TODAY })).toThrow();
    expect(() => collect({ customers: 5, invoices: 5, payments: 1, today: "2025-02-30" })).toThrow();
  });

  it("yields customers in code order with unique invoice numbers and payment references", () => {
    expect(defaultRun.map((b) => b.customer.code)).toEqual(
      defaultRun.map((_, i) => `C${String(i + 1).padStart(6, "0")}`),
    );
    const numbers = defaultRun.flatMap((b) => b.invoices.map((i) => i.number));
    const refs = defaultRun.flatMap((b) => b.payments.map((p) => p.reference));
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(new Set(refs).size).toBe(refs.length);
    for (const n of numbers) expect(n).toMatch(/^SI-\d{4}-\d{6,}$/);
    for (const r of refs) expect(r).toMatch(/^RC-\d{4}-\d{6,}$/);
  });

  it.each<[string, DemoOptions]>([
    ["default", DEFAULT],
    ["payment-heavy", { customers: 30, invoices: 200, payments: 900, today: TODAY, seed: 3 }],
    ["short history", { customers: 60, invoices: 600, payments: 500, today: "2024-02-29", years: 0.5 }],
  ])("keeps every %s ledger consistent in dates and amounts", (_, options) => {
    const today = dayOf(options.today);
    const start = today - Math.round((options.years ?? 2) * 365.25);
    for (const { customer, invoices, payments } of collect(options)) {
      const byNumber = new Map(invoices.map((i) => [i.number, i]));
      const currency = invoices[0]?.currency;
      for (const inv of invoices) {
        const issue = dayOf(inv.issueDate);
        expect(issue).toBeLessThanOrEqual(today);
        expect(issue).toBeGreaterThanOrEqual(start);
        expect(dayOf(inv.dueDate) - issue).toBe(customer.paymentTermsDays);
        expect(inv.amount).toBeGreaterThan(0n);
        expect(inv.currency).toBe(currency);
      }
      for (const pay of payments) {
        expect(dayOf(pay.paidOn)).toBeLessThanOrEqual(today);
        expect(pay.amount).toBeGreaterThan(0n);
        expect(pay.currency).toBe(currency);
        if (pay.invoiceNumber !== null) {
          const inv = byNumber.get(pay.invoiceNumber);
          expect(inv).toBeDefined();
          expect(pay.paidOn >= (inv?.issueDate ?? "")).toBe(true);
        }
      }
      // Explicit allocations never exceed their invoice.
      const explicit = new Map<string, bigint>();
      for (const pay of payments) {
        if (pay.invoiceNumber === null) continue;
        explicit.set(pay.invoiceNumber, (explicit.get(pay.invoiceNumber) ?? 0n) + pay.amount);
      }
      for (const [number, paid] of explicit) expect(paid).toBeLessThanOrEqual(byNumber.get(number)?.amount ?? 0n);
      // At every payment date, what has been paid never exceeds what had been invoiced by then.
      const sorted = [...payments].sort((a, b) => a.paidOn.localeCompare(b.paidOn));
      let paid = 0n;
      for (const pay of sorted) {
        paid += pay.amount;
        const invoicedSoFar = invoices.filter((i) => i.issueDate <= pay.paidOn).reduce((s, i) => s + i.amount, 0n);
        expect(paid).toBeLessThanOrEqual(invoicedSoFar);
      }
    }
  });

  it("uses realistic amounts, currencies and collectors", () => {
    for (const { customer, invoices, contacts } of defaultRun) {
      const currency = invoices[0]?.currency ?? "CNY";
      if (customer.foreignTrade) {
        expect(["USD", "EUR"]).toContain(currency);
        expect(["c4", "c5"]).toContain(customer.collectorLogin);
        expect(customer.country).not.toBe("CN");
        expect(customer.timeZone).not.toBe("Asia/Shanghai");
      } else {
        expect(currency).toBe("CNY");
        expect(["c1", "c2", "c3"]).toContain(customer.collectorLogin);
        expect(customer.country).toBe("CN");
        expect(customer.timeZone).toBe("Asia/Shanghai");
        expect(customer.name).toMatch(/[\u4e00-\u9fff]/);
      }
      expect(customer.country).toMatch(/^[A-Z]{2}$/);
      for (const inv of invoices) {
        const [lo, hi] = currency === "CNY" ? [2_000_00n, 800_000_00n] : [1_000_00n, 120_000_00n];
        expect(inv.amount).toBeGreaterThanOrEqual(lo);
        expect(inv.amount).toBeLessThanOrEqual(hi);
      }
      expect(customer.creditCurrency === null).toBe(customer.creditLimit === null);
      expect(contacts.length).toBeGreaterThanOrEqual(1);
      expect(contacts.length).toBeLessThanOrEqual(4);
      expect(new Set(contacts.map((c) => c.name)).size).toBe(contacts.length);
      for (const contact of contacts) {
        expect(contact.phones.length + contact.emails.length).toBeGreaterThan(0);
        for (const email of contact.emails) expect(email).toMatch(/^[a-z0-9.]+@example\.(cn|com)$/);
        for (const phone of contact.phones) expect(phone).toMatch(/^\+\d{1,3} [\d ]+$/);
        if (!customer.foreignTrade) for (const phone of contact.phones) expect(phone).toMatch(/^\+86 /);
      }
    }
    const foreign = defaultRun.filter((b) => b.customer.foreignTrade).length / defaultRun.length;
    expect(foreign).toBeGreaterThan(0.08);
    expect(foreign).toBeLessThan(0.16);
    const collectors = new Set(defaultRun.map((b) => b.customer.collectorLogin));
    expect([...collectors].sort()).toEqual(["c1", "c2", "c3", "c4", "c5"]);
    const contacts = defaultRun.flatMap((b) => b.contacts);
    const nullZones = contacts.filter((c) => c.timeZone === null).length / contacts.length;
    expect(nullZones).toBeGreaterThan(0.2);
    expect(nullZones).toBeLessThan(0.4);
    const withFinance = defaultRun.filter((b) => b.contacts.some((c) => c.role === "finance")).length;
    expect(withFinance / defaultRun.length).toBeGreaterThan(0.75);
  });

  it("has every behaviour at the default size, with the expected flags", () => {
    const seen = new Set<Behaviour>(defaultRun.map((b) => b.customer.behaviour));
    for (const b of [...CAUSES, "good"] as const) expect(seen.has(b)).toBe(true);
    for (const { customer, invoices } of defaultRun) {
      expect(customer.middleman).toBe(customer.behaviour === "middleman");
      if (customer.behaviour === "fx_wait") {
        expect(customer.foreignTrade).toBe(true);
        expect(["USD", "EUR"]).toContain(invoices[0]?.currency);
      }
      if (customer.behaviour !== "dispute") expect(invoices.some((i) => i.disputed)).toBe(false);
    }
    const good = defaultRun.filter((b) => b.customer.behaviour === "good").length / defaultRun.length;
    expect(good).toBeGreaterThan(0.35);
    expect(good).toBeLessThan(0.5);
  });

  describe("payment histories show the cause", () => {
    const today = dayOf(TODAY);
    type Open = { overdueDays: number; open: bigint; amount: bigint; disputed: boolean; partial: boolean };
    /** Open items per customer: explicit allocations first, then the rest oldest-due-first (as the ledger does). */
    const openItems = (bundle: DemoBundle): Open[] => {
      const owed = new Map(bundle.invoices.map((i) => [i.number, i.amount]));
      let free = 0n;
      for (const p of bundle.payments) {
        if (p.invoiceNumber === null) free += p.amount;
        else owed.set(p.invoiceNumber, (owed.get(p.invoiceNumber) ?? 0n) - p.amount);
      }
      const out: Open[] = [];
      for (const inv of [...bundle.invoices].sort((a, b) => a.dueDate.localeCompare(b.dueDate))) {
        let open = owed.get(inv.number) ?? 0n;
        const take = open < free ? open : free;
        open -= take;
        free -= take;
        if (open > 0n) {
          out.push({
            overdueDays: today - dayOf(inv.dueDate),
            open,
            amount: inv.amount,
            disputed: inv.disputed,
            partial: open < inv.amount,
          });
        }
      }
      return out;
    };
    const of = (behaviour: Behaviour) => defaultRun.filter((b) => b.customer.behaviour === behaviour);
    const overdueShare = (bundles: DemoBundle[]) => {
      let invoiced = 0n;
      let overdue = 0n;
      for (const b of bundles) {
        for (const i of b.invoices) invoiced += i.amount;
        for (const o of openItems(b)) if (o.overdueDays > 0) overdue += o.open;
      }
      return Number((overdue * 10_000n) / (invoiced === 0n ? 1n : invoiced)) / 10_000;
    };

    it("good payers have little overdue and old invoices are mostly paid", () => {
      expect(overdueShare(of("good"))).toBeLessThan(0.02);
      let old = 0;
      let oldOpen = 0;
      for (const b of defaultRun) {
        old += b.invoices.filter((i) => today - dayOf(i.dueDate) > 180).length;
        oldOpen += openItems(b).filter((o) => o.overdueDays > 180).length;
      }
      expect(oldOpen / old).toBeLessThan(0.05);
    });

    it("problem customers carry most of the overdue balance", () => {
      const problems = defaultRun.filter((b) => b.customer.behaviour !== "good" && b.customer.behaviour !== "forgot");
      expect(overdueShare(problems)).toBeGreaterThan(overdueShare(of("good")) * 3);
    });

    it("forgetful customers are only a little overdue", () => {
      for (const b of of("forgot")) {
        for (const o of openItems(b)) expect(o.overdueDays).toBeLessThanOrEqual(60);
      }
    });

    it("disputed invoices stay unpaid while others get paid", () => {
      for (const b of of("dispute")) {
        const disputed = b.invoices.filter((i) => i.disputed);
        expect(disputed.length).toBeGreaterThanOrEqual(1);
        for (const i of disputed) expect(b.payments.some((p) => p.invoiceNumber === i.number)).toBe(false);
        expect(b.payments.every((p) => p.invoiceNumber !== null)).toBe(true);
      }
    });

    it("deliberate refusers have old unpaid balances", () => {
      const withOld = of("deliberate").filter((b) => openItems(b).some((o) => o.overdueDays >= 100));
      expect(withOld.length).toBeGreaterThanOrEqual(of("deliberate").length * 0.7);
      expect(overdueShare(of("deliberate"))).toBeGreaterThan(0.2);
      expect(of("deliberate").some((b) => b.customer.creditHold)).toBe(true);
      for (const b of defaultRun) if (b.customer.legal) expect(b.customer.behaviour).toBe("deliberate");
    });

    it("hardship customers pay in instalments", () => {
      const splitInvoices = of("hardship").filter((b) => {
        const per = new Map<string, number>();
        for (const p of b.payments) if (p.invoiceNumber) per.set(p.invoiceNumber, (per.get(p.invoiceNumber) ?? 0) + 1);
        return [...per.values()].some((n) => n >= 2);
      });
      expect(splitInvoices.length).toBeGreaterThanOrEqual(of("hardship").length * 0.6);
      expect(of("hardship").some((b) => openItems(b).some((o) => o.partial))).toBe(true);
    });

    it("habitual and fx-waiting customers pay late, middlemen pay in lumps", () => {
      const lateness = (bundles: DemoBundle[]) => {
        const delays: number[] = [];
        for (const b of bundles) {
          const due = new Map(b.invoices.map((i) => [i.number, dayOf(i.dueDate)]));
          for (const p of b.payments) {
            const d = p.invoiceNumber ? due.get(p.invoiceNumber) : undefined;
            if (d !== undefined) delays.push(dayOf(p.paidOn) - d);
          }
        }
        delays.sort((a, b) => a - b);
        return delays[Math.floor(delays.length / 2)] ?? 0;
      };
      expect(lateness(of("habitual"))).toBeGreaterThanOrEqual(15);
      expect(lateness(of("fx_wait"))).toBeGreaterThanOrEqual(8);
      expect(lateness(of("good"))).toBeLessThanOrEqual(5);
      const mm = of("middleman");
      const invoices = mm.reduce((s, b) => s + b.invoices.length, 0);
      const payments = mm.reduce((s, b) => s + b.payments.length, 0);
      expect(payments).toBeLessThan(invoices / 2);
    });

    it("transfers leave on business days, and many businesses pay in a weekly run", () => {
      const weekday = (iso: string) => (dayOf(iso) + 3) % 7; // 0 = Monday
      let runs = 0;
      let businesses = 0;
      for (const b of defaultRun) {
        for (const p of b.payments) expect(weekday(p.paidOn)).toBeLessThan(5);
        const days = [...new Set(b.payments.map((p) => p.paidOn))];
        if (b.customer.debtorType !== "business" || days.length < 6) continue;
        businesses++;
        const counts = [0, 0, 0, 0, 0];
        for (const d of days) counts[weekday(d)] = (counts[weekday(d)] as number) + 1;
        if (Math.max(...counts) >= 0.8 * days.length) runs++;
      }
      // About 70% of businesses have a run (those paying in monthly settlements aside); not every one of them.
      expect(runs).toBeGreaterThan(0.4 * businesses);
      expect(runs).toBeLessThan(0.9 * businesses);
      // A note says which day for some of them.
      const noted = defaultRun.filter((b) => /^财务每周[一二三四五]统一付款。$/.test(b.customer.notes ?? ""));
      expect(noted.length).toBeGreaterThan(0);
      for (const b of noted) {
        const day = "一二三四五".indexOf((b.customer.notes as string)[4] as string);
        const on = b.payments.filter((p) => weekday(p.paidOn) === day).length;
        expect(on).toBeGreaterThanOrEqual(0.5 * b.payments.length);
      }
    });

    it("switched and unreachable customers have stopped paying recent invoices", () => {
      for (const behaviour of ["switched_supplier", "unreachable"] as const) {
        for (const b of of(behaviour)) {
          expect(openItems(b).length).toBeGreaterThanOrEqual(1);
          expect(b.contacts.length).toBeGreaterThanOrEqual(1);
        }
      }
    });
  });
});

describe("collection history", () => {
  const today = dayOf(TODAY);
  const of = (behaviour: Behaviour) => defaultRun.filter((b) => b.customer.behaviour === behaviour);

  it("is deterministic, modest at the default size and changes with the seed", () => {
    const again = collect(DEFAULT);
    expect(again.map((b) => [b.interactions, b.promises])).toEqual(defaultRun.map((b) => [b.interactions, b.promises]));
    const interactions = defaultRun.reduce((s, b) => s + b.interactions.length, 0);
    const promises = defaultRun.reduce((s, b) => s + b.promises.length, 0);
    expect(interactions).toBeGreaterThan(150);
    expect(interactions).toBeLessThan(1200);
    expect(promises).toBeGreaterThan(20);
    expect(promises).toBeLessThan(300);
    const other = collect({ ...DEFAULT, seed: 7 });
    expect(other.map((b) => b.interactions)).not.toEqual(defaultRun.map((b) => b.interactions));
  });

  it("settles every promise from the generated payments", () => {
    const statuses = new Set<string>();
    for (const b of defaultRun) {
      for (const pr of b.promises) {
        statuses.add(pr.status);
        expect(pr.amount).toBeGreaterThan(0n);
        expect(pr.currency).toBe(b.invoices[0]?.currency);
        expect(pr.madeOn <= pr.promisedOn).toBe(true);
        expect(dayOf(pr.madeOn)).toBeLessThan(today);
        expect(b.contacts.some((c) => c.name === pr.contactName)).toBe(true);
        expect(b.interactions[pr.interaction]?.outcome).toBe("promise_to_pay");
        const paid = b.payments
          .filter((p) => p.paidOn >= pr.madeOn && p.paidOn <= pr.promisedOn)
          .reduce((s, p) => s + p.amount, 0n);
        if (dayOf(pr.promisedOn) >= today) {
          expect(pr).toMatchObject({ status: "open", paidAmount: null, settledOn: null });
          continue;
        }
        expect(pr.paidAmount).toBe(paid);
        expect(pr.settledOn).toBe(new Date((dayOf(pr.promisedOn) + 1) * 86_400_000).toISOString().slice(0, 10));
        expect(pr.status).toBe(paid >= pr.amount ? "kept" : paid > 0n ? "partially_kept" : "broken");
      }
    }
    for (const status of ["kept", "broken", "open"]) expect(statuses.has(status)).toBe(true);
  });

  it("names a script of the library on every outbound contact, one fit for the customer's cause and channel", () => {
    const used = new Map<string, number>();
    for (const b of defaultRun)
      for (const x of b.interactions) {
        if (x.direction === "inbound") {
          expect(x.scriptId).toBeNull();
          continue;
        }
        const script = scriptById(x.scriptId as string);
        expect(script, `${x.scriptId} is in the library`).toBeDefined();
        if (x.channel === "call" || x.channel === "visit") expect(x.scriptId).toMatch(/^call\./);
        else if (x.channel === "email") expect(x.scriptId).toMatch(/^(email|letter)\./);
        else expect(x.scriptId).toMatch(/^sms\./);
        if (x.channel === "call" && b.customer.behaviour !== "deliberate")
          expect(x.scriptId).toMatch(new RegExp(`^call\\.(${b.customer.behaviour}|promise|before_due)\\.`));
        used.set(x.scriptId as string, (used.get(x.scriptId as string) ?? 0) + 1);
      }
    // Enough scripts used often enough for a ranking.
    expect([...used.values()].filter((n) => n >= 20).length).toBeGreaterThanOrEqual(5);
  });

  it("logs contacts in business hours of the contact's time zone, by the customer's collector", () => {
    const formats = new Map<string, Intl.DateTimeFormat>();
    for (const b of defaultRun) {
      for (const x of b.interactions) {
        const contact = b.contacts.find((c) => c.name === x.contactName);
        expect(contact).toBeDefined();
        const zone = contact?.timeZone ?? b.customer.timeZone;
        let f = formats.get(zone);
        if (!f) {
          f = new Intl.DateTimeFormat("en-GB", {
            timeZone: zone,
            hour: "2-digit",
            minute: "2-digit",
            hourCycle: "h23",
          });
          formats.set(zone, f);
        }
        const local = f.format(new Date(x.at));
        expect(local >= "08:00" && local < "21:00", `${x.at} is ${local} in ${zone}`).toBe(true);
        const day = Math.floor(Date.parse(x.at) / 86_400_000);
        expect(day).toBeGreaterThanOrEqual(today - 125);
        expect(day).toBeLessThan(today);
        expect(x.actor).toBe(b.customer.collectorLogin);
        expect(x.note).toMatch(/[\u4e00-\u9fff]/);
      }
    }
  });

  it("records the signs of each cause", () => {
    const excuses = (bs: DemoBundle[], excuse: string) =>
      bs.filter((b) => b.interactions.filter((x) => x.excuse === excuse).length >= 2).length;
    expect(excuses(of("middleman"), "waiting_for_our_customer")).toBe(of("middleman").length);
    expect(excuses(of("fx_wait"), "waiting_for_exchange_rate")).toBe(of("fx_wait").length);
    const brokenTwice = of("deliberate").filter((b) => b.promises.filter((p) => p.status === "broken").length >= 2);
    expect(brokenTwice.length).toBeGreaterThanOrEqual(of("deliberate").length * 0.6);
    for (const b of of("unreachable")) {
      const recent = b.interactions.filter((x) => Date.parse(x.at) / 86_400_000 > today - 30);
      expect(recent.length).toBeGreaterThanOrEqual(3);
      for (const x of b.interactions.filter((x) => Date.parse(x.at) / 86_400_000 > today - 42)) {
        expect(["no_answer", "left_message"]).toContain(x.outcome);
        expect(x.direction).toBe("outbound");
      }
    }
    const hardshipKept = of("hardship").filter(
      (b) =>
        b.interactions.some((x) => x.excuse === "no_money_now") &&
        b.promises.some((p) => p.status === "kept" || p.status === "partially_kept"),
    );
    expect(hardshipKept.length).toBeGreaterThanOrEqual(of("hardship").length * 0.5);
    for (const b of of("dispute")) {
      expect(b.interactions.some((x) => x.outcome === "dispute_raised")).toBe(true);
    }
    expect(of("good").every((b) => b.interactions.length === 0 && b.promises.length === 0)).toBe(true);
  });
});

describe.each(ENGINES)("the demo on %s", (engine) => {
  let database: Database;
  afterEach(async () => {
    await database?.close();
  });

  it("lets the daily run infer the causes from the logged history", async () => {
    database = await openTestDatabase(engine);
    const now = () => new Date(`${TODAY}T10:00:00Z`);
    const loaded = await loadDemo({ database, now }, DEFAULT);
    const expected = defaultRun.reduce((s, b) => s + b.interactions.length, 0);
    expect(loaded.interactions).toBe(expected);
    expect(loaded.promises).toBe(defaultRun.reduce((s, b) => s + b.promises.length, 0));
    // Every dispute a customer raised in the logged history is on the disputes board, on an invoice flagged
    // disputed, owned by the customer's collector, opened the day it was raised.
    const raised = defaultRun.flatMap((b) =>
      b.interactions
        .filter((x) => x.outcome === "dispute_raised")
        .map(() => `${b.customer.code} ${b.customer.collectorLogin}`),
    );
    expect(loaded.disputes).toBe(raised.length);
    expect(loaded.disputes).toBeGreaterThan(0);
    const board = await queryRows<{ code: string; owner: string; disputed: boolean; raised: boolean }>(
      database.db,
      sql`select c.code, u.login as owner, i.disputed,
            exists (select 1 from interactions x left join contacts k on k.id = x.contact_id
              where x.customer_id = d.customer_id and x.outcome = 'dispute_raised'
              and (x.at at time zone coalesce(k.time_zone, c.time_zone, 'Asia/Shanghai'))::date = d.opened_on) as raised
          from disputes d join customers c on c.id = d.customer_id join invoices i on i.id = d.invoice_id
          join users u on u.id = d.owner_id where d.status in ('open', 'investigating') and d.amount = i.amount`,
    );
    expect(board.map((r) => `${r.code} ${r.owner}`).sort()).toEqual([...raised].sort());
    expect(board.filter((r) => !r.disputed || !r.raised)).toEqual([]);
    await runDaily({ database, now }, { asOf: TODAY, trigger: "cli", actor: "test" });
    const rows = await queryRows<{ cause: string; n: number }>(
      database.db,
      sql`select cause, count(*)::int as n from collection_states group by cause`,
    );
    const causes = new Set(rows.map((r) => r.cause));
    for (const cause of ["deliberate", "unreachable", "middleman", "hardship", "forgot"]) {
      expect(causes.has(cause), `${cause} in ${JSON.stringify(rows)}`).toBe(true);
    }
  }, 120_000);
});
