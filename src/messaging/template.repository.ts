// Queries on message templates.
import { and, asc, eq, type SQL } from "drizzle-orm";
import type { Db } from "../db/database.ts";
import { AppError, msg } from "../errors/app-error.ts";
import {
  type MessageChannel,
  type MessageTemplateRow,
  messageTemplates,
  type TemplateLanguage,
} from "./messaging.schema.ts";

export type TemplateJson = Omit<MessageTemplateRow, "createdAt" | "updatedAt"> & {
  createdAt: string;
  updatedAt: string;
};

export const templateJson = (t: MessageTemplateRow): TemplateJson => ({
  ...t,
  createdAt: t.createdAt.toISOString(),
  updatedAt: t.updatedAt.toISOString(),
});

export async function findTemplateOrThrow(db: Db, id: number, lock = false): Promise<MessageTemplateRow> {
  const q = db.select().from(messageTemplates).where(eq(messageTemplates.id, id));
  const [row] = lock ? await q.for("update") : await q;
  if (!row) throw new AppError("not_found", msg`no template ${id}`);
  return row;
}

export async function findTemplateByKeyOrThrow(
  db: Db,
  key: string,
  channel: MessageChannel,
  language: TemplateLanguage,
): Promise<MessageTemplateRow> {
  const [row] = await db
    .select()
    .from(messageTemplates)
    .where(
      and(
        eq(messageTemplates.key, key),
        eq(messageTemplates.channel, channel),
        eq(messageTemplates.language, language),
      ),
    );
  if (!row) throw new AppError("not_found", msg`no ${channel} template "${key}" in ${language}`);
  return row;
}

export type TemplateFilter = { channel?: MessageChannel; language?: TemplateLanguage; active?: boolean; key?: string };

export async function listTemplates(db: Db, filter: TemplateFilter = {}): Promise<MessageTemplateRow[]> {
  const where: SQL[] = [];
  if (filter.channel) where.push(eq(messageTemplates.channel, filter.channel));
  if (filter.language) where.push(eq(messageTemplates.language, filter.language));
  if (filter.active !== undefined) where.push(eq(messageTemplates.active, filter.active));
  if (filter.key) where.push(eq(messageTemplates.key, filter.key));
  return db
    .select()
    .from(messageTemplates)
    .where(where.length ? and(...where) : undefined)
    .orderBy(asc(messageTemplates.key), asc(messageTemplates.channel), asc(messageTemplates.language));
}
