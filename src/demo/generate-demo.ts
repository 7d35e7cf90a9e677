/**
 * Deterministic demo data for Huikuan: a Shanghai-based industrial parts supplier (bearings, hydraulics,
 * transmission parts) selling on credit to domestic and foreign-trade customers.
 *
 * Pure: no I/O, no clock, no Math.random. Output depends only on the options. Data is streamed one customer at a
 * time; only a few per-customer numbers and a customer-sized byte array of behaviours are kept across customers.
 */

import { CAUSES, type Cause, type Excuse, type Outcome } from "../collection/collection.enums.ts";

// The demo's customers behave like each cause of lateness the engine knows, and some pay well.
export { CAUSES, type Cause };
/** "good" payers pay on time or a few days early/late. */
export type Behaviour = Cause | "good";

export type DemoOptions = {
  seed?: number;
  customers: number;
  invoices: number;
  payments: number;
  /** YYYY-MM-DD; nothing is dated after it. */
  today: string;
  /** History length in years, default 2. */
  years?: number;
};

export type DemoUser = {
  login: string;
  name: string;
  role: "admin" | "manager" | "collector" | "finance";
  team: string | null;
};

export type DemoCustomer = {
  code: string;
  name: string;
  country: string;
  timeZone: string;
  debtorType: "business" | "sole_trader" | "consumer";
  paymentTermsDays: number;
  /** Minor units of creditCurrency. */
  creditLimit: bigint | null;
  creditCurrency: string | null;
  creditRating: "A" | "B" | "C" | "D";
  collectorLogin: string;
  creditHold: boolean;
  prepayOnly: boolean;
  legal: boolean;
  doNotContact: boolean;
  middleman: boolean;
  foreignTrade: boolean;
  notes: string | null;
  behaviour: Behaviour;
};

export type DemoContact = {
  customerCode: string;
  name: string;
  role: "owner" | "finance" | "purchasing" | "other";
  phones: string[];
  emails: string[];
  preferredChannel: "call" | "sms" | "email" | "wechat" | null;
  timeZone: string | null;
};

export type DemoInvoice = {
  customerCode: string;
  number: string;
  issueDate: string;
  dueDate: string;
  amount: bigint;
  currency: string;
  reference: string | null;
  disputed: boolean;
};

export type DemoPayment = {
  customerCode: string;
  reference: string;
  paidOn: string;
  amount: bigint;
  currency: string;
  method: "bank_transfer" | "acceptance_bill" | "wechat_pay" | "alipay" | "cheque" | "cash" | "swift";
  /** Explicit allocation when the payment pays one invoice in full or part; null = applied oldest-due-first. */
  invoiceNumber: string | null;
};

export type DemoInteraction = {
  customerCode: string;
  /** Name of one of the customer's contacts (unique per customer). */
  contactName: string;
  channel: "call" | "email" | "sms" | "wechat" | "visit";
  direction: "outbound" | "inbound";
  /** ISO instant (UTC), inside 08:00–21:00 in the contact's time zone (or the customer's). */
  at: string;
  durationSeconds: number | null;
  outcome: Outcome;
  excuse: Excuse | null;
  note: string;
  actor: string;
  /** The script the collector followed (outbound calls, emails, messages); null otherwise. */
  scriptId: string | null;
};

export type DemoPromise = {
  customerCode: string;
  contactName: string;
  /** Index into the bundle's interactions of the contact where it was made. */
  interaction: number;
  /** Minor units. */
  amount: bigint;
  currency: string;
  madeOn: string;
  promisedOn: string;
  status: "open" | "kept" | "partially_kept" | "broken";
  /** Payments dated madeOn..promisedOn; null while open. */
  paidAmount: bigint | null;
  /** The day after promisedOn (the daily run that settled it); null while open. */
  settledOn: string | null;
  createdBy: string;
};

/** A dispute the collector recorded when the customer raised it (the invoice is flagged disputed too). */
export type DemoDispute = {
  invoiceNumber: string;
  category: "quality" | "not_received";
  description: string;
  /** The day the customer raised it (its dispute_raised contact). */
  openedOn: string;
  /** Raised more than a month ago: being looked into; else still open. */
  status: "open" | "investigating";
  /** The collector who recorded it and owns it. */
  owner: string;
};

export type DemoBundle = {
  customer: DemoCustomer;
  contacts: DemoContact[];
  invoices: DemoInvoice[];
  payments: DemoPayment[];
  /** Logged contacts over the last ~120 days, oldest first. */
  interactions: DemoInteraction[];
  promises: DemoPromise[];
  disputes: DemoDispute[];
};

export const DEFAULT_DEMO_SEED = 20240601;

// ---------------------------------------------------------------------------------------------------------------
// Users

export function demoUsers(): DemoUser[] {
  return [
    { login: "admin", name: "赵敏", role: "admin", team: null },
    { login: "manager", name: "王磊", role: "manager", team: "east" },
    { login: "c1", name: "李娜", role: "collector", team: "east" },
    { login: "c2", name: "张伟", role: "collector", team: "east" },
    { login: "c3", name: "刘洋", role: "collector", team: "east" },
    { login: "c4", name: "陈静", role: "collector", team: "export" },
    { login: "c5", name: "周杰", role: "collector", team: "export" },
    { login: "finance", name: "孙丽", role: "finance", team: null },
  ];
}

// ---------------------------------------------------------------------------------------------------------------
// Seeded randomness

type Rng = () => number;

const mix32 = (value: number): number => {
  let x = value >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
};

const mulberry32 = (seed: number): Rng => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

/** An independent stream per (seed, customer, purpose), so customers can be regenerated in any pass. */
const streamRng = (seed: number, index: number, stream: number): Rng =>
  mulberry32(mix32(mix32(mix32(seed) ^ Math.imul(stream + 1, 0x9e3779b9)) + index));

/** Uniform integer in [lo, hi]; lo when the range is empty. */
const int = (rng: Rng, lo: number, hi: number): number => (hi <= lo ? lo : lo + Math.floor(rng() * (hi - lo + 1)));
const chance = (rng: Rng, p: number): boolean => rng() < p;
const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)] as T;
const normal = (rng: Rng): number => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
/** Rounded triangular-ish (sum of two uniforms) integer in [lo, hi]. */
const tri = (rng: Rng, lo: number, hi: number): number => Math.round(lo + ((hi - lo) * (rng() + rng())) / 2);
const weighted = <T>(rng: Rng, items: readonly (readonly [T, number])[]): T => {
  let total = 0;
  for (const [, w] of items) total += w;
  let r = rng() * total;
  for (const [item, w] of items) {
    r -= w;
    if (r < 0) return item;
  }
  return (items[items.length - 1] as readonly [T, number])[0];
};
const clamp = (x: number, lo: number, hi: number): number => Math.min(Math.max(x, lo), hi);

// ---------------------------------------------------------------------------------------------------------------
// Dates as day numbers (days since 1970-01-01)

const DAY_MS = 86_400_000;
const NEVER = Number.MAX_SAFE_INTEGER;

const parseDay = (text: string): number => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) throw new Error(`today must be YYYY-MM-DD, got ${JSON.stringify(text)}`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) {
    throw new Error(`today is not a calendar date: ${text}`);
  }
  return Math.floor(ms / DAY_MS);
};

/** Year, month, day of a day number (Howard Hinnant's civil_from_days). */
const civil = (days: number): [number, number, number] => {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
};

const pad2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`);
const formatDay = (days: number): string => {
  const [y, m, d] = civil(days);
  return `${y}-${pad2(m)}-${pad2(d)}`;
};
const yearOf = (days: number): number => civil(days)[0];

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const daysInMonth = (y: number, m: number): number =>
  m === 2 && ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0) ? 29 : (MONTH_DAYS[m - 1] as number);

/** First day on or after `day` that falls on day-of-month `dom` (1–28): a monthly settlement run (月结). */
const nextSettlement = (day: number, dom: number): number => {
  const [y, m, d] = civil(day);
  return d <= dom ? day + (dom - d) : day - d + daysInMonth(y, m) + dom;
};

/** ISO weekday of a day number: 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday). */
const isoWeekday = (day: number): number => ((((day + 3) % 7) + 7) % 7) + 1;
/** The day itself on a weekday, else the Monday after: banks move companies' transfers on business days. */
const businessDayOnOrAfter = (day: number): number => {
  const w = isoWeekday(day);
  return w <= 5 ? day : day + 8 - w;
};
/** The day itself on a weekday, else the Friday before. */
const businessDayOnOrBefore = (day: number): number => {
  const w = isoWeekday(day);
  return w <= 5 ? day : day - (w - 5);
};
/** First day on or after `day` falling on ISO weekday `w`: a weekly payment run. */
const runOnOrAfter = (day: number, w: number): number => day + ((w - isoWeekday(day) + 7) % 7);
/** The run day (ISO weekday `w`) nearest to `day` (3 days back at most, the next run otherwise). */
const nearestRun = (day: number, w: number): number => {
  const back = (isoWeekday(day) - w + 7) % 7;
  return back <= 3 ? day - back : runOnOrAfter(day, w);
};

const seqText = (n: number): string => {
  const s = `${n}`;
  return s.length >= 6 ? s : "000000".slice(s.length) + s;
};

// ---------------------------------------------------------------------------------------------------------------
// Reference data (all names invented)

type City = { name: string; area: string; territory: 0 | 1 | 2 };
const CITIES: readonly City[] = [
  { name: "苏州", area: "512", territory: 0 },
  { name: "无锡", area: "510", territory: 0 },
  { name: "常州", area: "519", territory: 0 },
  { name: "南通", area: "513", territory: 0 },
  { name: "南京", area: "25", territory: 0 },
  { name: "昆山", area: "512", territory: 0 },
  { name: "扬州", area: "514", territory: 0 },
  { name: "镇江", area: "511", territory: 0 },
  { name: "杭州", area: "571", territory: 1 },
  { name: "宁波", area: "574", territory: 1 },
  { name: "温州", area: "577", territory: 1 },
  { name: "嘉兴", area: "573", territory: 1 },
  { name: "绍兴", area: "575", territory: 1 },
  { name: "台州", area: "576", territory: 1 },
  { name: "湖州", area: "572", territory: 1 },
  { name: "金华", area: "579", territory: 1 },
  { name: "上海", area: "21", territory: 2 },
  { name: "合肥", area: "551", territory: 2 },
  { name: "芜湖", area: "553", territory: 2 },
  { name: "青岛", area: "532", territory: 2 },
  { name: "天津", area: "22", territory: 2 },
  { name: "佛山", area: "757", territory: 2 },
  { name: "东莞", area: "769", territory: 2 },
  { name: "滁州", area: "550", territory: 2 },
];

const BRANDS: readonly string[] = [
  "恒达",
  "宏远",
  "鑫泰",
  "华锐",
  "永盛",
  "瑞丰",
  "东晟",
  "力诺",
  "凯达",
  "博远",
  "金桥",
  "天骏",
  "盛源",
  "利通",
  "宝隆",
  "振华",
  "海纳",
  "富川",
  "联亿",
  "精诚",
  "嘉禾",
  "裕丰",
  "德康",
  "汇通",
  "同创",
  "兴业",
  "启航",
  "中茂",
  "长荣",
  "安泰",
  "鼎盛",
  "昌隆",
  "远航",
  "新锐",
  "铭泰",
  "君诚",
  "合力",
  "恒昌",
  "泰和",
  "宇通",
  "顺驰",
  "立信",
  "华茂",
  "佳源",
  "明阳",
  "正宏",
  "荣晟",
  "通达",
];

const INDUSTRIES: readonly string[] = [
  "机械有限公司",
  "液压设备有限公司",
  "精密机械有限公司",
  "自动化设备有限公司",
  "机电有限公司",
  "传动科技有限公司",
  "重工股份有限公司",
  "五金制品有限公司",
  "汽车配件有限公司",
  "机床有限公司",
  "电机有限公司",
  "工程机械有限公司",
  "模具有限公司",
  "环保设备有限公司",
  "农业机械有限公司",
  "包装机械有限公司",
];

const TRADE_INDUSTRIES: readonly string[] = ["机电贸易有限公司", "工业品贸易有限公司", "轴承贸易有限公司"];

const SURNAMES: readonly (readonly [string, string])[] = [
  ["王", "wang"],
  ["李", "li"],
  ["张", "zhang"],
  ["刘", "liu"],
  ["陈", "chen"],
  ["杨", "yang"],
  ["赵", "zhao"],
  ["黄", "huang"],
  ["周", "zhou"],
  ["吴", "wu"],
  ["徐", "xu"],
  ["孙", "sun"],
  ["胡", "hu"],
  ["朱", "zhu"],
  ["高", "gao"],
  ["林", "lin"],
  ["何", "he"],
  ["郭", "guo"],
  ["马", "ma"],
  ["罗", "luo"],
  ["沈", "shen"],
  ["顾", "gu"],
  ["钱", "qian"],
  ["蒋", "jiang"],
];

const GIVEN_NAMES: readonly (readonly [string, string])[] = [
  ["伟", "wei"],
  ["芳", "fang"],
  ["敏", "min"],
  ["静", "jing"],
  ["强", "qiang"],
  ["磊", "lei"],
  ["军", "jun"],
  ["勇", "yong"],
  ["艳", "yan"],
  ["杰", "jie"],
  ["涛", "tao"],
  ["明", "ming"],
  ["超", "chao"],
  ["霞", "xia"],
  ["平", "ping"],
  ["刚", "gang"],
  ["秀英", "xiuying"],
  ["建华", "jianhua"],
  ["海燕", "haiyan"],
  ["志强", "zhiqiang"],
  ["晓东", "xiaodong"],
  ["文博", "wenbo"],
  ["雪梅", "xuemei"],
  ["春燕", "chunyan"],
  ["国庆", "guoqing"],
  ["丽萍", "liping"],
  ["建军", "jianjun"],
  ["玉兰", "yulan"],
  ["浩然", "haoran"],
  ["思远", "siyuan"],
];

const SHOP_TRADES: readonly string[] = ["五金", "机电", "轴承", "液压", "紧固件", "劳保用品", "电动工具"];
const SHOP_KINDS: readonly string[] = ["经营部", "商行", "门市部", "批发部"];
const MOBILE_PREFIXES: readonly string[] = ["138", "139", "137", "136", "150", "186", "189", "177"];

type Country = {
  code: string;
  weight: number;
  currency: "USD" | "EUR";
  zones: readonly (readonly [string, number])[];
  collector: "c4" | "c5";
  company: (rng: Rng) => string;
  person: (rng: Rng) => [display: string, first: string, last: string];
  phone: (rng: Rng) => string;
};

const westernPerson =
  (firsts: readonly string[], lasts: readonly string[]) =>
  (rng: Rng): [string, string, string] => {
    const first = pick(rng, firsts);
    const last = pick(rng, lasts);
    return [`${first} ${last}`, first, last];
  };

const d4 = (rng: Rng): string => `${int(rng, 0, 9999)}`.padStart(4, "0");
const d3 = (rng: Rng): string => `${int(rng, 0, 999)}`.padStart(3, "0");

const COUNTRIES: readonly Country[] = [
  {
    code: "US",
    weight: 22,
    currency: "USD",
    zones: [
      ["America/New_York", 6],
      ["America/Chicago", 3],
      ["America/Los_Angeles", 2],
    ],
    collector: "c4",
    company: (rng) =>
      `${pick(rng, ["Midwest", "Great Lakes", "Pioneer", "Summit", "Keystone", "Bluewater", "Ironwood", "Atlas"])} ${pick(
        rng,
        ["Fluid Power", "Bearing Supply", "Industrial Components", "Motion Systems", "Hydraulics", "Machine Works"],
      )} ${pick(rng, ["Inc.", "LLC", "Corp."])}`,
    person: westernPerson(
      ["Michael", "Jennifer", "David", "Sarah", "Robert", "Emily", "James", "Laura"],
      ["Miller", "Johnson", "Carter", "Brooks", "Hughes", "Bennett", "Foster", "Reed"],
    ),
    phone: (rng) => `+1 ${pick(rng, ["212", "312", "216", "313", "713"])} 555 01${int(rng, 0, 9)}${int(rng, 0, 9)}`,
  },
  {
    code: "GB",
    weight: 6,
    currency: "USD",
    zones: [["Europe/London", 1]],
    collector: "c5",
    company: (rng) =>
      `${pick(rng, ["Pennine", "Thames", "Northgate", "Clyde", "Severn"])} ${pick(rng, [
        "Bearings",
        "Hydraulic Services",
        "Engineering Supplies",
        "Power Transmission",
      ])} Ltd`,
    person: westernPerson(
      ["Oliver", "Charlotte", "Harry", "Amelia", "George", "Sophie"],
      ["Walker", "Clarke", "Wright", "Turner", "Hall", "Green"],
    ),
    phone: (rng) => `+44 7700 900${d3(rng)}`,
  },
  {
    code: "DE",
    weight: 14,
    currency: "EUR",
    zones: [["Europe/Berlin", 1]],
    collector: "c5",
    company: (rng) =>
      `${pick(rng, ["Müller", "Rheinland", "Bergmann", "Hansa", "Weber", "Schwarzwald"])} ${pick(rng, [
        "Antriebstechnik",
        "Hydraulik",
        "Wälzlager",
        "Maschinenbau",
        "Industriebedarf",
      ])} ${pick(rng, ["GmbH", "GmbH & Co. KG", "AG"])}`,
    person: westernPerson(
      ["Thomas", "Sabine", "Andreas", "Katrin", "Jürgen", "Monika", "Stefan", "Petra"],
      ["Schmidt", "Fischer", "Wagner", "Becker", "Hoffmann", "Krüger", "Schäfer", "Wolf"],
    ),
    phone: (rng) => `+49 30 5550${d4(rng)}`,
  },
  {
    code: "ES",
    weight: 8,
    currency: "EUR",
    zones: [["Europe/Madrid", 1]],
    collector: "c4",
    company: (rng) =>
      `${pick(rng, ["Hidráulica", "Rodamientos", "Suministros Industriales", "Transmisiones"])} ${pick(rng, [
        "Levante",
        "del Norte",
        "Ibérica",
        "Castellana",
      ])} ${pick(rng, ["S.L.", "S.A."])}`,
    person: westernPerson(
      ["Javier", "Lucía", "Carlos", "María", "Alejandro", "Elena"],
      ["García", "Martínez", "López", "Sánchez", "Romero", "Navarro"],
    ),
    phone: (rng) => `+34 600 000 ${d3(rng)}`,
  },
  {
    code: "MX",
    weight: 6,
    currency: "USD",
    zones: [["America/Mexico_City", 1]],
    collector: "c4",
    company: (rng) =>
      `${pick(rng, ["Rodamientos", "Hidráulica", "Refacciones Industriales"])} ${pick(rng, [
        "del Bajío",
        "Monterrey",
        "Azteca",
      ])} S.A. de C.V.`,
    person: westernPerson(
      ["Luis", "Gabriela", "Jorge", "Fernanda", "Ricardo", "Daniela"],
      ["Hernández", "González", "Ramírez", "Torres", "Flores", "Vargas"],
    ),
    phone: (rng) => `+52 55 5550 ${d4(rng)}`,
  },
  {
    code: "BR",
    weight: 12,
    currency: "USD",
    zones: [["America/Sao_Paulo", 1]],
    collector: "c4",
    company: (rng) =>
      `${pick(rng, ["Rolamentos", "Hidráulica", "Máquinas", "Componentes Industriais"])} ${pick(rng, [
        "Paulista",
        "do Sul",
        "Minas",
        "Atlântico",
      ])} Ltda.`,
    person: westernPerson(
      ["João", "Ana", "Pedro", "Juliana", "Rafael", "Camila"],
      ["Silva", "Santos", "Oliveira", "Souza", "Pereira", "Costa"],
    ),
    phone: (rng) => `+55 11 90000 ${d4(rng)}`,
  },
  {
    code: "VN",
    weight: 16,
    currency: "USD",
    zones: [["Asia/Ho_Chi_Minh", 1]],
    collector: "c5",
    company: (rng) =>
      `Công ty TNHH ${pick(rng, ["Cơ khí", "Thiết bị Công nghiệp", "Kỹ thuật"])} ${pick(rng, [
        "Minh Phát",
        "Hòa Bình",
        "Tân Long",
        "Phú Thịnh",
        "Đại Việt",
      ])}`,
    person: (rng) => {
      const last = pick(rng, ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ"]);
      const middle = pick(rng, ["Văn", "Thị", "Minh", "Đức"]);
      const first = pick(rng, ["An", "Bình", "Hùng", "Lan", "Mai", "Tuấn", "Hương"]);
      return [`${last} ${middle} ${first}`, first, last];
    },
    phone: (rng) => `+84 90 000 ${d4(rng)}`,
  },
  {
    code: "IN",
    weight: 16,
    currency: "USD",
    zones: [["Asia/Kolkata", 1]],
    collector: "c5",
    company: (rng) =>
      `${pick(rng, ["Shree Ganesh", "Bharat", "Sai Krishna", "Deccan", "Om Sai", "Kaveri"])} ${pick(rng, [
        "Engineering",
        "Bearings",
        "Hydraulics",
        "Industries",
      ])} Pvt. Ltd.`,
    person: westernPerson(
      ["Rajesh", "Priya", "Amit", "Sunita", "Vikram", "Anjali"],
      ["Kumar", "Sharma", "Patel", "Iyer", "Reddy", "Mehta"],
    ),
    phone: (rng) => `+91 98000 ${int(rng, 0, 99999).toString().padStart(5, "0")}`,
  },
];

const asciiSlug = (text: string): string =>
  text
    .replace(/ß/g, "ss")
    .replace(/[đĐ]/g, "d")
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z]/g, "");

const NOTES: Record<Behaviour, readonly string[]> = {
  good: ["月结客户，通常每月25日前安排付款。", "合作多年的老客户，付款一向准时。", "对账单确认及时，付款流程规范。"],
  forgot: ["收到对账提醒后一般当天就付，偶尔漏付。", "财务近期换人，交接时有几笔漏付。"],
  habitual: ["每笔款都要催两三次，习惯拖到下个月。", "付款需老板亲自签字，流程慢，总比约定晚。"],
  hardship: ["老板坦言下游回款慢、资金紧，希望分批付款。", "已口头同意按月分期，每期到账需逐笔跟进。"],
  dispute: ["对上批密封件质量有意见，等质检报告出来再说。", "客户称实收数量少于送货单，需调出签收单核对。"],
  deliberate: ["多次承诺付款均未兑现，已暂停发货。", "找各种理由推脱，新订单一律先款后货。"],
  middleman: ["贸易商，需等终端客户回款后再付我司。", "下游是主机厂，账期长，回款集中在季末。"],
  fx_wait: ["外贸客户，习惯等汇率合适时再安排付汇。", "客户表示等美元走强后电汇，需定期跟进。"],
  switched_supplier: ["听采购说最近在比价，可能转向其他供应商。", "新订单确认后迟迟不付款，需销售经理介入。"],
  unreachable: ["近一个月电话、微信均无回应。", "据说负责人出国度假，财务也联系不上。"],
};
const LEGAL_NOTE = "已委托律师发函催收，准备起诉。";

// ---------------------------------------------------------------------------------------------------------------
// Customer segments: exact quotas, shuffled once per run

type Segment = { foreign: boolean; behaviour: Behaviour; share: number };
const FOREIGN_SHARE = 0.12;
const DOMESTIC_MIX: readonly (readonly [Behaviour, number])[] = [
  ["good", 45],
  ["forgot", 12],
  ["habitual", 10],
  ["hardship", 8],
  ["dispute", 6],
  ["deliberate", 4],
  ["middleman", 5],
  ["switched_supplier", 3],
  ["unreachable", 3],
];
const FOREIGN_MIX: readonly (readonly [Behaviour, number])[] = [
  ["fx_wait", 65],
  ["good", 15],
  ["habitual", 6],
  ["dispute", 5],
  ["forgot", 5],
  ["switched_supplier", 4],
];
const SEGMENTS: readonly Segment[] = (() => {
  const out: Segment[] = [];
  const add = (foreign: boolean, mix: readonly (readonly [Behaviour, number])[], share: number) => {
    const total = mix.reduce((s, [, w]) => s + w, 0);
    for (const [behaviour, w] of mix) out.push({ foreign, behaviour, share: (share * w) / total });
  };
  add(false, DOMESTIC_MIX, 1 - FOREIGN_SHARE);
  add(true, FOREIGN_MIX, FOREIGN_SHARE);
  return out;
})();

const assignSegments = (seed: number, customers: number): Uint8Array => {
  const codes = new Uint8Array(customers);
  let cum = 0;
  let filled = 0;
  SEGMENTS.forEach((segment, k) => {
    cum += segment.share;
    const upTo = k === SEGMENTS.length - 1 ? customers : Math.min(customers, Math.floor(customers * cum + 1e-9));
    codes.fill(k, filled, upTo);
    filled = upTo;
  });
  const rng = streamRng(seed, 0, 99);
  for (let i = customers - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const t = codes[i] as number;
    codes[i] = codes[j] as number;
    codes[j] = t;
  }
  return codes;
};

// ---------------------------------------------------------------------------------------------------------------
// Customer profile (numbers only; cheap enough to recompute in every pass)

type Ctx = { seed: number; today: number; start: number; segments: Uint8Array; namePerm: Uint32Array };

type Profile = {
  index: number;
  behaviour: Behaviour;
  foreign: boolean;
  country: Country | null;
  city: City;
  debtorType: DemoCustomer["debtorType"];
  currency: string;
  terms: number;
  startDay: number;
  /** Relative volume of invoices, as an integer for exact apportioning. */
  weight: number;
  median: number;
  sigma: number;
  minAmount: number;
  maxAmount: number;
  /** Day of month of a monthly settlement run, 0 when the customer pays invoice by invoice. */
  settleDom: number;
  /**
   * ISO weekday (1 = Monday … 5 = Friday) of the customer's weekly payment run (accounts payable pays on one day of
   * the week, as ERP payment runs do), 0 when it pays on any business day.
   */
  runWeekday: number;
  /** The customer's notes say which day its run is. */
  runNoted: boolean;
};

const NAME_SPACE = CITIES.length * BRANDS.length * INDUSTRIES.length;

const profileOf = (ctx: Ctx, index: number): Profile => {
  const rng = streamRng(ctx.seed, index, 1);
  const segment = SEGMENTS[ctx.segments[index] as number] as Segment;
  const { behaviour, foreign } = segment;
  const span = ctx.today - ctx.start;
  const nameKey = ctx.namePerm[index % NAME_SPACE] as number;
  const city = CITIES[nameKey % CITIES.length] as City;

  let debtorType: DemoCustomer["debtorType"] = "business";
  if (!foreign && behaviour !== "middleman") {
    debtorType = weighted(rng, [
      ["business", 88],
      ["sole_trader", 11],
      ["consumer", 1],
    ]);
  }
  const country = foreign
    ? weighted(
        rng,
        COUNTRIES.map((c) => [c, c.weight] as const),
      )
    : null;
  const currency = country ? country.currency : "CNY";

  let terms: number;
  if (foreign)
    terms = weighted(rng, [
      [30, 25],
      [60, 45],
      [90, 30],
    ] as const);
  else if (debtorType === "consumer") terms = 0;
  else if (debtorType === "sole_trader") terms = chance(rng, 0.4) ? 0 : 30;
  else
    terms = weighted(rng, [
      [30, 35],
      [45, 20],
      [60, 30],
      [90, 15],
    ] as const);

  const longStanding = behaviour === "deliberate" || behaviour === "hardship" || chance(rng, 0.7);
  const startDay = longStanding ? ctx.start : int(rng, ctx.start, Math.max(ctx.start, ctx.today - 90));

  let volume = Math.exp(1.1 * normal(rng));
  if (debtorType === "sole_trader") volume *= 0.3;
  if (debtorType === "consumer") volume *= 0.1;
  if (foreign) volume *= 0.6;
  if (behaviour === "middleman") volume *= 1.2;
  volume *= span > 0 ? Math.max(0.05, (ctx.today - startDay) / span) : 1;
  const weight = Math.max(1, Math.round(volume * 1000));

  let median: number;
  let minAmount: number;
  let maxAmount: number;
  if (foreign) {
    median = Math.exp(Math.log(4_000) + rng() * Math.log(10)) * 100;
    [minAmount, maxAmount] = [1_000_00, 120_000_00];
  } else if (debtorType === "business") {
    median = Math.exp(Math.log(8_000) + rng() * Math.log(15)) * 100;
    [minAmount, maxAmount] = [2_000_00, 800_000_00];
  } else {
    median = Math.exp(Math.log(3_000) + rng() * Math.log(5)) * 100;
    [minAmount, maxAmount] = [2_000_00, 60_000_00];
  }
  const sigma = 0.45 + rng() * 0.35;
  const batches = debtorType === "business" && (behaviour === "good" || behaviour === "habitual");
  const settleDom = batches && chance(rng, behaviour === "good" ? 0.2 : 0.15) ? pick(rng, [10, 15, 20, 25, 28]) : 0;
  // A stream of its own, so adding the run day changed none of the other draws.
  const runRng = streamRng(ctx.seed, index, 5);
  const runWeekday =
    debtorType === "business" && settleDom === 0 && chance(runRng, 0.7)
      ? weighted(runRng, [
          [1, 10],
          [2, 20],
          [3, 20],
          [4, 25],
          [5, 25],
        ] as const)
      : 0;
  // Some collectors wrote the run day down (drawn whether or not, so the stream stays the same).
  const runNoted = chance(runRng, 0.25);

  return {
    index,
    behaviour,
    foreign,
    country,
    city,
    debtorType,
    currency,
    terms,
    startDay,
    weight,
    median,
    sigma,
    minAmount,
    maxAmount,
    settleDom,
    runWeekday,
    runNoted,
  };
};

// ---------------------------------------------------------------------------------------------------------------
// Ledger simulation (numbers only; run once to count and once to emit, with the same stream)

/** inv is an index into the customer's invoices, or -1 for a lump applied oldest-due-first. */
type Pay = { day: number; amount: number; inv: number };

type Sim = {
  issue: number[];
  due: number[];
  amount: number[];
  disputed: boolean[];
  pays: Pay[];
  /** Payments cover invoices in due order (so merging them into lumps keeps the ledger the same). */
  fifo: boolean;
  creditHold: boolean;
  legal: boolean;
};

/**
 * Two scripts per cause and channel, taken in turn (the k-th contact of a customer takes the k-th): the script ranking
 * then has uses and kept promises to compare. No random draw, so the rest of the demo is the same with or without it.
 */
const DEMO_SCRIPTS: Record<Behaviour, { call: readonly string[]; email: readonly string[]; sms: readonly string[] }> = {
  good: {
    call: ["call.before_due.courtesy"],
    email: ["email.friendly_reminder"],
    sms: ["sms.friendly_reminder"],
  },
  forgot: {
    call: ["call.forgot.reminder", "call.forgot.second_reminder"],
    email: ["email.friendly_reminder", "email.statement"],
    sms: ["sms.friendly_reminder"],
  },
  habitual: {
    call: ["call.habitual.firm", "call.habitual.terms_review"],
    email: ["email.firm_reminder", "email.statement"],
    sms: ["sms.firm_reminder"],
  },
  hardship: {
    call: ["call.hardship.listen", "call.hardship.plan_offer"],
    email: ["email.plan_offer"],
    sms: ["sms.friendly_reminder"],
  },
  dispute: {
    call: ["call.dispute.evidence", "call.dispute.resolved"],
    email: ["email.dispute_evidence"],
    sms: ["sms.friendly_reminder"],
  },
  deliberate: {
    call: ["call.deliberate.firm", "call.manager.escalation"],
    email: ["email.firm_reminder", "letter.final_demand"],
    sms: ["sms.firm_reminder"],
  },
  middleman: {
    call: ["call.middleman.timeline", "call.middleman.follow_up"],
    email: ["email.middleman_check_in"],
    sms: ["sms.friendly_reminder"],
  },
  fx_wait: {
    call: ["call.fx_wait.check_in", "call.fx_wait.latest_date"],
    email: ["email.fx_check_in"],
    sms: ["sms.friendly_reminder"],
  },
  switched_supplier: {
    call: ["call.switched_supplier.sales"],
    email: ["email.friendly_reminder"],
    sms: ["sms.friendly_reminder"],
  },
  unreachable: {
    call: ["call.unreachable.other_contact"],
    email: ["email.firm_reminder"],
    sms: ["sms.firm_reminder"],
  },
};

function demoScript(
  behaviour: Behaviour,
  channel: Channel,
  direction: "outbound" | "inbound",
  k: number,
): string | null {
  if (direction !== "outbound") return null;
  const set = DEMO_SCRIPTS[behaviour];
  const list = channel === "call" || channel === "visit" ? set.call : channel === "email" ? set.email : set.sms;
  return list[k % list.length] ?? null;
}

const placeIssues = (rng: Rng, out: number[], count: number, from: number, to: number) => {
  for (let k = 0; k < count; k++) out.push(int(rng, from, to));
};

const simulate = (ctx: Ctx, p: Profile, n: number, rng: Rng): Sim => {
  const T = ctx.today;
  const H = ctx.start;
  const span = T - H;
  const b = p.behaviour;
  const issue: number[] = [];
  let stop = NEVER;
  let stall = NEVER;
  let hardDay = NEVER;
  let endOfTrade = T;

  // When the trouble started and how invoices are spread around it.
  const tail = (lo: number, hi: number) => (n <= 1 ? n : Math.max(1, Math.round(n * (lo + rng() * (hi - lo)))));
  if (b === "deliberate") {
    stop = clamp(T - p.terms - int(rng, 100, 420), H + Math.floor(span * 0.35), T);
    endOfTrade = Math.min(T, stop + int(rng, 20, 150));
    const m = tail(0.15, 0.35);
    placeIssues(rng, issue, n - m, Math.min(p.startDay, stop - 1), stop - 1);
    placeIssues(rng, issue, m, stop, endOfTrade);
  } else if (b === "switched_supplier") {
    stall = clamp(T - int(rng, 45, 100), H + 1, T);
    const from = chance(rng, 0.5) ? int(rng, H + Math.floor(span * 0.4), stall - 60) : p.startDay;
    const m = tail(0.1, 0.22);
    placeIssues(rng, issue, n - m, Math.min(from, stall - 1), stall - 1);
    placeIssues(rng, issue, m, stall, T - 2);
  } else if (b === "unreachable") {
    stop = clamp(T - int(rng, 40, 120), H + 30, T);
    endOfTrade = Math.min(T, stop + 25);
    const m = tail(0.1, 0.2);
    placeIssues(rng, issue, n - m, Math.min(p.startDay, stop - 26), stop - 26);
    placeIssues(rng, issue, m, stop - 25, endOfTrade);
  } else {
    if (b === "hardship") hardDay = clamp(T - int(rng, 120, 300), H + Math.floor(span * 0.3), T);
    placeIssues(rng, issue, n, p.startDay, T);
  }
  for (let k = 0; k < n; k++) issue[k] = clamp(issue[k] as number, H, T);
  issue.sort((x, y) => x - y);

  const due: number[] = new Array(n);
  const amount: number[] = new Array(n);
  const disputed: boolean[] = new Array(n).fill(false);
  for (let k = 0; k < n; k++) {
    const day = issue[k] as number;
    due[k] = day + p.terms;
    let a = p.median * Math.exp(p.sigma * normal(rng));
    if (day >= stop && b === "deliberate") a *= 1.6;
    a = clamp(a, p.minAmount, p.maxAmount);
    amount[k] = chance(rng, 0.5) ? Math.round(a / 100) * 100 : Math.round(a);
  }

  const pays: Pay[] = [];
  let fifo = true;
  let creditHold = false;
  let legal = false;

  if (b === "middleman") {
    // Pays in lumps once its own customers have paid: everything due some weeks before each lump, oldest first.
    const lag = int(rng, 20, 45);
    const period = int(rng, 45, 90);
    const owed = amount.slice();
    let ptr = 0;
    let day = n > 0 ? (due[0] as number) + lag + int(rng, 0, period) : NEVER;
    while (day <= T) {
      let end = ptr;
      let eligible = 0;
      while (end < n && (due[end] as number) <= day - lag) eligible += owed[end++] as number;
      if (eligible > 0) {
        let rest = chance(rng, 0.7) ? eligible : Math.max(1, Math.floor(eligible * (0.5 + 0.4 * rng())));
        const amountPaid = rest;
        const first = ptr;
        let last = ptr;
        while (rest > 0 && ptr < n) {
          const take = Math.min(rest, owed[ptr] as number);
          owed[ptr] = (owed[ptr] as number) - take;
          rest -= take;
          last = ptr;
          if (owed[ptr] === 0) ptr++;
        }
        pays.push({ day, amount: amountPaid, inv: first === last ? first : -1 });
      }
      day += period + int(rng, -7, 7);
    }
  } else if (b === "hardship") {
    // Fine until cash ran short, then instalments spread over weeks; recent invoices are part-paid.
    fifo = false;
    for (let k = 0; k < n; k++) {
      const i0 = issue[k] as number;
      const d0 = due[k] as number;
      if (i0 < hardDay - p.terms) {
        const day = Math.max(i0, d0 + tri(rng, 0, 15));
        if (day <= T) pays.push({ day, amount: amount[k] as number, inv: k });
        continue;
      }
      const pieces = int(rng, 2, 4);
      let rest = amount[k] as number;
      let day = d0 + (chance(rng, 0.25) ? int(rng, 45, 120) : int(rng, 0, 25));
      for (let j = 0; j < pieces && day <= T && rest > 0; j++) {
        const part = j === pieces - 1 ? rest : Math.max(1, Math.floor(rest * (0.3 + 0.4 * rng())));
        pays.push({ day: Math.max(day, i0), amount: part, inv: k });
        rest -= part;
        day += int(rng, 15, 40);
      }
    }
    pays.sort((x, y) => x.day - y.day || x.inv - y.inv);
  } else if (b === "dispute") {
    // One to three recent invoices contested and left unpaid; the rest paid on normal terms.
    fifo = false;
    const candidates: number[] = [];
    for (let k = 0; k < n; k++) {
      const i0 = issue[k] as number;
      if (i0 >= T - 240 && i0 <= T - 20) candidates.push(k);
    }
    if (candidates.length === 0 && n > 0) candidates.push(n - 1);
    const wanted = 1 + (chance(rng, 0.35) ? 1 : 0) + (chance(rng, 0.1) ? 1 : 0);
    for (let j = 0; j < wanted && candidates.length > 0; j++) {
      // Favour the larger deliveries: disputes are usually about the big ones.
      const a = int(rng, 0, candidates.length - 1);
      const c = int(rng, 0, candidates.length - 1);
      const slot = (amount[candidates[a] as number] as number) >= (amount[candidates[c] as number] as number) ? a : c;
      disputed[candidates[slot] as number] = true;
      candidates.splice(slot, 1);
    }
    for (let k = 0; k < n; k++) {
      if (disputed[k]) continue;
      const day = Math.max(issue[k] as number, (due[k] as number) + tri(rng, -2, 12));
      if (day <= T) pays.push({ day, amount: amount[k] as number, inv: k });
    }
    pays.sort((x, y) => x.day - y.day || x.inv - y.inv);
  } else {
    // Invoice-by-invoice payers. Pay days are kept in invoice order, so what is open is always the newest.
    const payDay: number[] = new Array(n);
    const habitualMean = int(rng, 25, 50);
    // The day a payment meant for `intended` leaves: at the monthly settlement, at the weekly run (the nearest
    // one for a customer who means to be on time, the next one otherwise), or on the next business day.
    const punctual = b === "good" || b === "forgot";
    const payOn = (k: number, intended: number, onTime: boolean): number => {
      const i0 = issue[k] as number;
      if (p.settleDom > 0) return businessDayOnOrAfter(nextSettlement(Math.max(i0, intended - 5), p.settleDom));
      if (p.runWeekday > 0) {
        const run = onTime ? nearestRun(intended, p.runWeekday) : runOnOrAfter(intended, p.runWeekday);
        return run >= i0 ? run : runOnOrAfter(i0, p.runWeekday);
      }
      const day = onTime ? businessDayOnOrBefore(intended) : businessDayOnOrAfter(intended);
      return day >= i0 ? day : businessDayOnOrAfter(i0);
    };
    for (let k = 0; k < n; k++) {
      let d: number;
      switch (b) {
        case "habitual":
          d = clamp(habitualMean + int(rng, -12, 12), 20, 60);
          break;
        case "fx_wait":
          d = int(rng, 10, 40);
          break;
        case "forgot":
          d = tri(rng, -3, 4);
          break;
        case "deliberate":
          d = int(rng, 0, 20);
          break;
        case "good":
          d = chance(rng, 0.08) ? int(rng, 6, 15) : tri(rng, -6, 5);
          break;
        default:
          d = tri(rng, -2, 10);
      }
      payDay[k] = payOn(k, Math.max(issue[k] as number, (due[k] as number) + d), punctual);
    }
    if (b === "forgot") {
      // A couple of past slips paid right after a reminder, and one or two recent invoices slightly overdue.
      for (let j = int(rng, 1, 2); j > 0 && n > 2; j--) {
        const k = int(rng, 0, n - 1);
        payDay[k] = payOn(k, (due[k] as number) + int(rng, 10, 25), false);
      }
      let lastDue = -1;
      for (let k = 0; k < n; k++) if ((due[k] as number) < T) lastDue = k;
      const slips = int(rng, 1, 2);
      for (let k = lastDue; k >= 0 && k > lastDue - slips; k--) {
        if ((due[k] as number) >= T - 35) payDay[k] = NEVER;
      }
    }
    if (b === "switched_supplier") {
      for (let k = 0; k < n; k++) if ((issue[k] as number) >= stall) payDay[k] = NEVER;
    }
    let prev = 0;
    for (let k = 0; k < n; k++) {
      prev = Math.max(prev, payDay[k] as number);
      payDay[k] = prev >= stop ? NEVER : prev;
    }
    for (let k = 0; k < n; k++) {
      const day = payDay[k] as number;
      if (day > T) break;
      const last = pays[pays.length - 1];
      if (last && last.day === day && (p.settleDom > 0 || p.runWeekday > 0)) {
        last.amount += amount[k] as number;
        last.inv = -1;
      } else pays.push({ day, amount: amount[k] as number, inv: k });
    }
    if (b === "deliberate") {
      // The oldest cases have gone to a lawyer; supply is stopped for some of the others.
      legal = T - stop - p.terms > 300 && chance(rng, 0.7);
      creditHold = legal || chance(rng, 0.35);
      // A token payment after the promises started: the oldest open invoice, a small part of it.
      let open = 0;
      let paid = 0;
      for (const pay of pays) paid += pay.amount;
      while (open < n && paid >= (amount[open] as number)) paid -= amount[open++] as number;
      if (open < n && chance(rng, 0.5)) {
        const from = Math.max(issue[open] as number, stop + 15);
        const to = Math.min(T, stop + 120);
        if (from <= to) {
          const part = Math.max(1, Math.floor(((amount[open] as number) - paid) * (0.05 + 0.15 * rng())));
          pays.push({ day: int(rng, from, to), amount: part, inv: open });
        }
      }
    }
  }
  // Every transfer leaves on a business day, and a customer with a weekly run pays at its run (the branches above
  // that place payments day by day, instalments and lumps, are moved to the next such day here).
  const kept: Pay[] = [];
  for (const pay of pays) {
    const day = p.runWeekday > 0 ? runOnOrAfter(pay.day, p.runWeekday) : businessDayOnOrAfter(pay.day);
    if (day <= T) kept.push({ ...pay, day });
  }
  return { issue, due, amount, disputed, pays: kept, fifo, creditHold, legal };
};

/** Brings a customer's natural payments to exactly `target` by merging, dropping or splitting them. */
const adjustPayments = (sim: Sim, target: number, today: number, rng: Rng): Pay[] => {
  let pays = sim.pays;
  if (pays.length > target && sim.fifo) {
    // Settle in fewer, larger transfers: cut the history at the widest gaps between payment dates.
    if (target === 0) return [];
    const gaps = pays.slice(0, -1).map((pay, k) => [(pays[k + 1] as Pay).day - pay.day, k] as const);
    gaps.sort((x, y) => y[0] - x[0] || x[1] - y[1]);
    const cuts = new Set(gaps.slice(0, target - 1).map(([, k]) => k));
    const merged: Pay[] = [];
    let group: Pay | null = null;
    for (let k = 0; k < pays.length; k++) {
      const pay = pays[k] as Pay;
      if (group === null) group = { ...pay };
      else {
        group.amount += pay.amount;
        group.day = pay.day;
        if (group.inv !== pay.inv) group.inv = -1;
      }
      if (cuts.has(k) || k === pays.length - 1) {
        merged.push(group);
        group = null;
      }
    }
    return merged;
  }
  if (pays.length > target) {
    // Explicitly allocated payers: first fold instalments of the same invoice together, then keep the oldest.
    pays = pays.slice();
    while (pays.length > target) {
      let best = -1;
      let bestGap = NEVER;
      const lastIndexOf = new Map<number, number>();
      pays.forEach((pay, k) => {
        const prev = lastIndexOf.get(pay.inv);
        if (prev !== undefined && pay.day - (pays[prev] as Pay).day < bestGap) {
          bestGap = pay.day - (pays[prev] as Pay).day;
          best = k;
        }
        lastIndexOf.set(pay.inv, k);
      });
      if (best < 0) break;
      const later = pays[best] as Pay;
      let k = best - 1;
      while ((pays[k] as Pay).inv !== later.inv) k--;
      const earlier = pays[k] as Pay;
      pays.splice(best, 1);
      pays[k] = { day: later.day, amount: earlier.amount + later.amount, inv: later.inv };
      pays.sort((x, y) => x.day - y.day || x.inv - y.inv);
    }
    return pays.slice(0, target);
  }
  if (pays.length < target) {
    pays = pays.slice();
    if (pays.length === 0) {
      // Nothing paid naturally: a first small part-payment on the oldest invoice.
      const i0 = sim.issue[0];
      const a0 = sim.amount[0];
      if (i0 === undefined || a0 === undefined)
        throw new Error("cannot place payments for a customer without invoices");
      const raw = int(rng, i0, Math.min(today, i0 + 90));
      const day = businessDayOnOrAfter(raw) <= today ? businessDayOnOrAfter(raw) : raw;
      pays.push({ day, amount: Math.max(1, Math.floor(a0 * 0.25)), inv: 0 });
    }
    while (pays.length < target) {
      // Split the largest payment: an earlier instalment on the same invoice, or two transfers on the same day.
      let big = 0;
      for (let k = 1; k < pays.length; k++) if ((pays[k] as Pay).amount > (pays[big] as Pay).amount) big = k;
      const pay = pays[big] as Pay;
      if (pay.amount < 2) throw new Error("too many payments requested for the amounts invoiced");
      const part = clamp(Math.floor(pay.amount * (0.3 + 0.4 * rng())), 1, pay.amount - 1);
      const lo = pay.inv >= 0 ? Math.max(sim.issue[pay.inv] as number, pay.day - 45) : pay.day;
      const raw = int(rng, lo, pay.day);
      const day = businessDayOnOrBefore(raw) >= lo ? businessDayOnOrBefore(raw) : businessDayOnOrAfter(raw);
      pays[big] = { ...pay, amount: pay.amount - part };
      pays.push({ day, amount: part, inv: pay.inv });
    }
    pays.sort((x, y) => x.day - y.day || x.inv - y.inv);
  }
  return pays;
};

// ---------------------------------------------------------------------------------------------------------------
// Text: names, contacts, notes, references, methods

const chineseName = (rng: Rng, taken: Set<string>): [string, string] => {
  for (;;) {
    const [s, sp] = pick(rng, SURNAMES);
    const [g, gp] = pick(rng, GIVEN_NAMES);
    if (!taken.has(s + g)) {
      taken.add(s + g);
      return [s + g, sp + gp];
    }
  }
};

const customerName = (ctx: Ctx, p: Profile, rng: Rng, owner: string): string => {
  if (p.country) return p.country.company(rng);
  const city = p.city.name;
  if (p.debtorType === "consumer") return `${owner}（个人）`;
  if (p.debtorType === "sole_trader") {
    return `${city}市${owner.slice(0, 1)}记${pick(rng, SHOP_TRADES)}${pick(rng, SHOP_KINDS)}`;
  }
  const key = ctx.namePerm[p.index % NAME_SPACE] as number;
  const brand = BRANDS[Math.floor(key / CITIES.length) % BRANDS.length] as string;
  const industry =
    p.behaviour === "middleman"
      ? pick(rng, TRADE_INDUSTRIES)
      : (INDUSTRIES[Math.floor(key / (CITIES.length * BRANDS.length)) % INDUSTRIES.length] as string);
  return `${city}${brand}${industry}`;
};

const mobile = (rng: Rng): string => `+86 ${pick(rng, MOBILE_PREFIXES)}0000${d4(rng)}`;

const makeContacts = (p: Profile, code: string, zone: string, rng: Rng, ownerName: string, ownerPinyin: string) => {
  const contacts: DemoContact[] = [];
  const taken = new Set<string>([ownerName]);
  const zoneOrNull = (z: string) => (chance(rng, 0.3) ? null : z);
  const domesticChannel = (): DemoContact["preferredChannel"] =>
    weighted(rng, [
      ["wechat", 45],
      ["call", 25],
      ["sms", 10],
      ["email", 5],
      [null, 15],
    ] as const);

  let roles: DemoContact["role"][];
  if (p.debtorType === "consumer") roles = ["owner"];
  else if (p.debtorType === "sole_trader") roles = chance(rng, 0.5) ? ["owner", "finance"] : ["owner"];
  else {
    roles = [];
    if (chance(rng, 0.5)) roles.push("owner");
    if (chance(rng, 0.92)) roles.push("finance");
    if (chance(rng, 0.7)) roles.push("purchasing");
    if (chance(rng, 0.15)) roles.push("other");
    if (roles.length === 0) roles.push("finance");
  }

  const country = p.country;
  for (const role of roles) {
    if (country) {
      let display: string;
      let first: string;
      let last: string;
      do [display, first, last] = country.person(rng);
      while (taken.has(display));
      taken.add(display);
      contacts.push({
        customerCode: code,
        name: display,
        role,
        phones: chance(rng, 0.8) ? [country.phone(rng)] : [],
        emails: [`${asciiSlug(first)}.${asciiSlug(last)}@example.com`],
        preferredChannel: weighted(rng, [
          ["email", 70],
          ["call", 10],
          [null, 20],
        ] as const),
        timeZone: zoneOrNull(zone),
      });
      continue;
    }
    const [name, pinyin] = role === "owner" ? [ownerName, ownerPinyin] : chineseName(rng, taken);
    const phones = [mobile(rng)];
    if (role === "finance" && p.debtorType === "business" && chance(rng, 0.4)) {
      phones.push(`+86 ${p.city.area} 5550${d4(rng)}`);
    }
    const emails =
      p.debtorType === "business" || chance(rng, 0.3)
        ? [`${pinyin}${chance(rng, 0.4) ? int(rng, 1, 99) : ""}@example.cn`]
        : [];
    const channel = domesticChannel();
    contacts.push({
      customerCode: code,
      name,
      role,
      phones,
      emails,
      preferredChannel: channel === "email" && emails.length === 0 ? "wechat" : channel,
      timeZone: zoneOrNull(zone),
    });
  }
  if (country && contacts.length < 4 && chance(rng, 0.15)) {
    // A sourcing agent in China who follows the orders for the buyer.
    const [name, pinyin] = chineseName(rng, taken);
    contacts.push({
      customerCode: code,
      name,
      role: "other",
      phones: [mobile(rng)],
      emails: [`${pinyin}@example.cn`],
      preferredChannel: "wechat",
      timeZone: "Asia/Shanghai",
    });
  }
  return contacts;
};

const RATINGS: Record<Behaviour, readonly (readonly [DemoCustomer["creditRating"], number])[]> = {
  good: [
    ["A", 70],
    ["B", 30],
  ],
  forgot: [
    ["A", 40],
    ["B", 60],
  ],
  habitual: [
    ["B", 50],
    ["C", 50],
  ],
  hardship: [
    ["C", 70],
    ["D", 30],
  ],
  dispute: [
    ["B", 70],
    ["C", 30],
  ],
  deliberate: [
    ["D", 85],
    ["C", 15],
  ],
  middleman: [
    ["B", 50],
    ["C", 50],
  ],
  fx_wait: [
    ["A", 30],
    ["B", 70],
  ],
  switched_supplier: [
    ["B", 60],
    ["C", 40],
  ],
  unreachable: [
    ["C", 60],
    ["D", 40],
  ],
};

const paymentMethod = (p: Profile, amount: number, rng: Rng): DemoPayment["method"] => {
  if (p.foreign) return "swift";
  if (p.debtorType !== "business") {
    return weighted(rng, [
      ["wechat_pay", 35],
      ["alipay", 25],
      ["bank_transfer", 30],
      ["cash", 10],
    ] as const);
  }
  if (amount >= 100_000_00 && chance(rng, 0.4)) return "acceptance_bill";
  return weighted(rng, [
    ["bank_transfer", 90],
    ["acceptance_bill", 6],
    ["cheque", 4],
  ] as const);
};

// ---------------------------------------------------------------------------------------------------------------
// Collection history: what the collectors logged over the last ~120 days (contacts, excuses, promises to pay),
// shaped by each customer's behaviour so the daily run's cause rules can read it back.

const HISTORY_DAYS = 120;

type HistoryInput = {
  p: Profile;
  sim: Sim;
  pays: Pay[];
  today: number;
  customer: DemoCustomer;
  contacts: DemoContact[];
};

type Channel = DemoInteraction["channel"];
type Logged = {
  day: number;
  minute: number;
  ms: number;
  contact: DemoContact;
  channel: Channel;
  direction: DemoInteraction["direction"];
  outcome: Outcome;
  excuse: Excuse | null;
  note: string;
  duration: number | null;
};
type Promised = { made: number; promised: number; amount: number; logged: Logged };

const HISTORY_NOTES = {
  reminder: ["发微信提醒货款已到期，附对账单。", "电话提醒本月到期货款，请财务核对。", "发对账单邮件，提醒到期付款。"],
  forgot: ["客户说月底太忙忘了，马上安排付款。", "财务说漏付了，今天走付款流程。", "对方很客气，说核对后当天付。"],
  noAnswer: ["电话无人接听。", "打了两次都没人接。", "微信未回复。", "电话响了很久没人接。"],
  leftMessage: ["已留言请回电。", "发短信提醒付款，未回复。", "邮件催款，暂无回复。", "微信语音留言，未回。"],
  noMoney: [
    "老板说下游回款慢，手上没钱，想分批付。",
    "资金紧张，答应先付一部分。",
    "说这个月现金流紧，下月初先付一笔。",
  ],
  dispute: ["客户反映上批密封件漏油，要求先处理质量问题。", "客户称实收数量少于送货单，不同意付款。"],
  disputeFollow: ["质检报告还没出，客户坚持先处理质量问题。", "已请质检部门联系客户，对方仍不付。"],
  middleman: [
    "说主机厂还没付款，收到后马上转给我们。",
    "贸易商，等下游回款，预计月底。",
    "下游客户拖款，回款后再付我司。",
  ],
  fx: ["客户表示等汇率合适再付汇。", "客户说美元汇率低，想晚几周再电汇。", "客户称在等汇率回升，付汇要推迟。"],
  stall: ["老板出差，回来再安排。", "说下周一定付，已经不是第一次这么说。", "财务说付款还在审批。", "答应月底前付清。"],
  refused: ["明确表示这笔先不付，让我们等。", "对方态度强硬，拒绝给付款时间。"],
  habitual: ["财务说付款要老板签字，下周安排。", "答应本月底前付。", "说已经报上去了，等审批。"],
  switched: ["采购说最近在比价，付款的事要问老板。", "对方说新订单暂停，付款再说。"],
  away: ["财务说老板在外地，回来后安排。", "负责人说最近很忙，过几天回电。"],
} as const;

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();
/** Minutes the zone is ahead of UTC at the instant `ms`. */
const zoneOffsetMinutes = (zone: string, ms: number): number => {
  if (zone === "Asia/Shanghai") return 480;
  let f = offsetFormatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
    });
    offsetFormatters.set(zone, f);
  }
  const v: Record<string, number> = {};
  for (const part of f.formatToParts(new Date(ms))) if (part.type !== "literal") v[part.type] = Number(part.value);
  const local = Date.UTC(v.year ?? 1970, (v.month ?? 1) - 1, v.day ?? 1, v.hour ?? 0, v.minute ?? 0);
  return Math.round((local - Math.floor(ms / 60_000) * 60_000) / 60_000);
};

/** The UTC instant of a local day and minute of the day in `zone` (business hours never fall in a DST gap). */
const localInstant = (day: number, minute: number, zone: string): number => {
  const wall = day * DAY_MS + minute * 60_000;
  const first = wall - zoneOffsetMinutes(zone, wall) * 60_000;
  return wall - zoneOffsetMinutes(zone, first) * 60_000;
};

/** Local business hours per channel, as [first, last] minute of the day: all inside 08:00–21:00. */
const HOURS: Record<Channel, readonly [number, number]> = {
  call: [9 * 60, 17 * 60 + 30],
  visit: [9 * 60 + 30, 16 * 60],
  wechat: [8 * 60, 20 * 60 + 30],
  email: [8 * 60, 20 * 60 + 30],
  sms: [9 * 60, 19 * 60],
};

const roundDown = (minor: number): number => (minor >= 1000_00 ? Math.floor(minor / 100_00) * 100_00 : minor);

/** What the collector wrote down for a dispute, per category (chosen by the invoice's place: no random draw). */
const DISPUTE_TEXT: Record<DemoDispute["category"], readonly string[]> = {
  quality: [
    "客户称该批密封件装机后渗漏，要求我方派人到现场确认，质检结论出来前暂缓付款。",
    "客户反映部分轴承尺寸超差，已退回样品复检，待复检报告。",
    "客户对本批货的表面处理有异议，要求按合同验收标准重新检验。",
  ],
  not_received: [
    "客户财务称未收到这张发票的原件，需重新寄送并确认签收。",
    "客户称未见到对应的送货签收单，要求我方提供签收凭证后再入账。",
  ],
};

type History = { interactions: DemoInteraction[]; promises: DemoPromise[]; disputes: HistoryDispute[] };
/** A dispute as makeHistory sees it: by invoice index (the caller knows the numbers). */
type HistoryDispute = Omit<DemoDispute, "invoiceNumber"> & { invoice: number };

const makeHistory = (input: HistoryInput, rng: Rng): History => {
  const { p, sim, pays, today, customer, contacts } = input;
  const n = sim.issue.length;
  const lo = Math.max(today - HISTORY_DAYS, (sim.issue[0] ?? today) + 1);
  const hi = today - 1;
  if (n === 0 || contacts.length === 0 || customer.doNotContact || lo > hi - 5 || p.behaviour === "good") {
    return { interactions: [], promises: [], disputes: [] };
  }
  const main = contacts.find((c) => c.role === "finance") ?? contacts.find((c) => c.role === "owner") ?? contacts[0];
  const buyer = contacts.find((c) => c.role === "purchasing") ?? main;
  if (!main || !buyer) return { interactions: [], promises: [], disputes: [] };
  const disputes: HistoryDispute[] = [];

  const logged: Logged[] = [];
  const promised: Promised[] = [];
  const dayIn = (a: number, b: number): number => clamp(int(rng, Math.max(a, lo), Math.min(b, hi)), lo, hi);
  const channelFor = (c: DemoContact, live: boolean): Channel => {
    if (p.foreign) return live && c.phones.length > 0 && chance(rng, 0.4) ? "call" : "email";
    if (live && chance(rng, 0.15)) return "visit";
    const pref = c.preferredChannel ?? "call";
    if (pref === "sms" && live) return "call";
    if (pref === "email" && c.emails.length === 0) return "wechat";
    return pref;
  };
  const log = (
    day: number,
    contact: DemoContact,
    channel: Channel,
    outcome: Outcome,
    excuse: Excuse | null,
    notes: readonly string[],
    direction: DemoInteraction["direction"] = "outbound",
  ): Logged => {
    const [from, to] = HOURS[channel];
    const minute = int(rng, from, to);
    const live = outcome !== "no_answer" && outcome !== "left_message" && outcome !== "wrong_number";
    const duration =
      channel === "visit" ? int(rng, 20, 60) * 60 : channel === "call" && live ? int(rng, 60, 480) : null;
    const zone = contact.timeZone ?? customer.timeZone;
    const entry: Logged = {
      day,
      minute,
      ms: localInstant(day, minute, zone),
      contact,
      channel,
      direction,
      outcome,
      excuse,
      note: pick(rng, notes),
      duration,
    };
    logged.push(entry);
    return entry;
  };
  const promise = (entry: Logged, promisedDay: number, amount: number) => {
    if (amount > 0) promised.push({ made: entry.day, promised: promisedDay, amount, logged: entry });
  };
  /** What was due before `day` and not yet paid (any allocation), rounded down like a promise would be. */
  const owedAt = (day: number): number => {
    let owed = 0;
    for (let k = 0; k < n; k++) if ((sim.due[k] as number) < day) owed += sim.amount[k] as number;
    for (const pay of pays) if (pay.day < day) owed -= pay.amount;
    return owed > 0 ? roundDown(owed) : (sim.amount[n - 1] as number);
  };
  const paidBetween = (from: number, to: number): number => {
    let paid = 0;
    for (const pay of pays) if (pay.day >= from && pay.day <= to) paid += pay.amount;
    return paid;
  };
  const recentPays = pays.filter((pay) => pay.day >= lo + 5 && pay.day <= hi);
  const overdueNow = (): boolean => {
    let owed = 0;
    for (let k = 0; k < n; k++) if ((sim.due[k] as number) < today) owed += sim.amount[k] as number;
    for (const pay of pays) owed -= pay.amount;
    return owed > 0;
  };
  /** A promise kept (or part-kept) by a real payment: made a few days before it, due on or just after it. */
  const anchoredPromise = (pay: Pay, excuse: Excuse | null, notes: readonly string[], extra = 0) => {
    const made = clamp(pay.day - int(rng, 2, 8), lo, pay.day);
    const entry = log(made, main, channelFor(main, true), "promise_to_pay", excuse, notes);
    promise(entry, Math.max(pay.day, made + 1) + int(rng, 0, 2), pay.amount + extra);
  };

  switch (p.behaviour) {
    case "forgot": {
      const late = recentPays.filter((pay) => pay.inv >= 0 && pay.day > (sim.due[pay.inv] as number) + 3);
      const anchor = late.length > 0 ? pick(rng, late) : recentPays.length > 0 ? pick(rng, recentPays) : null;
      if (anchor) anchoredPromise(anchor, null, HISTORY_NOTES.forgot);
      if (overdueNow() && chance(rng, 0.6)) {
        log(dayIn(today - 6, hi), main, channelFor(main, false), "left_message", null, HISTORY_NOTES.reminder);
      }
      break;
    }
    case "habitual": {
      const anchors = recentPays.length > 0 ? [pick(rng, recentPays)] : [];
      for (const pay of anchors) {
        const first = clamp(pay.day - int(rng, 8, 15), lo, pay.day);
        log(first, main, "call", "callback_requested", pick(rng, ["awaiting_approval", "boss_away"] as const), [
          ...HISTORY_NOTES.habitual,
        ]);
        anchoredPromise(pay, "will_pay_next_week", HISTORY_NOTES.habitual);
      }
      if (overdueNow()) {
        log(dayIn(today - 10, hi), main, "call", "connected", "will_pay_next_week", HISTORY_NOTES.habitual);
      }
      break;
    }
    case "hardship": {
      const first = dayIn(today - 85, today - 50);
      log(
        first,
        main,
        chance(rng, 0.3) ? "wechat" : "call",
        "connected",
        "no_money_now",
        HISTORY_NOTES.noMoney,
        chance(rng, 0.3) ? "inbound" : "outbound",
      );
      const anchors = recentPays.filter((pay) => pay.day > first + 3);
      const chosen = anchors.length > 0 ? [anchors[anchors.length - 1] as Pay] : [];
      if (anchors.length > 2 && chance(rng, 0.6)) chosen.unshift(anchors[0] as Pay);
      for (const pay of chosen) {
        const extra = chance(rng, 0.5) ? roundDown(Math.floor(pay.amount * (0.3 + 0.5 * rng()))) : 0;
        anchoredPromise(pay, "no_money_now", HISTORY_NOTES.noMoney, extra);
      }
      if (chosen.length === 0) {
        const entry = log(dayIn(today - 6, hi), main, "call", "promise_to_pay", "no_money_now", HISTORY_NOTES.noMoney);
        promise(entry, today + int(rng, 3, 14), roundDown(Math.max(1, Math.floor(owedAt(today) * 0.3))));
      }
      break;
    }
    case "dispute": {
      for (let k = 0; k < n; k++) {
        if (!sim.disputed[k]) continue;
        const d0 = dayIn(
          Math.max((sim.issue[k] as number) + 3, (sim.due[k] as number) - 10),
          (sim.due[k] as number) + 5,
        );
        const excuse = chance(rng, 0.8) ? "quality_problem" : "invoice_not_received";
        log(d0, main, channelFor(main, true), "dispute_raised", excuse, HISTORY_NOTES.dispute);
        const category = excuse === "quality_problem" ? "quality" : "not_received";
        const texts = DISPUTE_TEXT[category];
        disputes.push({
          invoice: k,
          category,
          description: texts[k % texts.length] as string,
          openedOn: formatDay(d0),
          status: d0 < today - 30 ? "investigating" : "open",
          owner: customer.collectorLogin,
        });
        const d1 = dayIn(Math.max(d0 + 7, today - 40), hi);
        if (d1 > d0)
          log(d1, buyer, channelFor(buyer, true), "connected", "quality_problem", HISTORY_NOTES.disputeFollow);
      }
      break;
    }
    case "deliberate": {
      const slots: (readonly [number, number])[] = [
        [today - 115, today - 90],
        [today - 75, today - 50],
      ];
      if (chance(rng, 0.6)) slots.push([today - 38, today - 22]);
      for (const [a, b] of slots) {
        const len = int(rng, 5, 12);
        let made = dayIn(a, b);
        // Promises that came to nothing: move the window off any (token) payment.
        for (let tries = 0; tries < 20 && paidBetween(made, made + len) > 0; tries++) made++;
        if (made + len > today - 2) continue;
        const excuse = pick(rng, ["will_pay_next_week", "boss_away", "awaiting_approval"] as const);
        const entry = log(made, main, channelFor(main, true), "promise_to_pay", excuse, HISTORY_NOTES.stall);
        promise(entry, made + len, owedAt(made));
        const after = made + len + int(rng, 2, 6);
        if (after <= hi) {
          if (chance(rng, 0.35)) log(after, main, "call", "refused", "other", HISTORY_NOTES.refused);
          else log(after, main, "call", "no_answer", null, HISTORY_NOTES.noAnswer);
        }
      }
      break;
    }
    case "middleman":
    case "fx_wait": {
      const excuse = p.behaviour === "middleman" ? "waiting_for_our_customer" : "waiting_for_exchange_rate";
      const notes = p.behaviour === "middleman" ? HISTORY_NOTES.middleman : HISTORY_NOTES.fx;
      log(dayIn(today - 85, today - 45), main, channelFor(main, true), "connected", excuse, notes);
      log(
        dayIn(today - 40, hi),
        main,
        channelFor(main, true),
        chance(rng, 0.5) ? "connected" : "callback_requested",
        excuse,
        notes,
      );
      const anchors = recentPays.filter((pay) => pay.day < today - 45);
      if (anchors.length > 0 && chance(rng, 0.5)) anchoredPromise(pick(rng, anchors), excuse, notes);
      break;
    }
    case "switched_supplier": {
      log(dayIn(today - 90, today - 40), buyer, channelFor(buyer, true), "connected", "other", HISTORY_NOTES.switched);
      log(dayIn(today - 20, hi), main, channelFor(main, false), "no_answer", null, HISTORY_NOTES.noAnswer);
      break;
    }
    case "unreachable": {
      // A last conversation well before the silence, then repeated attempts on every channel, none answered.
      if (chance(rng, 0.7)) {
        log(dayIn(today - 110, today - 50), main, "call", "connected", "boss_away", HISTORY_NOTES.away);
      }
      for (let j = int(rng, 0, 2); j > 0; j--) {
        log(dayIn(today - 45, today - 31), main, "call", "no_answer", null, HISTORY_NOTES.noAnswer);
      }
      const attempts = int(rng, 3, 6);
      for (let j = 0; j < attempts; j++) {
        const contact = contacts[j % contacts.length] as DemoContact;
        const channel: Channel = p.foreign
          ? "email"
          : ((["call", "wechat", "call", "sms", "email"] as const)[j % 5] ?? "call");
        const usable = channel === "email" && contact.emails.length === 0 ? "sms" : channel;
        const outcome: Outcome = usable === "call" ? "no_answer" : "left_message";
        const notes = outcome === "no_answer" ? HISTORY_NOTES.noAnswer : HISTORY_NOTES.leftMessage;
        log(dayIn(today - 28, hi), contact, usable, outcome, null, notes);
      }
      break;
    }
  }

  logged.sort((x, y) => x.ms - y.ms);
  const interactions: DemoInteraction[] = logged.map((x, k) => ({
    customerCode: customer.code,
    contactName: x.contact.name,
    channel: x.channel,
    direction: x.direction,
    at: new Date(x.ms).toISOString(),
    durationSeconds: x.duration,
    outcome: x.outcome,
    excuse: x.excuse,
    note: x.note,
    actor: customer.collectorLogin,
    scriptId: demoScript(p.behaviour, x.channel, x.direction, k),
  }));
  const currency = p.currency;
  const promises: DemoPromise[] = promised
    .sort((x, y) => x.made - y.made || x.promised - y.promised)
    .map((x) => {
      const open = x.promised >= today;
      const paid = paidBetween(x.made, x.promised);
      const status: DemoPromise["status"] = open
        ? "open"
        : paid >= x.amount
          ? "kept"
          : paid > 0
            ? "partially_kept"
            : "broken";
      return {
        customerCode: customer.code,
        contactName: x.logged.contact.name,
        interaction: logged.indexOf(x.logged),
        amount: BigInt(x.amount),
        currency,
        madeOn: formatDay(x.made),
        promisedOn: formatDay(x.promised),
        status,
        paidAmount: open ? null : BigInt(paid),
        settledOn: open ? null : formatDay(x.promised + 1),
        createdBy: customer.collectorLogin,
      };
    });
  return { interactions, promises, disputes };
};

// ---------------------------------------------------------------------------------------------------------------
// Generator

const checkCount = (name: string, value: number) => {
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer`);
};

/** floor(total * part / whole) exactly. */
const share = (total: number, part: number, whole: number): number =>
  whole === 0 ? 0 : Number((BigInt(total) * BigInt(part)) / BigInt(whole));

export function* generateDemo(options: DemoOptions): Generator<DemoBundle> {
  const seed = options.seed ?? DEFAULT_DEMO_SEED;
  const years = options.years ?? 2;
  const { customers, invoices, payments } = options;
  checkCount("customers", customers);
  checkCount("invoices", invoices);
  checkCount("payments", payments);
  if (!Number.isSafeInteger(seed)) throw new Error("seed must be an integer");
  if (!(years > 0)) throw new Error("years must be positive");
  if (invoices > 0 && customers === 0) throw new Error("invoices need at least one customer");
  if (payments > 0 && invoices === 0) throw new Error("payments need at least one invoice");
  const today = parseDay(options.today);
  const start = today - Math.max(1, Math.round(years * 365.25));

  const namePerm = new Uint32Array(NAME_SPACE);
  for (let k = 0; k < NAME_SPACE; k++) namePerm[k] = k;
  const permRng = streamRng(seed, 0, 98);
  for (let k = NAME_SPACE - 1; k > 0; k--) {
    const j = Math.floor(permRng() * (k + 1));
    const t = namePerm[k] as number;
    namePerm[k] = namePerm[j] as number;
    namePerm[j] = t;
  }
  const ctx: Ctx = { seed, today, start, segments: assignSegments(seed, customers), namePerm };

  // Pass 1: total invoice weight. Pass 2: natural payment count. Pass 3: emit, apportioning both totals exactly.
  let totalWeight = 0;
  for (let i = 0; i < customers; i++) totalWeight += profileOf(ctx, i).weight;
  const base = invoices >= customers ? 1 : 0;
  const extraInvoices = invoices - base * customers;
  const invoiceCounter = () => {
    let cum = 0;
    let given = 0;
    return (p: Profile): number => {
      cum += p.weight;
      const upTo = share(extraInvoices, cum, totalWeight);
      const n = base + upTo - given;
      given = upTo;
      return n;
    };
  };

  let naturalTotal = 0;
  const countPass1 = invoiceCounter();
  for (let i = 0; i < customers; i++) {
    const p = profileOf(ctx, i);
    naturalTotal += simulate(ctx, p, countPass1(p), streamRng(seed, i, 2)).pays.length;
  }

  const count = invoiceCounter();
  let cumNatural = 0;
  let cumInvoices = 0;
  let givenPayments = 0;
  let invoiceSeq = 0;
  let paymentSeq = 0;
  const scaleDown = payments <= naturalTotal;
  const extraPayments = payments - naturalTotal;

  for (let i = 0; i < customers; i++) {
    const p = profileOf(ctx, i);
    const n = count(p);
    const ledgerRng = streamRng(seed, i, 2);
    const sim = simulate(ctx, p, n, ledgerRng);
    let target: number;
    if (scaleDown) {
      cumNatural += sim.pays.length;
      const upTo = share(payments, cumNatural, naturalTotal);
      target = upTo - givenPayments;
      givenPayments = upTo;
    } else {
      cumInvoices += n;
      const upTo = share(extraPayments, cumInvoices, invoices);
      target = sim.pays.length + upTo - givenPayments;
      givenPayments = upTo;
    }
    const pays = adjustPayments(sim, target, today, ledgerRng);

    const rng = streamRng(seed, i, 3);
    const code = `C${seqText(i + 1)}`;
    const zone = p.country ? weighted(rng, p.country.zones) : "Asia/Shanghai";
    const [ownerName, ownerPinyin] = chineseName(rng, new Set());
    const name = customerName(ctx, p, rng, ownerName);

    let invoiced = 0;
    let recent = 0;
    for (let k = 0; k < n; k++) {
      invoiced += sim.amount[k] as number;
      if ((sim.issue[k] as number) > today - 365) recent += sim.amount[k] as number;
    }
    const creditHold = sim.creditHold || (p.behaviour === "unreachable" && chance(rng, 0.2));
    const legal = sim.legal;
    const prepayOnly = p.terms === 0 || ((creditHold || legal) && chance(rng, 0.6));
    let creditLimit: bigint | null = null;
    const hasLimit = p.terms > 0 && (p.debtorType === "business" ? chance(rng, 0.93) : chance(rng, 0.5));
    if (hasLimit) {
      const step = p.foreign ? 10_000_00 : 50_000_00;
      const monthly = Math.max(recent, invoiced / Math.max(1, years)) / 12;
      const limit = Math.max(step, Math.ceil((monthly * (p.terms / 30 + 1) * 1.2) / step) * step);
      creditLimit = BigInt(limit);
    }
    let notes: string | null = null;
    if (legal) notes = LEGAL_NOTE;
    else if (p.debtorType === "sole_trader" && chance(rng, 0.1)) notes = "个体工商户，老板本人对接付款。";
    else if (chance(rng, p.behaviour === "good" ? 0.04 : 0.25)) notes = pick(rng, NOTES[p.behaviour]);
    else if (p.behaviour === "good" && p.settleDom > 0 && chance(rng, 0.3)) {
      notes = `月结客户，每月${p.settleDom}日统一付款。`;
    } else if (p.runWeekday > 0 && p.runNoted) notes = `财务每周${"一二三四五"[p.runWeekday - 1]}统一付款。`;

    const customer: DemoCustomer = {
      code,
      name,
      country: p.country ? p.country.code : "CN",
      timeZone: zone,
      debtorType: p.debtorType,
      paymentTermsDays: p.terms,
      creditLimit,
      creditCurrency: creditLimit === null ? null : p.currency,
      creditRating: weighted(rng, RATINGS[p.behaviour]),
      collectorLogin: p.country ? p.country.collector : `c${p.city.territory + 1}`,
      creditHold,
      prepayOnly,
      legal,
      doNotContact: legal && chance(rng, 0.5),
      middleman: p.behaviour === "middleman",
      foreignTrade: p.foreign,
      notes,
      behaviour: p.behaviour,
    };
    const contacts = makeContacts(p, code, zone, rng, ownerName, ownerPinyin);

    const refStyle = p.foreign ? 2 : int(rng, 0, 1);
    const numbers: string[] = new Array(n);
    const invoiceRows: DemoInvoice[] = new Array(n);
    for (let k = 0; k < n; k++) {
      const issueDay = sim.issue[k] as number;
      const number = `SI-${yearOf(issueDay)}-${seqText(++invoiceSeq)}`;
      numbers[k] = number;
      let reference: string | null = null;
      if (chance(rng, 0.65)) {
        const [y, m] = civil(issueDay);
        if (refStyle === 0) reference = `PO${y % 100}${pad2(m)}-${d3(rng)}`;
        else if (refStyle === 1) reference = `HT${y}-${d4(rng)}`;
        else reference = `PO ${int(rng, 4500000000, 4500999999)}`;
      }
      invoiceRows[k] = {
        customerCode: code,
        number,
        issueDate: formatDay(issueDay),
        dueDate: formatDay(sim.due[k] as number),
        amount: BigInt(sim.amount[k] as number),
        currency: p.currency,
        reference,
        disputed: sim.disputed[k] as boolean,
      };
    }
    const paymentRows: DemoPayment[] = pays.map((pay) => ({
      customerCode: code,
      reference: `RC-${yearOf(pay.day)}-${seqText(++paymentSeq)}`,
      paidOn: formatDay(pay.day),
      amount: BigInt(pay.amount),
      currency: p.currency,
      method: paymentMethod(p, pay.amount, rng),
      invoiceNumber: pay.inv >= 0 ? (numbers[pay.inv] as string) : null,
    }));

    const history = makeHistory({ p, sim, pays, today, customer, contacts }, streamRng(seed, i, 4));
    const { interactions, promises } = history;
    const disputes = history.disputes.map(({ invoice, ...d }) => ({ ...d, invoiceNumber: numbers[invoice] as string }));

    yield { customer, contacts, invoices: invoiceRows, payments: paymentRows, interactions, promises, disputes };
  }
}
