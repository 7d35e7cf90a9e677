// A template rendered with a real customer's data, and what the language check says about the result, before
// anything is queued. Variables without a value show as [name] and are listed.
import { sql } from "drizzle-orm";
import { dateInZone } from "../calendar/calendar-date.ts";
import type { Db } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { AppError, msg } from "../errors/app-error.ts";
import { getSetting } from "../settings/settings.ts";
import type { Finding } from "./language-check/language-check.rules.ts";
import { loadContactFacts, loadCustomerFacts, templateVars } from "./message-data.ts";
import { findTemplateOrThrow } from "./template.repository.ts";
import { checkRendered, renderTemplate, type TemplateVariable, type TemplateVars } from "./template.rules.ts";

export type Preview = {
  templateId: number;
  templateVersion: number;
  customerId: number;
  contactId: number | null;
  subject: string | null;
  body: string;
  missing: TemplateVariable[];
  check: { verdict: "allow" | "warn" | "block"; findings: (Finding & { field: "subject" | "body" })[] };
};

export async function previewTemplate(
  db: Db,
  input: { templateId: number; customerId: number; contactId?: number | null; vars?: TemplateVars; now: Date },
): Promise<Preview> {
  const template = await findTemplateOrThrow(db, input.templateId);
  const company = await getSetting(db, "company");
  const messaging = await getSetting(db, "messaging");
  const today = dateInZone(input.now, company.timeZone);
  const customer = (await loadCustomerFacts(db, [input.customerId], today)).get(input.customerId);
  if (!customer) throw new AppError("not_found", msg`no such customer`);
  let contactId = input.contactId ?? null;
  if (contactId === null) {
    // The first contact who may receive debt details (conduct rule 9).
    const [first] = await queryRows<{ id: string }>(
      db,
      sql`select id from contacts where customer_id = ${customer.id} and role in ('finance', 'owner', 'purchasing')
          order by case role when 'finance' then 0 when 'owner' then 1 else 2 end, id limit 1`,
    );
    contactId = first ? Number(first.id) : null;
  }
  const contact = contactId === null ? null : ((await loadContactFacts(db, [contactId])).get(contactId) ?? null);
  if (contactId !== null && (!contact || contact.customerId !== customer.id)) {
    throw new AppError("not_found", msg`no contact ${contactId} for this customer`);
  }
  const vars = templateVars(
    customer,
    contact,
    template.language,
    { company: company.name, callbackPhone: messaging.callbackPhone, today },
    input.vars,
  );
  const subject = template.subject ? renderTemplate(template.subject, vars) : null;
  const body = renderTemplate(template.body, vars);
  const check = checkRendered(template.language, subject?.text ?? null, body.text, { legalApproved: customer.legal });
  const fields = [...(subject ? (["subject"] as const) : []), "body" as const];
  return {
    templateId: template.id,
    templateVersion: template.version,
    customerId: customer.id,
    contactId: contact?.id ?? null,
    subject: subject?.text ?? null,
    body: body.text,
    missing: [...new Set([...(subject?.missing ?? []), ...body.missing])],
    check: {
      verdict: check.verdict,
      findings: check.result.flatMap((r, i) => r.findings.map((f) => ({ ...f, field: fields[i] ?? "body" }))),
    },
  };
}
