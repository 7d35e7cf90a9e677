// The settings messaging reads: "smtp" (null: demo mode, mail goes to ./data/outbox/*.eml), "sms" (a provider) and
// "messaging" (the public address links point to, the callback number every message names). Secrets are never
// stored here: only the names of the environment variables that hold them.
import { z } from "zod";

const envName = z
  .string()
  .regex(/^[A-Z_][A-Z0-9_]*$/, "expected the name of an environment variable (e.g. HUIKUAN_SMTP_PASSWORD)");

export const smtpSettingsSchema = z
  .strictObject({
    host: z.string().min(1),
    port: z.number().int().min(1).max(65_535),
    /** Implicit TLS (usually port 465); otherwise STARTTLS when the server offers it. */
    secure: z.boolean(),
    /** Refuse to send unless STARTTLS succeeds. */
    requireTls: z.boolean().optional(),
    user: z.string().min(1).optional(),
    passwordEnv: envName.optional(),
    /** "Accounts receivable <ar@example.com>" */
    from: z.string().min(3).includes("@", { message: "expected an address such as ar@example.com" }),
    dkim: z
      .strictObject({ domainName: z.string().min(1), keySelector: z.string().min(1), privateKeyEnv: envName })
      .optional(),
  })
  .nullable();
export type SmtpSettings = NonNullable<z.infer<typeof smtpSettingsSchema>>;

/** Placeholders a generic HTTP provider's body template may use; each is inserted as a JSON string. */
export const SMS_BODY_PLACEHOLDERS = ["to", "text", "id"] as const;

export function renderSmsBody(template: string, values: Record<(typeof SMS_BODY_PLACEHOLDERS)[number], string>) {
  return template.replace(/"\{(to|text|id)\}"/g, (_m, name: keyof typeof values) => JSON.stringify(values[name]));
}

export const smsSettingsSchema = z.discriminatedUnion("provider", [
  z.strictObject({
    provider: z.literal("log"),
    /** Env var holding the secret inbound webhooks are signed with (default: the server secret). */
    webhookSecretEnv: envName.optional(),
  }),
  z.strictObject({
    provider: z.literal("http"),
    url: z.url({ protocol: /^https?$/ }),
    /** e.g. "Authorization"; its value comes from `authValueEnv`. */
    authHeader: z.string().min(1).optional(),
    authValueEnv: envName.optional(),
    /** JSON with "{to}", "{text}" and "{id}" as string values, e.g. {"phone":"{to}","content":"{text}"}. */
    bodyTemplate: z.string().superRefine((t, ctx) => {
      try {
        JSON.parse(renderSmsBody(t, { to: "+8613900000000", text: "x", id: "1" }));
      } catch {
        ctx.addIssue({ code: "custom", message: 'not JSON once "{to}", "{text}" and "{id}" are filled in' });
      }
      if (!t.includes('"{to}"') || !t.includes('"{text}"'))
        ctx.addIssue({ code: "custom", message: 'must contain "{to}" and "{text}" (with their quotes)' });
    }),
    /** Field of the provider's JSON answer holding its message id (default "id"). */
    idField: z.string().min(1).optional(),
    webhookSecretEnv: envName.optional(),
  }),
]);
export type SmsSettings = z.infer<typeof smsSettingsSchema>;

export const messagingSettingsSchema = z.strictObject({
  /** Where the server is reached from outside: unsubscribe and portal links start with it. */
  publicUrl: z.url({ protocol: /^https?$/ }),
  /** The callback number every message names (conduct rule 10). */
  callbackPhone: z.string().min(3),
});
export type MessagingSettings = z.infer<typeof messagingSettingsSchema>;

/** The debtor portal's links: how long a new link lives, how many actions one link may take per hour. */
export const portalSettingsSchema = z.strictObject({
  linkDays: z.number().int().min(1).max(365),
  actionsPerHour: z.number().int().min(1).max(1000),
});
export type PortalSettings = z.infer<typeof portalSettingsSchema>;

/** The inbound e-mail webhook: the environment variable holding its signing secret (default: the server secret). */
export const inboundSettingsSchema = z.strictObject({ secretEnv: envName.optional() });
export type InboundSettings = z.infer<typeof inboundSettingsSchema>;

export const MESSAGING_SETTINGS = {
  smtp: { schema: smtpSettingsSchema, default: null as SmtpSettings | null },
  sms: { schema: smsSettingsSchema, default: { provider: "log" } as SmsSettings },
  messaging: {
    schema: messagingSettingsSchema,
    default: { publicUrl: "http://localhost:3000", callbackPhone: "021-5555-0100" } as MessagingSettings,
  },
  portal: { schema: portalSettingsSchema, default: { linkDays: 30, actionsPerHour: 20 } as PortalSettings },
  inbound: { schema: inboundSettingsSchema, default: {} as InboundSettings },
} as const;
