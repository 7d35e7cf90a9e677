import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { DEFAULT_GRADE_THRESHOLDS, type GradeThresholds, validateThresholds } from "../aging/aging.rules.ts";
import { type BacktestResult, backtestResultSchema } from "../analytics/backtest.rules.ts";
import { DEFAULT_PROVISION_RATES, type ProvisionRates } from "../analytics/kpi.rules.ts";
import {
  type AttachmentSettings,
  attachmentSettingsSchema,
  DEFAULT_ATTACHMENT_SETTINGS,
} from "../attachments/attachment.rules.ts";
import { appendAudit } from "../audit/append-audit.ts";
import { isIanaTimeZone } from "../calendar/calendar-date.ts";
import { DEFAULT_PLAYBOOKS, type PlaybookSet, playbookSetSchema } from "../collection/playbook.rules.ts";
import { type CustomScript, customScriptList } from "../collection/script-custom.ts";
import { scriptById } from "../collection/scripts.ts";
import {
  DEFAULT_WORKING_HOURS,
  WEEKDAYS,
  type WorkingHours,
  workingHoursProblems,
} from "../collection/working-hours.rules.ts";
import { type ContactPolicy, DEFAULT_POLICIES, validatePolicy } from "../contact/gate.rules.ts";
import type { Database, Db } from "../db/database.ts";
import { AppError, msg } from "../errors/app-error.ts";
import { DEFAULT_LIMITATION, type LimitationSettings, limitationSettingsSchema } from "../ledger/limitation.rules.ts";
import { MESSAGING_SETTINGS } from "../messaging/messaging.settings.ts";
import { isKnownCurrency } from "../money/currencies.ts";
import { DEFAULT_PLAN_FOLLOW_UP, type PlanFollowUpSettings } from "../workspace/plan-status.rules.ts";
import { settings } from "./settings.schema.ts";

const gradeThresholds = z
  .object({
    overdue: z.number().int(),
    doubtful: z.number().int(),
    bad: z.number().int(),
    dead: z.number().int(),
  })
  .superRefine((t, ctx) => {
    for (const message of validateThresholds(t)) ctx.addIssue({ code: "custom", message });
  });

/** The company's working days and hours, in its time zone (the rules: working-hours.rules.ts). */
const workingHours = z
  .object({
    days: z.array(z.enum(WEEKDAYS)),
    from: z.string(),
    to: z.string(),
    lunch: z.object({ from: z.string(), to: z.string() }).optional(),
  })
  .superRefine((h, ctx) => {
    for (const { path, message } of workingHoursProblems(h)) ctx.addIssue({ code: "custom", path, message });
  });

/** An ISO 4217 code the money module knows (its digits decide how every amount is read and shown). */
const currencyCode = z
  .string()
  .refine(isKnownCurrency, { message: "not an ISO 4217 currency code (upper case, e.g. CNY, USD, EUR)" });

const company = z.object({
  name: z.string().min(1),
  currency: currencyCode,
  /** Every date of the company (today, the run's date, due dates' ages) is taken in this zone. */
  timeZone: z.string().refine(isIanaTimeZone, { message: "not an IANA time zone (e.g. Asia/Shanghai, or UTC)" }),
  /** Where customers pay (bank, account number): {payment_details} in scripts and templates. */
  paymentDetails: z.string().min(1).optional(),
  /** Letterhead and payment instructions on printed documents (src/documents); each optional. */
  address: z.string().min(1).max(300).optional(),
  phone: z.string().min(1).max(50).optional(),
  taxId: z.string().min(1).max(50).optional(),
  bankName: z.string().min(1).max(200).optional(),
  bankAccount: z.string().min(1).max(50).optional(),
  /** Where a payment QR code points (customer, amount, currency and reference are added as query parameters). */
  paymentLink: z.url({ protocol: /^https?$/ }).optional(),
  /** When the collectors work, in `timeZone`: task windows fall inside. Settings saved before it existed get the default. */
  workingHours: workingHours.default(() => structuredClone(DEFAULT_WORKING_HOURS)),
});

const contactPolicies = z
  .array(z.unknown())
  .min(1)
  .superRefine((list, ctx) => {
    list.forEach((p, i) => {
      const r = validatePolicy(p);
      if (!r.ok) for (const message of r.errors) ctx.addIssue({ code: "custom", path: [i], message });
    });
  })
  .transform((list) => list as ContactPolicy[]);

const runSchedule = z.object({
  enabled: z.boolean(),
  /** Local time in the company's zone, HH:MM. */
  at: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "expected HH:MM"),
});

/** Bad-debt provision rate per risk grade, in basis points (500 = 5%). */
const basisPoints = z.number().int().min(0).max(10_000);
const provisionRates = z.object({
  current: basisPoints,
  overdue: basisPoints,
  doubtful: basisPoints,
  bad: basisPoints,
  dead: basisPoints,
});

/** Payment plans: days of grace after an installment's date before the plan breaks; days ahead to remind. */
const planFollowUp = z.object({
  graceDays: z.number().int().min(0).max(90),
  reminderDays: z.number().int().min(0).max(60),
});

/** Monthly collection targets: per collector login, or a default for everyone else; amounts as decimal text. */
const target = z.object({
  currency: currencyCode,
  amount: z.string().regex(/^\d{1,15}(\.\d{1,3})?$/, "a plain decimal such as 500000.00"),
});
const collectionTargets = z.object({ default: target.nullable(), monthly: z.record(z.string(), target) });

/** Portfolio sharing: the collectors of these teams also see (and work) their teammates' customers. */
const access = z.object({ sharedTeams: z.array(z.string().min(1).max(100)).max(1000) });

/** Every setting key with its schema and default: settings are data, checked on the way in and out. */
export const SETTINGS = {
  "aging.grades": { schema: gradeThresholds, default: DEFAULT_GRADE_THRESHOLDS as GradeThresholds },
  company: {
    schema: company,
    default: {
      name: "Huikuan Demo Co.",
      currency: "CNY",
      timeZone: "Asia/Shanghai",
      workingHours: DEFAULT_WORKING_HOURS as WorkingHours,
    },
  },
  "collection.playbooks": {
    schema: playbookSetSchema((id) => scriptById(id) !== undefined),
    default: DEFAULT_PLAYBOOKS as PlaybookSet,
  },
  "contact.policies": { schema: contactPolicies, default: DEFAULT_POLICIES },
  "collection.schedule": { schema: runSchedule, default: { enabled: true, at: "06:00" } },
  access: { schema: access, default: { sharedTeams: [] as string[] } },
  "collection.targets": {
    schema: collectionTargets,
    default: { default: null, monthly: {} } as z.infer<typeof collectionTargets>,
  },
  "analytics.provision": { schema: provisionRates, default: DEFAULT_PROVISION_RATES as ProvisionRates },
  /** The latest `huikuan backtest` result, for the dashboard (written by the backtest, not edited by hand). */
  "analytics.backtest": { schema: backtestResultSchema.nullable(), default: null as BacktestResult | null },
  "scripts.custom": { schema: customScriptList, default: [] as CustomScript[] },
  "workspace.plans": { schema: planFollowUp, default: DEFAULT_PLAN_FOLLOW_UP as PlanFollowUpSettings },
  limitation: { schema: limitationSettingsSchema, default: DEFAULT_LIMITATION as LimitationSettings },
  attachments: { schema: attachmentSettingsSchema, default: DEFAULT_ATTACHMENT_SETTINGS as AttachmentSettings },
  ...MESSAGING_SETTINGS,
} as const;
export type SettingKey = keyof typeof SETTINGS;
export type SettingValue<K extends SettingKey> = z.infer<(typeof SETTINGS)[K]["schema"]>;

export async function getSetting<K extends SettingKey>(db: Db, key: K): Promise<SettingValue<K>> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, key));
  if (!row) return SETTINGS[key].default as SettingValue<K>;
  return SETTINGS[key].schema.parse(row.value) as SettingValue<K>;
}

/** A setting with its version (0 while it still has its built-in default). */
export async function getSettingVersioned(
  db: Db,
  key: string,
): Promise<{ key: SettingKey; value: unknown; version: number }> {
  if (!isSettingKey(key)) {
    throw new AppError("not_found", msg`unknown setting "${key}" (settings: ${Object.keys(SETTINGS).join(", ")})`);
  }
  const [row] = await db.select({ version: settings.version }).from(settings).where(eq(settings.key, key));
  return { key, value: await getSetting(db, key), version: row?.version ?? 0 };
}

/**
 * Validates a new value against the key's schema, stores it with a version bump, audited in the same transaction.
 * With `expectedVersion`, a change made meanwhile by someone else is refused (409) with the current state.
 */
export async function setSetting(
  deps: { database: Database; now: () => Date },
  key: string,
  value: unknown,
  actor: string,
  expectedVersion?: number,
): Promise<{ version: number }> {
  if (!isSettingKey(key)) {
    throw new AppError("invalid_input", msg`unknown setting "${key}" (settings: ${Object.keys(SETTINGS).join(", ")})`);
  }
  const parsed = SETTINGS[key].schema.safeParse(value);
  if (!parsed.success) {
    // Every problem at once, each with its path (playbooks.2.steps.1.action: ...).
    const lines = parsed.error.issues.map(
      (issue) => `${key}${issue.path.length ? `.${issue.path.map(String).join(".")}` : ""}: ${issue.message}`,
    );
    throw new AppError("invalid_input", lines.join("\n"), lines);
  }
  return deps.database.transaction(async (conn) => {
    // The row lock makes check-then-write one step against a concurrent change.
    const [current] = await conn.db
      .select({ version: settings.version })
      .from(settings)
      .where(eq(settings.key, key))
      .for("update");
    const version = current?.version ?? 0;
    if (expectedVersion !== undefined && expectedVersion !== version) {
      throw new AppError(
        "conflict",
        msg`setting "${key}" was changed meanwhile (version ${version}, you had ${expectedVersion}): reload it and apply your change again`,
      );
    }
    const before = await getSetting(conn.db, key);
    await conn.db
      .insert(settings)
      .values({ key, value: parsed.data })
      .onConflictDoUpdate({
        target: settings.key,
        set: { value: parsed.data, version: sql`${settings.version} + 1`, updatedAt: sql`now()` },
      });
    await appendAudit(conn.db, {
      at: deps.now(),
      actor,
      action: "settings.set",
      objectType: "setting",
      objectId: key,
      before,
      after: parsed.data,
    });
    return { version: version + 1 };
  });
}

export function isSettingKey(key: string): key is SettingKey {
  return Object.hasOwn(SETTINGS, key);
}
