// Test data for documents, worked out by hand: a company with full letterhead and bank details, two collectors, and
// customers whose open items, aging and plan the tests check to the minor unit. Also reads a PDF's text back with
// pdf.js (which only finds text that the embedded font maps to Unicode: Chinese found means the CJK font is in), and
// its QR codes: the squares drawn on each page rasterised and scanned with jsQR, as a phone would read the print.
import { sql } from "drizzle-orm";
import jsQRModule from "jsqr";
import { getDocument, OPS } from "pdfjs-dist/legacy/build/pdf.mjs";
import { uniquePrefix } from "../../test/test-database.ts";
import { addUser } from "../auth/manage-users.ts";
import type { AuthUser } from "../auth/sessions.ts";
import type { Database } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { setSetting } from "../settings/settings.ts";
import { createPlan } from "../workspace/create-plan.ts";

export const NOW = new Date("2025-03-10T02:00:00Z"); // 10:00 in Shanghai
export const AS_OF = "2025-03-10";
export const PASSWORDS = { c1: "c1-long-password", c2: "c2-long-password" };
export const COMPANY = {
  name: "华东精密机械有限公司",
  currency: "CNY",
  timeZone: "Asia/Shanghai",
  address: "上海市浦东新区张江路 88 号",
  phone: "021-6888-0000",
  taxId: "91310000MA1K000000",
  bankName: "招商银行上海张江支行",
  bankAccount: "1219 0000 0000 8888",
};

export type DocumentsFixture = {
  users: Record<"c1" | "c2", AuthUser>;
  /** c1's, in China: 3 open CNY invoices (one disputed), one paid; a finance contact 王丽. */
  hx: { id: number; code: string; name: string };
  /** c1's, legal action approved; one invoice overdue since 2024-06-30. */
  legal: { id: number; code: string; name: string };
  /** c2's, a US customer: English by default. */
  us: { id: number; code: string; name: string };
  planId: number;
};

/**
 * 华夏金贸 (hx), as of 2025-03-10:
 *  INV-1 issued 2024-11-01 due 2024-12-01 12,000.00, paid 2,000.00 on 2025-01-15 → open 10,000.00, 99 days (91-180)
 *  INV-2 issued 2025-01-20 due 2025-02-19  3,456.78 → open 3,456.78, 19 days (1-30)
 *  INV-3 issued 2025-02-25 due 2025-03-27  1,000.01 disputed → open 1,000.01, not due
 *  INV-0 issued 2024-10-01 due 2024-10-31    500.00 paid in full on 2024-11-20 (explicit allocation)
 *  Open 14,456.79; overdue 13,456.78; ledger balance 14,456.79.
 * Plan on hx made 2025-03-01: total 13,456.78, down 1,000.00, installments 4,152.26 + 4,152.26 + 4,152.26
 * (2025-04-01, 05-01, 05-31), covering INV-1 and INV-2.
 */
export async function loadDocumentsFixture(database: Database): Promise<DocumentsFixture> {
  const deps = { database, now: () => NOW };
  await setSetting(deps, "company", COMPANY, "test");
  const add = async (login: "c1" | "c2", name: string) => {
    const u = await addUser(deps, { login, name, role: "collector", team: null, password: PASSWORDS[login] }, "test");
    return { id: u.id, login, name, role: u.role, team: null } as AuthUser;
  };
  const users = { c1: await add("c1", "王敏"), c2: await add("c2", "Li Lei") };
  const db = database.db;
  const customer = async (name: string, collectorId: number, country: string, legal = false) => {
    const code = uniquePrefix("DOC");
    const [c] = await queryRows<{ id: string }>(
      db,
      sql`insert into customers (code, name, collector_id, country, legal)
          values (${code}, ${name}, ${collectorId}, ${country}, ${legal}) returning id`,
    );
    return { id: Number(c?.id), code, name };
  };
  const hx = await customer("上海华夏金贸有限公司", users.c1.id, "CN");
  const legal = await customer("江苏远达贸易有限公司", users.c1.id, "CN", true);
  const us = await customer("Acme Tools Inc.", users.c2.id, "US");
  await db.execute(sql`insert into contacts (customer_id, name, role) values
    (${hx.id}, '张总', 'owner'), (${hx.id}, '王丽', 'finance'), (${us.id}, 'Jane Smith', 'finance')`);
  await db.execute(sql`insert into invoices (customer_id, number, issue_date, due_date, amount, currency, disputed) values
    (${hx.id}, 'INV-0', '2024-10-01', '2024-10-31', 50000, 'CNY', false),
    (${hx.id}, 'INV-1', '2024-11-01', '2024-12-01', 1200000, 'CNY', false),
    (${hx.id}, 'INV-2', '2025-01-20', '2025-02-19', 345678, 'CNY', false),
    (${hx.id}, 'INV-3', '2025-02-25', '2025-03-27', 100001, 'CNY', true),
    (${legal.id}, 'L-1', '2024-06-01', '2024-06-30', 880000, 'CNY', false),
    (${us.id}, 'US-1', '2025-01-05', '2025-02-04', 250050, 'USD', false)`);
  const [p0] = await queryRows<{ id: string }>(
    db,
    sql`insert into payments (customer_id, reference, paid_on, amount, currency)
        values (${hx.id}, 'BANK-0', '2024-11-20', 50000, 'CNY') returning id`,
  );
  await db.execute(sql`insert into allocations (payment_id, invoice_id, amount)
    select ${Number(p0?.id)}, id, 50000 from invoices where customer_id = ${hx.id} and number = 'INV-0'`);
  await db.execute(sql`insert into payments (customer_id, reference, paid_on, amount, currency)
    values (${hx.id}, 'BANK-1', '2025-01-15', 200000, 'CNY')`);
  const ids = await queryRows<{ id: string }>(
    db,
    sql`select id from invoices where customer_id = ${hx.id} and number in ('INV-1', 'INV-2') order by number`,
  );
  const plan = await createPlan({ database, now: () => new Date("2025-03-01T02:00:00Z") }, users.c1, hx.id, {
    total: "13456.78",
    downPayment: "1000.00",
    currency: "CNY",
    terms: "协议期间新订单须预付。",
    split: { count: 3, firstDate: "2025-04-01", intervalDays: 30 },
    invoiceIds: ids.map((r) => Number(r.id)),
  });
  return { users, hx, legal, us, planId: plan.id };
}

/**
 * Every page's text, items joined by a space, pages by a newline; `compact` without any white space, so a phrase
 * that wrapped over two lines is still found.
 */
export async function pdfText(pdf: Uint8Array): Promise<{ pages: number; text: string; compact: string }> {
  const doc = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, isEvalSupported: false }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    pages.push(content.items.map((item) => ("str" in item ? item.str : "")).join(" "));
  }
  await doc.destroy();
  const text = pages.join("\n");
  return { pages: doc.numPages, text, compact: text.replace(/\s+/g, "") };
}

// jsqr is CommonJS declaring an ES default export: under NodeNext the function is the module's own `default`.
const jsQR = (jsQRModule as unknown as { default: typeof jsQRModule.default }).default;

type Box = { x0: number; y0: number; x1: number; y1: number };

/** The closed sub-paths of a pdf.js path (moveTo 0, lineTo 1, curveTo 2, closePath 3) as bounding boxes. */
function pathBoxes(data: ArrayLike<number>): Box[] {
  const boxes: Box[] = [];
  let box: Box | null = null;
  const add = (x: number, y: number) => {
    box = box
      ? { x0: Math.min(box.x0, x), y0: Math.min(box.y0, y), x1: Math.max(box.x1, x), y1: Math.max(box.y1, y) }
      : { x0: x, y0: y, x1: x, y1: y };
  };
  for (let i = 0; i < data.length; ) {
    const op = data[i++];
    if (op === 0 || op === 1) {
      add(data[i] as number, data[i + 1] as number);
      i += 2;
    } else if (op === 2) {
      for (let k = 0; k < 6; k += 2) add(data[i + k] as number, data[i + k + 1] as number);
      i += 6;
    } else {
      if (box) boxes.push(box);
      box = null;
    }
  }
  if (box) boxes.push(box);
  return boxes;
}

/**
 * What every QR code in the PDF says, in page order. A code is a white square filled first and the dark modules
 * filled in black inside it (pdf-writer's drawQr); they are painted into a bitmap, 6 pixels a point, and scanned.
 */
export async function pdfQrCodes(pdf: Uint8Array): Promise<string[]> {
  const doc = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, isEvalSupported: false }).promise;
  const found: string[] = [];
  for (let p = 1; p <= doc.numPages; p++) {
    const { fnArray, argsArray } = await (await doc.getPage(p)).getOperatorList();
    let fill = "";
    let square: Box | null = null;
    for (let i = 0; i < fnArray.length; i++) {
      const fn = fnArray[i];
      const args = argsArray[i] as unknown[];
      if (fn === OPS.setFillRGBColor) fill = String(args[0]);
      if (fn !== OPS.constructPath) continue;
      const boxes = pathBoxes((args[1] as ArrayLike<number>[])[0] ?? []);
      const only = boxes[0];
      if (
        fill === "#ffffff" &&
        boxes.length === 1 &&
        only &&
        Math.abs(only.x1 - only.x0 - (only.y1 - only.y0)) < 0.01
      ) {
        square = only;
        continue;
      }
      if (fill !== "#000000" || !square) continue;
      const scale = 6;
      const side = Math.ceil((square.x1 - square.x0) * scale);
      const pixels = new Uint8ClampedArray(side * side * 4).fill(255);
      for (const b of boxes) {
        const x0 = Math.round((b.x0 - square.x0) * scale);
        const x1 = Math.round((b.x1 - square.x0) * scale);
        const y0 = Math.round((b.y0 - square.y0) * scale);
        const y1 = Math.round((b.y1 - square.y0) * scale);
        for (let y = Math.max(0, y0); y < Math.min(side, y1); y++) {
          for (let x = Math.max(0, x0); x < Math.min(side, x1); x++)
            pixels.fill(0, (y * side + x) * 4, (y * side + x) * 4 + 3);
        }
      }
      const code = jsQR(pixels, side, side);
      if (code) found.push(new TextDecoder().decode(new Uint8Array(code.binaryData)));
      square = null;
    }
  }
  await doc.destroy();
  return found;
}
