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
import { openItemsSql } from "../src/aging/aging.sql.ts";
import { workOnForecastRefreshes } from "../src/analytics/forecast-store.ts";
import { companyToday } from "../src/app/open-database.ts";
import { addUser } from "../src/auth/manage-users.ts";
import { addDays } from "../src/calendar/calendar-date.ts";
import { runDaily } from "../src/collection/run-daily.ts";
import { nameInitials } from "../src/customers/name-initials.rules.ts";
import type { Database } from "../src/db/database.ts";
import { queryRows } from "../src/db/query-rows.ts";
import { DEMO_PASSWORD, loadDemo } from "../src/demo/load-demo.ts";
import { createApp } from "../src/http/app.ts";
import { ensureWebBuild, isWebBuildStale, WEB_DIST } from "../src/http/web-assets.ts";
import { seedDefaultTemplates } from "../src/messaging/seed-templates.ts";
import { getSetting, setSetting } from "../src/settings/settings.ts";
import { openTestDatabase } from "./test-database.ts";

const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
/**
 * The dashboard's charts: aging week by week, overdue by grade and by cause, the 13-week cash forecast, the backtest's
 * two (the strategy apart).
 */
const DASHBOARD_CHARTS = [
  '[data-testid="aging-trend-chart"]',
  '[data-testid="cash-chart"]',
  '[data-testid="overdue-by-grade-chart"]',
  '[data-testid="overdue-by-cause-chart"]',
  '[data-testid="backtest-card"]',
];
const SHOTS = path.resolve(process.env.HUIKUAN_SCREENSHOTS || "scratch/browser-shots");

/** Whether web/dist holds React's development build (its warnings are left out of the production one). */
function isDevelopmentBuild(): boolean {
  const assets = path.join(WEB_DIST, "assets");
  if (!fs.existsSync(assets)) return false;
  return fs
    .readdirSync(assets)
    .some(
      (f) =>
        f.endsWith(".js") &&
        fs.readFileSync(path.join(assets, f), "utf8").includes("Each child in a list should have a unique"),
    );
}

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
  // The server's clock: 10:00 in Shanghai today, a time the contact gate lets a call through without a warning (no
  // lunch break, within the hours), so the journeys do not depend on when the suite runs.
  const clock = () => new Date(`${new Date().toISOString().slice(0, 10)}T02:00:00Z`);

  beforeAll(async () => {
    const started = performance.now();
    // The server serves web/dist: build it when it is missing or older than web/src (as `npm start` does).
    // The build is React's production one whatever NODE_ENV says (vitest sets "test"); a development build left
    // behind by an older version (several times slower, which the scrolling test measures) is made again.
    if (isDevelopmentBuild()) fs.rmSync(path.join(WEB_DIST, "index.html"));
    if (isWebBuildStale()) await ensureWebBuild((line) => console.log(`  ${line}`));
    if (!fs.existsSync(path.join(WEB_DIST, "index.html"))) {
      throw new Error("the web app could not be built into web/dist (see the lines above): run `npm run build`");
    }
    database = await openTestDatabase("pglite");
    const now = clock;
    const today = await companyToday(database.db, now());
    await loadDemo({ database, now }, { customers: 90, invoices: 900, payments: 600, today });
    await runDaily({ database, now }, { asOf: today, trigger: "cli", actor: "test" });
    // The refresh the run asked for, as the server's scheduler does it: the customer page shows the stored forecast.
    await workOnForecastRefreshes({ database, now }, "test");
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

  /**
   * What a chart's canvases show, as shares of their pixels: `ink` anything drawn (not transparent or white),
   * `coloured` saturated colour (the bars and legend keys; the axes, grid lines and labels are grey).
   */
  const drawing = (selector: string) =>
    page.evaluate((sel) => {
      let pixels = 0;
      let ink = 0;
      let coloured = 0;
      const canvases = [...document.querySelectorAll<HTMLCanvasElement>(`${sel} canvas`)];
      for (const canvas of canvases) {
        const data = canvas.getContext("2d")?.getImageData(0, 0, canvas.width, canvas.height).data;
        if (!data) continue;
        pixels += canvas.width * canvas.height;
        for (let i = 0; i < data.length; i += 4) {
          const r = data[i] as number;
          const g = data[i + 1] as number;
          const b = data[i + 2] as number;
          if ((data[i + 3] as number) < 64 || Math.min(r, g, b) > 245) continue;
          ink++;
          if (Math.max(r, g, b) - Math.min(r, g, b) > 60) coloured++;
        }
      }
      return { canvases: canvases.length, ink: ink / (pixels || 1), coloured: coloured / (pixels || 1) };
    }, selector);
  const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  const signOut = async () => {
    await page.locator(".top-bar .ant-btn").last().click();
    await page.locator('input[name="login"]').waitFor();
  };
  const signIn = async (login: string, password = DEMO_PASSWORD) => {
    await page.goto(`${base}/`);
    await page.fill('input[name="login"]', login);
    await page.fill('input[name="password"]', password);
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
    // Each open invoice's expected payment date, and on hover why, in Chinese.
    const expected = page.getByTestId("expected-payment").first();
    await expected.waitFor();
    expect(await expected.innerText()).toMatch(/^\d{4}-\d{2}-\d{2}/);
    await expected.hover();
    const tip = page.locator(".ant-tooltip").filter({ hasText: "预测依据" });
    await tip.waitFor();
    expect(await tip.innerText()).not.toMatch(/pays|leans on|days past due|due in/);
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
    // Ant Design's own texts follow too (its locale reached no component before: the date picker said "Select date").
    const datePlaceholder = async () => {
      await page.getByTestId("set-cause").click();
      const text = await page.locator(".ant-modal .ant-picker input").first().getAttribute("placeholder");
      await page.locator(".ant-modal-close").first().click();
      await page.locator(".ant-modal").first().waitFor({ state: "hidden" });
      return text;
    };
    expect(await datePlaceholder()).toBe("请选择日期");
    await page.locator(".top-bar").getByText("English", { exact: true }).click();
    await expect.poll(() => nav.innerText()).toBe("Customers");
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe("en");
    expect(await datePlaceholder()).toBe("Select date");
    await shot("customer-en");
    await page.locator(".top-bar").getByText("中文", { exact: true }).click();
    await expect.poll(() => nav.innerText()).toBe("客户");
  });

  it("keeps the top bar on one line from a phone to a desktop; what does not fit opens from the menu button", async () => {
    const bar = page.locator(".top-bar").first();
    const barHeight = () => bar.evaluate((e) => e.getBoundingClientRect().height);
    try {
      for (const lang of ["中文", "English"] as const) {
        if (lang === "English") await page.locator(".top-bar").getByText("English", { exact: true }).click();
        // A phone: the product and the menu button; the links are in the drawer.
        await page.setViewportSize({ width: 390, height: 800 });
        await page.getByTestId("nav-menu").waitFor();
        expect(await barHeight()).toBeLessThanOrEqual(60);
        await page.getByTestId("nav-menu").click();
        await page.locator(".top-bar-drawer").getByTestId("nav-customers").click();
        await page.waitForURL(/\/customers$/);
        await page.locator(".top-bar-drawer").waitFor({ state: "hidden" });
        // A tablet lying down: the links in the bar, the search, language and account in the drawer.
        await page.setViewportSize({ width: 1100, height: 800 });
        await page.locator(".top-bar").getByTestId("nav-customers").waitFor();
        expect(await barHeight()).toBeLessThanOrEqual(60);
        if (await page.getByTestId("nav-menu").count()) {
          await page.getByTestId("nav-menu").click();
          await page.locator(".top-bar-drawer .top-bar-drawer__search input").waitFor();
          expect(
            await page
              .locator(".top-bar-drawer")
              .getByText(lang === "English" ? "Sign out" : "退出")
              .count(),
          ).toBe(1);
          await page.locator(".top-bar-drawer .ant-drawer-close").click();
          await page.locator(".top-bar-drawer").waitFor({ state: "hidden" });
        }
        // A desktop: everything in the bar, no menu button.
        await page.setViewportSize({ width: 1440, height: 900 });
        await expect.poll(() => page.getByTestId("nav-menu").count()).toBe(0);
        expect(await barHeight()).toBeLessThanOrEqual(60);
      }
    } finally {
      await page.setViewportSize({ width: 1440, height: 900 });
      const chinese = page.locator(".top-bar").getByText("中文", { exact: true });
      if (await chinese.count()) await chinese.click();
    }
    expect(errors).toEqual([]);
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
    // The confirmation names the new collector; the list's own collector column may name 张伟 already, so the
    // database is what tells the save is done.
    await page.locator(".ant-message").waitFor();
    const collectorOf = async () => {
      const [moved] = await queryRows<{ login: string }>(
        database.db,
        sql`select u.login from customers c join users u on u.id = c.collector_id where c.code = ${code}`,
      );
      return moved?.login;
    };
    await expect.poll(collectorOf).toBe("c2");
    await shot("customers-reassigned");

    await page.getByTestId("nav-dashboard").click();
    await page.locator("canvas").first().waitFor();
    // Every chart draws its bars, in both languages (a language change makes new chart instances).
    for (const lang of ["zh", "en"] as const) {
      if (lang === "en") await page.locator(".top-bar").getByText("English", { exact: true }).click();
      for (const chart of DASHBOARD_CHARTS) {
        await page.locator(`${chart} canvas`).first().waitFor();
        // Past the bars' entrance animation: poll until the colour is there.
        await expect
          .poll(async () => (await drawing(chart)).coloured, { message: `${chart} (${lang}) draws its bars` })
          .toBeGreaterThan(0.02);
        const { canvases, ink } = await drawing(chart);
        expect(canvases).toBeGreaterThan(0);
        expect(ink).toBeGreaterThan(0.03);
      }
      // The cash forecast names its currency, total and weeks.
      const cash = await page.getByTestId("cash-card").innerText();
      expect(cash).toMatch(/CNY [\d,]+\.\d\d/);
      expect(cash).toMatch(/13/);
      // The cash forecast's weekly error beside its baselines, as a share of a week's collections.
      expect(await page.getByTestId("backtest-cash").innerText()).toMatch(/\d+\.\d%.*\d+\.\d%.*\d+\.\d%/);
      // Champion vs challenger on each measure: bars, or (nobody paid or kept a promise yet) a note saying so,
      // never an empty grid.
      const strategy = page.getByTestId("strategy-card");
      const measures = strategy.locator(".ant-segmented-item");
      for (let i = (await measures.count()) - 1; i >= 0; i--) {
        await measures.nth(i).click();
        const chart = strategy.getByTestId("strategy-chart");
        const none = strategy.getByTestId("strategy-nothing-yet");
        await chart.or(none).first().waitFor();
        if ((await chart.count()) > 0) {
          await expect
            .poll(async () => (await drawing('[data-testid="strategy-chart"]')).coloured)
            .toBeGreaterThan(0.02);
        } else {
          expect(await none.innerText()).toMatch(/\d/);
        }
      }
      await page.mouse.move(0, 0); // no tooltip in the picture
      await shot(lang === "zh" ? "dashboard" : "dashboard-en");
    }
    await page.locator(".top-bar").getByText("中文", { exact: true }).click();
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
    // The server words the problem in the language chosen in the app (Chinese here), not in English.
    expect(text).toMatch(/不是有效日期/);
    expect(text).not.toContain("is not a date");
    expect(await page.getByTestId("import-run").count()).toBe(0);
    await shot("import-refused");
    // In English the same check answers in English, though the browser itself asks for Chinese (its locale): the app
    // sends the language its user chose.
    await page.locator(".top-bar").getByText("English", { exact: true }).click();
    await page.getByTestId("import-again").click();
    await page
      .getByTestId("import-file")
      .setInputFiles({ name: "invoices-bad.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await page.getByTestId("import-check").click();
    await page.getByTestId("import-refused").waitFor();
    expect(await page.locator(".import-problem").first().innerText()).toContain("is not a date");
    await page.locator(".top-bar").getByText("中文", { exact: true }).click();
    const [imported] = await queryRows<{ n: number }>(
      database.db,
      sql`select (select count(*)::int from customers where code like 'BRW-%')
        + (select count(*)::int from invoices where number like 'BRW-%') as n`,
    );
    expect(imported?.n).toBe(0);
    expect(errors).toEqual([]);
  });

  it("a collector logs a call with a promise from My day: it shows on the promises calendar and in the timeline", async () => {
    await signOut();
    await signIn("c1");
    const top = page.getByTestId("worklist-row").first();
    await top.waitFor();
    await top.click();
    await page.waitForURL(/\/customers\/\d+/);
    const customerId = Number(new URL(page.url()).pathname.split("/").pop());
    await page.getByTestId("customer-balance").first().waitFor();
    const [company] = await queryRows<{ code: string; name: string }>(
      database.db,
      sql`select code, name from customers where id = ${customerId}`,
    );
    const promisedOn = addDays(await companyToday(database.db, clock()), 7);

    const form = page.locator(".ant-card").filter({ has: page.getByTestId("log-submit") });
    await form.locator(".ant-form-item").filter({ hasText: "结果" }).locator(".ant-select").click();
    await page.locator(".ant-select-dropdown:visible .ant-select-item-option", { hasText: "承诺付款" }).click();
    await page.getByTestId("promise-amount").fill("1234.50");
    await form.locator(".ant-picker input").fill(promisedOn);
    await form.locator(".ant-card-head").click(); // the typed date is taken when the field loses focus
    await shot("log-call-promise");
    await page.getByTestId("log-submit").click();
    await page.locator(".ant-message").getByText(promisedOn).waitFor();

    // The timeline shows the promise with its amount and date.
    const timeline = page.getByTestId("customer-timeline");
    await expect.poll(() => timeline.innerText()).toContain("1,234.50");
    expect(await timeline.innerText()).toContain(promisedOn);
    await shot("customer-promise");
    const [stored] = await queryRows<{ amount: string; interaction: string | null }>(
      database.db,
      sql`select amount::text, interaction_id::text as interaction from promises
          where customer_id = ${customerId} and promised_on = ${promisedOn}::date order by id desc limit 1`,
    );
    expect(stored?.interaction).not.toBeNull();

    // The promises calendar lists it among the coming ones.
    await page.getByTestId("nav-promises").click();
    const upcoming = page.getByTestId("promises-upcoming");
    await upcoming.waitFor();
    await expect.poll(() => upcoming.innerText()).toContain(company?.code ?? "?");
    await shot("promises");
    expect(errors).toEqual([]);
  });

  it("an admin changes a grade threshold in the settings; it is saved, survives a reload, and a stale save is refused", async () => {
    await signOut();
    await signIn("admin");
    // The whole company has several currencies: the top risks follow the one picked, as the cash forecast does
    // (their order is exact within one currency).
    await page.getByTestId("nav-dashboard").click();
    const risks = page.getByTestId("top-risks-table");
    await expect.poll(async () => await risks.innerText()).toMatch(/CNY [\d,]+\.\d\d/);
    await page.locator(".ant-segmented-item", { hasText: /^USD$/ }).click();
    await expect.poll(async () => await page.getByTestId("cash-card").innerText()).toMatch(/USD [\d,]+\.\d\d/);
    await expect.poll(async () => await risks.innerText()).toMatch(/USD [\d,]+\.\d\d/);
    expect(await risks.innerText()).not.toMatch(/CNY \d/);
    await page.getByTestId("nav-settings").click();
    await page.getByTestId("settings-page").waitFor();
    const doubtful = page.getByTestId("grade-doubtful");
    await doubtful.waitFor();
    const before = await getSetting(database.db, "aging.grades");
    const next = before.doubtful + 4;
    await doubtful.fill(String(next));
    await page.getByTestId("setting-save").click();
    await page.locator(".ant-message").getByText("已保存").waitFor();
    expect((await getSetting(database.db, "aging.grades")).doubtful).toBe(next);
    await page.reload();
    await page.getByTestId("grade-doubtful").waitFor();
    await expect.poll(() => page.getByTestId("grade-doubtful").inputValue()).toBe(String(next));
    await shot("settings-grades");

    // Someone else saves meanwhile: this page's version is stale, and the form says so instead of overwriting.
    const [row] = await queryRows<{ version: number }>(
      database.db,
      sql`select version from settings where key = 'aging.grades'`,
    );
    await setSetting(
      { database, now: clock },
      "aging.grades",
      { ...before, doubtful: next + 1 },
      "someone-else",
      Number(row?.version),
    );
    await page.getByTestId("grade-bad").fill(String(before.bad + 1));
    await page.getByTestId("setting-save").click();
    await page.getByTestId("setting-reload").waitFor();
    await shot("settings-stale");
    await page.getByTestId("setting-reload").click();
    await expect.poll(() => page.getByTestId("grade-doubtful").inputValue()).toBe(String(next + 1));

    // Every other tab loads its form (each waits for what only it shows).
    const tabs = {
      playbooks: "setting-collection.playbooks",
      scripts: "scripts-panel",
      policies: "setting-contact.policies",
      users: "users-table",
      company: "setting-company",
    };
    for (const [tab, testId] of Object.entries(tabs)) {
      await page.getByTestId(`settings-tab-${tab}`).click();
      await page.waitForURL(new RegExp(`/settings/${tab}$`));
      await page.getByTestId(testId).waitFor();
      await page.locator(".ant-tabs-tabpane-active .ant-skeleton").waitFor({ state: "detached" });
      await page.locator(".ant-tabs-tabpane-active .ant-table-placeholder .ant-spin").waitFor({ state: "detached" });
      await shot(`settings-${tab}`);
    }
    expect(await page.getByTestId("users-table").count()).toBe(0);
    await page.getByTestId("settings-tab-users").click();
    await expect.poll(() => page.getByTestId("users-table").innerText()).toContain("c1");
    expect(errors).toEqual([]);
  });

  it("a collector e-mails a customer's statement: the outbox lists it with its PDF", async () => {
    // The cover e-mail's template, as `huikuan migrate` adds it (the test database has none).
    await seedDefaultTemplates({ database, now: clock });
    // One of c1's customers with something overdue and a contact who may receive its statement (finance, owner or
    // purchasing, with an e-mail address, not opted out), as the statement run picks them.
    const today = await companyToday(database.db, clock());
    const [customer] = await queryRows<{ id: string; code: string }>(
      database.db,
      sql`select c.id, c.code from customers c join users u on u.id = c.collector_id
          where u.login = 'c1' and not c.do_not_contact
            and exists (select 1 from (${openItemsSql(today)}) o
                        where o.customer_id = c.id and o.open_amount > 0 and o.days_past_due > 0)
            and exists (select 1 from contacts k where k.customer_id = c.id
                          and k.role in ('finance', 'owner', 'purchasing') and not k.opt_out_email
                          and exists (select 1 from unnest(k.emails) e where btrim(e) <> ''))
          order by c.code limit 1`,
    );
    expect(customer).toBeDefined();
    await page.context().clearCookies(); // whoever was signed in
    await signIn("c1");
    await page.getByTestId("nav-outbox").waitFor();
    await page.goto(`${base}/customers/${customer?.id}`);
    await page.getByTestId("customer-statement-pdf").waitFor();
    expect(await page.getByTestId("customer-statement-pdf").getAttribute("href")).toBe(
      `/api/customers/${customer?.id}/documents/statement.pdf`,
    );
    await page.getByTestId("customer-email-statement").click();
    await page.getByTestId("customer-email-statement-ok").click();
    // The confirmation names the address the server chose.
    await expect.poll(() => page.locator(".ant-message-success").last().innerText()).toContain("@");
    await shot("customer-statement-emailed");
    const [queued] = await queryRows<{ id: string }>(
      database.db,
      sql`select id from outbox_messages where customer_id = ${Number(customer?.id)} order by id desc limit 1`,
    );
    expect(queued).toBeDefined();

    await page.getByTestId("nav-outbox").click();
    const row = page.getByTestId("outbox-table").locator(`tr[data-row-key="${queued?.id}"]`);
    await row.waitFor();
    expect(await row.innerText()).toContain(customer?.code);
    expect((await row.getByTestId("outbox-files").innerText()).trim()).toBe("1");
    await shot("outbox");
    await row.click();
    const file = page.getByTestId("outbox-message").getByTestId("outbox-file");
    await file.waitFor();
    expect((await file.innerText()).trim()).toMatch(new RegExp(`^statement-${customer?.code}-.*\\.pdf$`));
    await shot("outbox-message");
    expect(errors).toEqual([]);
  });

  it("My day scrolls a collector's 10,000 tasks to the last one smoothly, with only the rows in view in the page", async () => {
    // One collector with 10,000 open tasks from today's run, each on its own customer, in priority order: the last
    // task is VS-10000's. Set-based, as a big run writes them.
    const TASKS = 10_000;
    const SCROLL_PASSWORD = "Virtual-rows-10k";
    const bulk = await addUser(
      { database, now: clock },
      { login: "vscroll", name: "滚动测试", role: "collector", password: SCROLL_PASSWORD },
      "test",
    );
    const today = await companyToday(database.db, clock());
    await database.db.execute(sql`
      with made as (
        insert into customers (code, name, collector_id, time_zone)
        select 'VS-' || lpad(g::text, 5, '0'), '虚拟滚动客户' || g, ${Number(bulk.id)}, 'Asia/Shanghai'
        from generate_series(1, ${TASKS}) g order by g
        returning id, code)
      insert into tasks (run_date, customer_id, collector_id, kind, action, channel, priority, reasons, grade,
          amount_overdue, days_past_due, currency, playbook_id, variant, step_index)
      select ${today}::date, id, ${Number(bulk.id)}, 'call', 'call', 'call', 90 - substr(code, 4)::int * 0.001,
          '["browser test: virtual scrolling"]'::jsonb, 'overdue', 100000, 30, 'CNY', 'standard', 'champion', 0
      from made order by id`);

    await page.context().clearCookies(); // whoever was signed in
    await signIn("vscroll", SCROLL_PASSWORD);
    await page.getByTestId("worklist-row").first().waitFor();
    await page.getByTestId("worklist-all").click();
    // The totals are of all 10,000: each customer's 1,000.00 once.
    await expect.poll(() => page.locator(".stats").innerText(), { timeout: 30_000 }).toContain("CNY 10,000,000.00");
    expect(await page.locator(".stats").innerText()).toMatch(/10,?000\+/);
    const holder = page.locator(".worklist .ant-table-tbody-virtual-holder");
    await holder.waitFor();
    await shot("my-day-10000-top");

    // In the page, through the list's own wheel handling: five flings of 60 frames at 300 px a frame (a fast hand on
    // a wheel or touchpad: five or so new rows a frame) at the top, a quarter, half, three quarters and the end,
    // with a jump between them, recording when each frame starts and how many rows the page holds.
    const run = await holder.evaluate(async (el: HTMLElement) => {
      const rows = () => document.querySelectorAll('[data-testid="worklist-row"]').length;
      const frame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));
      const wheel = (deltaY: number) =>
        el.dispatchEvent(new WheelEvent("wheel", { deltaY, bubbles: true, cancelable: true }));
      const gaps: number[] = [];
      let maxRows = rows();
      for (const at of [0, 0.25, 0.5, 0.75, 1]) {
        wheel(at * (el.scrollHeight - el.clientHeight) - 60 * 300 * at - el.scrollTop);
        await frame();
        await frame();
        let before = await frame();
        for (let i = 0; i < 60; i++) {
          wheel(300);
          const now = await frame();
          gaps.push(now - before);
          before = now;
          maxRows = Math.max(maxRows, rows());
        }
      }
      // To the very end (a wheel event can be cut short at an edge of the rendered rows), then let it settle.
      for (let i = 0; i < 5; i++) {
        wheel(el.scrollHeight);
        await frame();
      }
      for (let i = 0; i < 5; i++) await frame();
      return { gaps, maxRows, scrollTop: el.scrollTop, scrollHeight: el.scrollHeight, clientHeight: el.clientHeight };
    });
    const sorted = [...run.gaps].sort((a, b) => a - b);
    const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;
    const figures = {
      frames: run.gaps.length,
      p50: pct(50).toFixed(1),
      p95: pct(95).toFixed(1),
      p99: pct(99).toFixed(1),
      max: (sorted.at(-1) ?? 0).toFixed(1),
      over50ms: run.gaps.filter((g) => g > 50).length,
      maxRowsInDom: run.maxRows,
      scrolled: `${Math.round(run.scrollTop + run.clientHeight)} of ${run.scrollHeight} px`,
    };
    console.log(`  10,000-row My day, wheel flings down to the end: ${JSON.stringify(figures)}`);

    // (a) virtual: a screenful of rows (640 px) plus a few above and below, never thousands.
    expect(run.maxRows).toBeLessThan(200);
    expect(await page.getByTestId("worklist-row").count()).toBeLessThan(200);
    // (b) at the end, the last tasks are on screen.
    expect(run.scrollTop + run.clientHeight).toBeGreaterThanOrEqual(run.scrollHeight - 2);
    const last = page.getByTestId("worklist-row").filter({ hasText: "VS-10000" });
    await expect.poll(() => last.isVisible()).toBe(true);
    expect(await page.getByTestId("worklist-row").filter({ hasText: "VS-09995" }).isVisible()).toBe(true);
    await page.screenshot({ path: path.join(SHOTS, "my-day-10000-bottom.png") });
    // (c) smooth. Headless Chromium here rasterises without a GPU on two CPUs shared with other work, and this test
    // runs niced: a fling measures a median of one or two frames (17–33 ms) and a 95th percentile of three or four
    // (50–67 ms).
    // React's development build doubled both, and Typography's measuring ellipsis (a forced layout per row mounted)
    // added half again; 100 ms (10 frames a second) for the slowest 5% leaves room for a busy machine and still
    // fails such a regression, let alone a table rendering its 10,000 rows.
    expect(pct(50)).toBeLessThan(50);
    expect(pct(95)).toBeLessThan(100);
    expect(errors).toEqual([]);
  }, 120_000);
});
