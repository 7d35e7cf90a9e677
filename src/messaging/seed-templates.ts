// The default templates, added once: a template someone changed or deactivated is left as it is.
import { sql } from "drizzle-orm";
import { appendAudit } from "../audit/append-audit.ts";
import type { Database } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { DEFAULT_TEMPLATES } from "./default-templates.ts";
import { assertTemplateValid } from "./save-template.ts";

export async function seedDefaultTemplates(deps: { database: Database; now: () => Date }): Promise<number> {
  for (const t of DEFAULT_TEMPLATES) assertTemplateValid(t);
  const now = deps.now();
  return deps.database.transaction(async ({ db }) => {
    let added = 0;
    for (const t of DEFAULT_TEMPLATES) {
      const rows = await queryRows<{ id: string }>(
        db,
        sql`insert into message_templates (key, channel, language, step, cause, tone, name, subject, body, updated_by,
              created_at, updated_at)
            values (${t.key}, ${t.channel}, ${t.language}, ${t.step}, ${t.cause}, ${t.tone}, ${t.name}, ${t.subject},
              ${t.body}, 'system', ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz)
            on conflict (key, channel, language) do nothing returning id`,
      );
      if (rows.length) added++;
    }
    if (added) {
      await appendAudit(db, {
        at: now,
        actor: "system",
        action: "template.seed",
        objectType: "message_template",
        after: { added },
      });
    }
    return added;
  });
}
