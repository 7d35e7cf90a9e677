// Creating and changing message templates: every save passes validateTemplate (known variables, sender identity,
// the language check) and is audited in the same transaction; a change names the version it was made on.
import { eq, sql } from "drizzle-orm";
import { appendAudit } from "../audit/append-audit.ts";
import type { Cause, Tone } from "../collection/collection.enums.ts";
import type { Database } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { AppError, msg } from "../errors/app-error.ts";
import {
  type MessageChannel,
  type MessageTemplateRow,
  messageTemplates,
  type TemplateLanguage,
} from "./messaging.schema.ts";
import { findTemplateOrThrow } from "./template.repository.ts";
import { describeProblem, type TemplateProblem, validateTemplate } from "./template.rules.ts";

export type TemplateInput = {
  key: string;
  channel: MessageChannel;
  language: TemplateLanguage;
  step?: string | null;
  cause?: Cause | null;
  tone?: Tone | null;
  name: string;
  subject?: string | null;
  body: string;
  /** Needed when the language check warns (an ultimatum, legal wording...): why it may go out anyway. */
  checkReason?: string | null;
  active?: boolean;
};

/** Problems as one AppError: wrong variables or shape are 400, language only 422; every problem in `details`. */
export function refuseTemplate(problems: TemplateProblem[]): AppError {
  const details = problems.map(describeProblem);
  const languageOnly = problems.every((p) => p.kind === "language");
  const more = details.length > 1 ? ` (and ${details.length - 1} more)` : "";
  return new AppError(
    languageOnly ? "unprocessable" : "invalid_input",
    `template refused: ${details[0]}${more}`,
    details,
  );
}

export function assertTemplateValid(
  t: Pick<TemplateInput, "channel" | "language" | "subject" | "body" | "checkReason">,
) {
  const problems = validateTemplate(
    { channel: t.channel, language: t.language, subject: t.subject ?? null, body: t.body },
    t.checkReason,
  );
  if (problems.length) throw refuseTemplate(problems);
}

export async function createTemplate(
  deps: { database: Database; now: () => Date },
  input: TemplateInput,
  actor: string,
): Promise<MessageTemplateRow> {
  assertTemplateValid(input);
  const now = deps.now();
  return deps.database.transaction(async ({ db }) => {
    const [exists] = await queryRows<{ id: string }>(
      db,
      sql`select id from message_templates where key = ${input.key} and channel = ${input.channel} and language = ${input.language}`,
    );
    if (exists) {
      throw new AppError(
        "conflict",
        msg`a ${input.channel} template "${input.key}" in ${input.language} exists already (#${exists.id}): change that one`,
      );
    }
    const [row] = await db
      .insert(messageTemplates)
      .values({
        key: input.key,
        channel: input.channel,
        language: input.language,
        step: input.step ?? null,
        cause: input.cause ?? null,
        tone: input.tone ?? null,
        name: input.name,
        subject: input.subject || null,
        body: input.body,
        checkReason: input.checkReason?.trim() || null,
        active: input.active ?? true,
        updatedBy: actor,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    const created = row as MessageTemplateRow;
    await appendAudit(db, {
      at: now,
      actor,
      action: "template.create",
      objectType: "message_template",
      objectId: String(created.id),
      after: { key: created.key, channel: created.channel, language: created.language, version: 1 },
      reason: created.checkReason,
    });
    return created;
  });
}

export type TemplateChange = Partial<Omit<TemplateInput, "key" | "channel" | "language">>;

/** Changes a template made on `version`; a template changed meanwhile answers 409 with its current state. */
export async function updateTemplate(
  deps: { database: Database; now: () => Date },
  id: number,
  version: number,
  change: TemplateChange,
  actor: string,
): Promise<MessageTemplateRow> {
  const now = deps.now();
  return deps.database.transaction(async ({ db }) => {
    const current = await findTemplateOrThrow(db, id, true);
    if (current.version !== version) {
      throw new AppError(
        "conflict",
        msg`template ${id} was changed meanwhile (version ${current.version}, you had ${version}): reload it and apply your change again`,
      );
    }
    const next = {
      step: change.step === undefined ? current.step : change.step,
      cause: change.cause === undefined ? current.cause : change.cause,
      tone: change.tone === undefined ? current.tone : change.tone,
      name: change.name ?? current.name,
      subject: change.subject === undefined ? current.subject : change.subject || null,
      body: change.body ?? current.body,
      checkReason: change.checkReason === undefined ? current.checkReason : change.checkReason?.trim() || null,
      active: change.active ?? current.active,
    };
    assertTemplateValid({ ...next, channel: current.channel, language: current.language });
    const [row] = await db
      .update(messageTemplates)
      .set({ ...next, version: current.version + 1, updatedBy: actor, updatedAt: now })
      .where(eq(messageTemplates.id, id))
      .returning();
    const updated = row as MessageTemplateRow;
    const changed = (Object.keys(next) as (keyof typeof next)[]).filter((k) => next[k] !== current[k]);
    await appendAudit(db, {
      at: now,
      actor,
      action: "template.update",
      objectType: "message_template",
      objectId: String(id),
      before: Object.fromEntries(changed.map((k) => [k, current[k]])),
      after: { ...Object.fromEntries(changed.map((k) => [k, next[k]])), version: updated.version },
      reason: next.checkReason,
    });
    return updated;
  });
}
