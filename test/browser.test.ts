// The main journeys in a real browser: Chromium (never downloaded: /usr/bin/chromium or CHROMIUM_PATH, which CI
// installs) driven by playwright-core against the app served over a test database with a small demo company.
// Without Chromium, or when the web app cannot be built, the file is skipped with a notice saying why.
// Screenshots of each page land in HUIKUAN_SCREENSHOTS (default scratch/browser-shots).
import fs from "node:fs";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { type ServerType, serve } from "@hono/node-server";
import { sql } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { companyToday } from "../src/app/open-database.ts";
import { runDaily } from "../src/collection/run-daily.ts";
import { nameInitials } from "../src/customers/name-initials.rules.ts";
import type { Database } from "../src/db/database.ts";
import { queryRows } from "../src/db/query-rows.ts";
import { DEMO_PASSWORD, loadDemo } from "../src/demo/load-demo.ts";
import { createApp } from "../src/http/app.ts";
import { ensureWebBuild, isWebBuildStale, WEB_DIST } from "../src/http/web-assets.ts";
import { openTestDatabase } from "./test-database.ts";

const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const SHOTS = path.resolve(process.env.HUIKUAN_SCREENSHOTS || "scratch/browser-shots");

function whyNot(): string | null {
  if (!fs.existsSync(CHROMIUM)) {
    return `no Chromium at ${CHROMIUM} (install it, e.g. apt-get install chromium, or set CHROMIUM_PATH)`;
  }
  return null;
}
const skipReason = whyNot();
if (skipReason) console.warn(`\n  ⚠ browser tests SKIPPED: ${skipReason}\n`);

describe.skipIf(skipReason !== null)("the web app in Chromium", () => {
  let database: Database;
  let server: ServerType;
  let browser: Browser;
  let base = "";
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    const started = performance.now();
    // The server serves web/dist: build it when it is missing or older than web/src (as `npm start` does).
    if (isWebBuildStale()) await ensureWebBuild((line) => console.log(`  ${line}`));
    if (!fs.existsSync(path.join(WEB_DIST, "index.html"))) {
      throw new Error("the web app could not be built into web/dist (see the lines above): run `npm run build`");
    }
    database = await openTestDatabase("pglite");
    const now = () => new Date();
    const today = await companyToday(database.db, now());
    await loadDemo({ database, now }, { customers: 90, invoices: 900, payments: 600, today });
    await runDaily({ database, now }, { asOf: today, trigger: "cli", actor: "test" });
    const app = createApp({ database, now, version: "test" });
    server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const { chromium } = await import("playwright-core");
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-sync"],
    });
    page = await browser.newPage({ locale: "zh-CN", viewport: { width: 1440, height: 900 } });
    page.setDefaultTimeout(10_000);
    page.on("pageerror", (e) => errors.push(String(e)));
    fs.mkdirSync(SHOTS, { recursive: true });
    console.log(
      `  browser tests: app, demo company and Chromium ready in ${Math.round(performance.now() - started)} ms`,
    );
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    await database?.close();
  });

  const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  const signIn = async (login: string) => {
    await page.goto(`${base}/`);
    await page.fill('input[name="login"]', login);
    await page.fill('input[name="password"]', DEMO_PASSWORD);
    await page.press('input[name="password"]', "Enter");
  };

  it("a collector signs in, moves through the worklist with j/k and opens a customer with Enter", async () => {
    await signIn("c1");
    const rows = page.getByTestId("worklist-row");
    await rows.first().waitFor();
    expect(await rows.count()).toBeGreaterThan(0);
    await shot("my-day");
    await page.keyboard.press("j");
    await page.keyboard.press("k");
    await expect.poll(() => rows.first().getAttribute("class")).toContain("worklist__row--selected");
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/customers\/\d+/);
    const balance = page.getByTestId("customer-balance").first();
    await balance.waitFor();
    expect(await balance.innerText()).toMatch(/\d/);
    await shot("customer");
  });

  it("edits the customer's notes with the version read", async () => {
    await page.getByTestId("customer-edit").click();
    const notes = page.locator("#edit-customer textarea");
    await notes.fill("Pays after the 25th (browser test)");
    await page.locator(".ant-modal-footer .ant-btn-primary").click();
    await expect
      .poll(() => page.locator(".customer-header__notes").first().innerText())
      .toContain("Pays after the 25th (browser test)");
    await shot("customer-edited");
  });

  it("switches the language to English and back", async () => {
    const nav = page.getByTestId("nav-customers");
    expect(await nav.innerText()).toBe("客户");
    await page.locator(".top-bar").getByText("English", { exact: true }).click();
    await expect.poll(() => nav.innerText()).toBe("Customers");
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe("en");
    await shot("customer-en");
    await page.locator(".top-bar").getByText("中文", { exact: true }).click();
    await expect.poll(() => nav.innerText()).toBe("客户");
  });

  it("finds a customer on the customers page by the pinyin initials of its name", async () => {
    const [mine] = await queryRows<{ name: string }>(
      database.db,
      sql`select c.name from customers c join users u on u.id = c.collector_id
          where u.login = 'c1' and c.name ~ '[一-龥]{4}' order by c.code limit 1`,
    );
    expect(mine).toBeDefined();
    const initials = nameInitials(mine?.name ?? "").slice(0, 4);
    await page.getByTestId("nav-customers").click();
    await page.getByTestId("customer-row").first().waitFor();
    await shot("customers");
    const before = await page.getByTestId("customer-row").count();
    await page.getByTestId("customers-search").fill(initials);
    await page.waitForURL(new RegExp(`q=${initials}`));
    // The list narrows to the matches (a search waits for a pause in typing) and keeps the one named.
    await expect.poll(() => page.getByTestId("customer-row").count()).toBeLessThan(before);
    expect((await page.getByTestId("customer-row").allInnerTexts()).join("\n")).toContain(mine?.name);
    await shot("customers-search");
  });

  it("a manager reassigns a customer from the list; the dashboard draws its charts", async () => {
    await page.locator(".top-bar .ant-btn").last().click(); // sign out
    await page.locator('input[name="login"]').waitFor();
    await signIn("manager");
    await page.getByTestId("worklist-row").first().waitFor();
    await page.getByTestId("nav-customers").click();
    const first = page.getByTestId("customer-row").first();
    await first.waitFor();
    const code = (await first.locator("td").nth(1).innerText()).trim();
    await first.locator(".ant-checkbox-input").check();
    await page.getByTestId("reassign-bar").waitFor();
    await page.getByTestId("reassign-collector").click();
    await page.locator(".ant-select-dropdown .ant-select-item-option", { hasText: "(c2)" }).click();
    await page.getByTestId("reassign-open").click();
    await page.locator(".ant-modal-footer .ant-btn-primary").click();
    await page.locator(".ant-message").getByText("c2", { exact: false }).or(page.getByText("张伟")).first().waitFor();
    await shot("customers-reassigned");
    const [moved] = await queryRows<{ login: string }>(
      database.db,
      sql`select u.login from customers c join users u on u.id = c.collector_id where c.code = ${code}`,
    );
    expect(moved?.login).toBe("c2");

    await page.getByTestId("nav-dashboard").click();
    await page.locator("canvas").first().waitFor();
    await shot("dashboard");
    expect(errors).toEqual([]);
  });

  it("a manager checks a CSV with one bad row in the import wizard: the row is shown and nothing is imported", async () => {
    await page.getByTestId("nav-import").click();
    await page.getByTestId("import-check").waitFor();
    const csv = [
      "customer_code,customer_name,number,issue_date,due_date,amount,currency",
      "BRW-1,浏览器测试一,BRW-INV-1,2025-01-05,2025-02-04,1000.00,CNY",
      "BRW-1,浏览器测试一,BRW-INV-2,2025-01-10,2025-02-31,250.50,CNY",
      "BRW-2,浏览器测试二,BRW-INV-1,2025-01-12,2025-03-12,99,CNY",
    ].join("\r\n");
    await page
      .getByTestId("import-file")
      .setInputFiles({ name: "invoices-bad.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await page.getByTestId("import-check").click();
    await page.getByTestId("import-refused").waitFor();
    const problems = page.locator(".import-problem");
    expect(await problems.count()).toBe(1);
    const text = await problems.first().innerText();
    expect(text).toContain("3");
    expect(text).toContain("due_date");
    expect(text).toContain("2025-02-31");
    expect(await page.getByTestId("import-run").count()).toBe(0);
    await shot("import-refused");
    const [imported] = await queryRows<{ n: number }>(
      database.db,
      sql`select (select count(*)::int from customers where code like 'BRW-%')
        + (select count(*)::int from invoices where number like 'BRW-%') as n`,
    );
    expect(imported?.n).toBe(0);
    expect(errors).toEqual([]);
  });
});
