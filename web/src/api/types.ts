// The API's JSON, as the web app reads it (GET /api/openapi.json documents the same). The collection vocabulary
// comes from the server's one definition (pure constants, no database code); the rest is mirrored here.
import type { BucketKey, RiskGrade } from "../../../src/aging/aging.rules.ts";
import type { Action, Cause, Excuse, Outcome, TaskKind } from "../../../src/collection/collection.enums.ts";

export type { Action, BucketKey, Cause, Excuse, Outcome, RiskGrade, TaskKind };

/** Mirrors CHANNELS in src/ledger/ledger.schema.ts (a database module, which the web app does not import). */
export const CHANNELS = ["call", "sms", "email", "visit", "wechat", "letter"] as const;
export type Channel = (typeof CHANNELS)[number];
export const CONTACT_ROLES = ["owner", "finance", "purchasing", "other"] as const;
export type ContactRole = (typeof CONTACT_ROLES)[number];
export const USER_ROLES = ["admin", "manager", "collector", "finance"] as const;
export type UserRole = (typeof USER_ROLES)[number];

/** Amounts are decimal text in the currency's unit ("1234.50"), never floats. */
export type Decimal = string;
/** YYYY-MM-DD */
export type IsoDate = string;
/** UTC instant, ISO 8601 */
export type Instant = string;

export type User = { id: number; login: string; name: string; role: UserRole; team: string | null };

export type Task = {
  id: number;
  customerId: number;
  customerCode: string;
  customerName: string;
  collector: string | null;
  kind: TaskKind;
  action: Action;
  channel: Channel | null;
  contactId: number | null;
  window: { start: Instant; end: Instant } | null;
  windowReason: string | null;
  priority: number;
  reasons: string[];
  cause: Cause | null;
  grade: RiskGrade;
  amountOverdue: Decimal;
  amountOverdueMinor: string;
  daysPastDue: number;
  currency: string;
  scriptId: string | null;
  playbook: string;
  variant: string;
  stepIndex: number;
  tone: string | null;
  needsApproval: boolean;
  runDate: IsoDate;
};

export type CustomerFlags = {
  creditHold: boolean;
  prepayOnly: boolean;
  legal: boolean;
  doNotContact: boolean;
  middleman: boolean;
  foreignTrade: boolean;
};

/** The flags the customer list filters by (CUSTOMER_FLAGS in src/customers/list-customers.ts). */
export const LIST_FLAGS = ["creditHold", "prepayOnly", "legal", "doNotContact"] as const;
export type ListFlag = (typeof LIST_FLAGS)[number];

export type CustomerListItem = {
  id: number;
  code: string;
  name: string;
  collector: string | null;
  grade: RiskGrade | null;
  cause: Cause | null;
  /** Balance and overdue as of the last daily run; null when nothing was overdue then. */
  balance: Decimal | null;
  overdue: Decimal | null;
  currency: string | null;
  daysPastDue: number | null;
  flags: Pick<CustomerFlags, ListFlag>;
};

/** Mirrors CUSTOMER_SORTS in src/customers/list-customers.ts. */
export const CUSTOMER_SORTS = ["code", "name", "collector", "balance", "overdue", "days", "grade", "cause"] as const;
export type CustomerSort = (typeof CUSTOMER_SORTS)[number];

/** GET /api/customers: all optional; `collector: null` means customers assigned to nobody. */
export type CustomerListQuery = {
  q?: string;
  collector?: string | null;
  grade?: RiskGrade;
  cause?: Cause;
  flags?: ListFlag[];
  sort?: CustomerSort;
  order?: "asc" | "desc";
  limit: number;
  offset: number;
};

export type CustomerPage = { rows: CustomerListItem[]; total: number };

export type Collector = { login: string; name: string; team: string | null };

export type ReassignInput = { customerIds: number[]; collector: string | null; note?: string };
export type ReassignResult = { moved: number; unchanged: number };

export type Balance = {
  currency: string;
  open: Decimal;
  buckets: Record<BucketKey, Decimal>;
  maxDaysPastDue: number;
  grade: RiskGrade;
};

export type Evidence = { signal: string; detail: string };

export type CollectionState = {
  grade: RiskGrade;
  cause: Cause | null;
  causeConfidence: number | null;
  causeSource: "rule" | "manual" | null;
  causeEvidence: Evidence[] | null;
  causeRecheckOn: IsoDate | null;
  /** When the cause was set by hand: who, their note, the day. */
  causeSetBy: string | null;
  causeNote: string | null;
  causeSetOn: IsoDate | null;
  playbook: string | null;
  /** Its name in the settings (the id when removed since). */
  playbookName: string | null;
  variant: string | null;
  step: number | null;
  pausedBy: string | null;
  asOf: IsoDate;
};

export type Contact = {
  id: number;
  name: string;
  role: ContactRole;
  phones: string[];
  emails: string[];
  preferred_channel: Channel | null;
  time_zone: string | null;
  opt_out_call: boolean;
  opt_out_sms: boolean;
  opt_out_email: boolean;
  consent_note: string | null;
  notes: string | null;
  version: number;
};

/** PATCH /api/contacts/{id} (with the version read in If-Match). */
export type ContactChange = Partial<{
  name: string;
  role: ContactRole;
  phones: string[];
  emails: string[];
  preferredChannel: Channel | null;
  timeZone: string | null;
  optOutCall: boolean;
  optOutSms: boolean;
  optOutEmail: boolean;
  consentNote: string | null;
  notes: string | null;
}>;

export type Customer = {
  id: number;
  code: string;
  name: string;
  collector: string | null;
  debtorType: "business" | "sole_trader" | "consumer";
  country: string | null;
  timeZone: string | null;
  paymentTermsDays: number;
  creditLimit: Decimal | null;
  creditCurrency: string | null;
  creditRating: string | null;
  notes: string | null;
  /** Send it back in If-Match with a change. */
  version: number;
  flags: CustomerFlags;
  asOf: IsoDate;
  balances: Balance[];
  collection: CollectionState | null;
  contacts: Contact[];
  /** Payment plans (还款计划) not cancelled, with whether their signed agreement came back. */
  plans?: CustomerPlan[];
};

export type CustomerPlan = {
  id: number;
  status: "active" | "completed" | "broken" | "cancelled";
  createdOn: IsoDate;
  currency: string;
  total: Decimal;
  paid: Decimal;
  open: Decimal;
  terms: string | null;
  signedAt: string | null;
  signedBy: string | null;
};

/** PUT /api/customers/{id}/cause: a note is required; the re-check date (after today) defaults to 30 days on. */
export type SetCauseInput = { cause: Cause; note: string; recheckOn?: IsoDate };
export type SetCauseResult = { customerId: number; cause: Cause; previous: Cause | null; recheckOn: IsoDate };

/**
 * POST /api/customers/{id}/plans (src/workspace/workspace.routes.ts): amounts are plain decimal text; either the
 * installments listed or `split` (the web app lists them, so the preview is what is agreed).
 */
export type NewPlan = {
  total: Decimal;
  downPayment?: Decimal;
  currency?: string;
  terms?: string | null;
  installments?: { date: IsoDate; amount: Decimal }[];
  split?: { count: number; firstDate: IsoDate; intervalDays: number };
  invoiceIds?: number[];
};
export type CreatedPlan = {
  id: number;
  currency: string;
  total: Decimal;
  downPayment: Decimal;
  installments: { seq: number; date: IsoDate; amount: Decimal }[];
  invoiceIds: number[];
  status: "active";
};

export const DEBTOR_TYPES = ["business", "sole_trader", "consumer"] as const;

/** PATCH /api/customers/{id} (with the version read in If-Match); terms, credit limit and holds need a manager. */
export type CustomerChange = Partial<{
  name: string;
  creditLimit: Decimal | null;
  creditCurrency: string | null;
  paymentTermsDays: number;
  creditRating: string | null;
  country: string | null;
  timeZone: string | null;
  debtorType: Customer["debtorType"];
  creditHold: boolean;
  prepayOnly: boolean;
  legal: boolean;
  doNotContact: boolean;
  middleman: boolean;
  foreignTrade: boolean;
  notes: string | null;
}>;

export const INVOICE_FILTERS = ["open", "paid", "disputed", "all"] as const;
export type InvoiceFilter = (typeof INVOICE_FILTERS)[number];

export type Invoice = {
  id: number;
  number: string;
  issueDate: IsoDate;
  dueDate: IsoDate;
  currency: string;
  amount: Decimal;
  open: Decimal;
  daysPastDue: number;
  /** Open invoices only. */
  bucket?: BucketKey;
  /** Paid, disputed and all. */
  disputed?: boolean;
};

/** One open invoice in today's stored payment forecast (GET /api/customers/{id}/forecast). */
export type InvoiceForecast = {
  invoiceNumber: string;
  customerCode: string;
  currency: string;
  openAmount: Decimal;
  dueDate: IsoDate;
  daysPastDue: number;
  predictedPayDate: IsoDate;
  pLate: number;
  pLate30: number;
  expectedDaysLate: number;
  topFactors: string[];
};

export type CustomerForecast = {
  asOf: IsoDate;
  /** Null until today's daily run has refreshed the forecast. */
  computedAt: string | null;
  invoices: InvoiceForecast[];
};

/** `detail` depends on `kind`; amounts in it are minor units as text. */
export type TimelineEntry = {
  at: Instant;
  kind:
    | "invoice"
    | "payment"
    | "interaction"
    | "gate"
    | "message"
    | "promise"
    | "plan"
    | "plan_broken"
    | "plan_completed"
    | "dispute"
    | "dispute_closed"
    | "appointment"
    | "attachment"
    | "statement_confirmed"
    | "portal"
    | "cause"
    | "task";
  /** The server's English summary: shown for a kind this page does not describe itself. */
  title: string;
  detail: Record<string, unknown>;
};

export type InteractionInput = {
  channel: Channel;
  direction: "outbound" | "inbound";
  outcome: Outcome;
  contactId?: number | null;
  excuse?: Excuse | null;
  note?: string | null;
  taskId?: number | null;
  overrideReason?: string | null;
  /** A promise made on this call (outcome promise_to_pay): saved with it or not at all. */
  promise?: { amount: string; date: IsoDate; currency?: string } | null;
};

export type LoggedInteraction = {
  id: number;
  at: Instant;
  gate: { verdict: string; rule?: string; reason?: string } | null;
  suggestedReply: { id: string; zh: string; en: string } | null;
  promise: { id: number; amount: string; currency: string; date: IsoDate; status: "open" } | null;
};

/** Mirrors DISPUTE_CATEGORIES, DISPUTE_STATUSES and DISPUTE_RESOLUTIONS in src/workspace/workspace.schema.ts. */
export const DISPUTE_CATEGORIES = [
  "quality",
  "quantity",
  "price",
  "delivery",
  "service",
  "billing_error",
  "not_received",
] as const;
export type DisputeCategory = (typeof DISPUTE_CATEGORIES)[number];
export const DISPUTE_STATUSES = ["open", "investigating", "resolved", "rejected"] as const;
export type DisputeStatus = (typeof DISPUTE_STATUSES)[number];
export const DISPUTE_RESOLUTIONS = ["credit_note", "replacement", "explanation", "partial_credit"] as const;
export type DisputeResolution = (typeof DISPUTE_RESOLUTIONS)[number];

export type Dispute = {
  id: number;
  version: number;
  customerId: number;
  customerCode: string;
  customerName: string;
  invoiceId: number;
  invoiceNumber: string;
  deliveryRecordId: number | null;
  category: DisputeCategory;
  amount: Decimal;
  currency: string;
  description: string;
  /** The owner's login. */
  owner: string | null;
  status: DisputeStatus;
  resolution: DisputeResolution | null;
  resolutionNote: string | null;
  creditedAmount: Decimal | null;
  adjustmentId: number | null;
  escalated: boolean;
  escalatedAt: Instant | null;
  escalatedTo: string | null;
  openedOn: IsoDate;
  closedAt: Instant | null;
  createdBy: string;
  createdAt: Instant;
  updatedAt: Instant;
};

export type DisputeInput = {
  invoiceId: number;
  category: DisputeCategory;
  amount: Decimal;
  description: string;
};

export type DisputeChange = {
  status?: DisputeStatus;
  resolution?: DisputeResolution | null;
  resolutionNote?: string | null;
  creditAmount?: Decimal | null;
  escalate?: boolean;
};

/** Mirrors PROMISE_STATUSES in src/collection/collection.schema.ts. */
export const PROMISE_STATUSES = ["open", "kept", "partially_kept", "broken", "cancelled"] as const;
export type PromiseStatus = (typeof PROMISE_STATUSES)[number];

export type PromiseItem = {
  id: number;
  customerId: number;
  customerCode: string;
  customerName: string;
  collector: string | null;
  contactName: string | null;
  amount: Decimal;
  currency: string;
  promisedOn: IsoDate;
  madeOn: IsoDate;
  status: PromiseStatus;
  paidAmount: Decimal | null;
  settledOn: IsoDate | null;
  createdBy: string;
};

export type PromiseList = {
  /** The company's calendar day. */
  today: IsoDate;
  from: IsoDate;
  to: IsoDate;
  dateOf: "promised" | "settled";
  promises: PromiseItem[];
  truncated: boolean;
};

export type OverdueBreakdown = {
  by: "grade" | "cause";
  asOf: IsoDate | null;
  /** `key` is a grade or a cause, "" for no cause. */
  groups: { key: string; currency: string; customers: number; overdue: Decimal }[];
};

export type TopRisk = {
  customerId: number;
  customerCode: string;
  customerName: string;
  collector: string | null;
  grade: RiskGrade;
  cause: Cause | null;
  currency: string;
  overdue: Decimal;
  balance: Decimal;
  daysPastDue: number;
  legal: boolean;
  asOf: IsoDate;
};

type Rate = number | null;

/** GET /api/kpis: one group (a collector when by=collector) in one period. */
export type GroupKpis = {
  periodStart: IsoDate;
  periodEnd: IsoDate;
  group: string;
  label: string;
  attempts: number;
  connects: number;
  effectiveContacts: number;
  conversations: number;
  promisesMade: number;
  promisesSettled: number;
  promisesKept: number;
  complaints: number;
  connectRate: Rate;
  effectiveContactRate: Rate;
  promiseRate: Rate;
  promiseKeptRate: Rate;
  complaintRate: Rate;
  money: {
    currency: string;
    promised: Decimal;
    overdueAtStart: Decimal;
    recovered: Decimal;
    recoveryRate: Rate;
    collected: Decimal;
  }[];
};

/** GET /api/kpis: the business figures of one period in one currency. */
export type BusinessKpis = {
  periodStart: IsoDate;
  periodEnd: IsoDate;
  currency: string;
  openingReceivables: Decimal;
  closingReceivables: Decimal;
  closingCurrent: Decimal;
  sales: Decimal;
  dso: Rate;
  bestPossibleDso: Rate;
  averageDaysDelinquent: Rate;
  /** Percent. */
  cei: Rate;
  aging: Record<BucketKey, Decimal>;
  openByGrade: Record<RiskGrade, Decimal>;
  provisionByGrade: Record<RiskGrade, Decimal>;
  provisionTotal: Decimal;
};

export type Kpis = {
  from: IsoDate;
  to: IsoDate;
  by: "collector" | "team" | "cause" | "playbook";
  grain: "day" | "week" | "month" | null;
  periods: { start: IsoDate; end: IsoDate }[];
  groups: GroupKpis[];
  business: BusinessKpis[];
};

// POST /api/imports (the import wizard).
export const IMPORT_KINDS = ["invoices", "payments", "customers", "contacts"] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];
export type ImportSummary = {
  kind: ImportKind;
  file: string;
  format: string;
  encoding: string;
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  customersCreated: number;
  linkedChanged: number;
  dryRun: boolean;
  notes: string[];
  mapping: { field: string; column: string }[];
  sha256: string;
};
/** One problem of a refused file; a problem of the whole file (a missing column) has no row. */
export type ImportProblem = { row: number | null; column: string | null; message: string };

/** A setting as /api/settings/{key} answers it: the value and its version (0 while it has its built-in default). */
export type Setting<T> = { key: string; value: T; version: number };

/** An account as /api/users lists it (managers and admins). */
export type Account = {
  id: number;
  login: string;
  name: string;
  role: UserRole;
  team: string | null;
  email: string | null;
  active: boolean;
};
export type AccountInput = {
  login: string;
  name: string;
  role: UserRole;
  team: string | null;
  email: string | null;
  password: string;
};
export type AccountChange = Partial<Pick<Account, "name" | "role" | "team" | "email" | "active">>;

export const SCRIPT_KINDS = ["script", "template"] as const;
export type ScriptKind = (typeof SCRIPT_KINDS)[number];
/** Mirrors SCRIPT_STAGES in src/collection/scripts.ts. */
export const SCRIPT_STAGES = [
  "before_due",
  "first_reminder",
  "follow_up",
  "plan_offer",
  "dispute_handling",
  "after_broken_promise",
  "escalation",
  "legal",
  "excuse_reply",
  "after_payment",
] as const;
export type ScriptStage = (typeof SCRIPT_STAGES)[number];
type Texts = { zh?: string; en?: string };
/** A script of the library (read-only) or a custom one (versioned), as /api/scripts lists it. */
export type Script = {
  id: string;
  source: "library" | "custom";
  version: number | null;
  kind: ScriptKind;
  channel: Channel | null;
  causes: "*" | Cause[];
  stage: ScriptStage;
  excuse: Excuse | null;
  tone: string;
  legal: boolean;
  variables: string[];
  title: Texts;
  subject: Texts | null;
  text: Texts;
};
export type ScriptInput = {
  id?: string;
  kind: ScriptKind;
  channel: Channel | null;
  causes: "*" | Cause[];
  stage: ScriptStage;
  excuse: Excuse | null;
  tone: string;
  title: { zh: string; en: string };
  subject?: { zh: string; en: string };
  text: { zh: string; en: string };
};
