// `huikuan document KIND CODE --out FILE`: a customer's statement of account, reminder, final demand or lawyer's
// draft, or (KIND agreement, CODE the plan's number) a repayment agreement, as a PDF file. The same use case as
// the API (src/documents/render-document.ts), audited as "document.generated" with the actor "cli".
import { type Command, Option } from "commander";
import { openDatabase } from "../app/open-database.ts";
import { DOCUMENT_LANGS, type DocumentLang } from "../documents/document-format.ts";
import { DOCUMENT_KINDS, type DocumentKind } from "../documents/document-text.ts";
import { AppError, msg } from "../errors/app-error.ts";
import { isoDate } from "./arguments.ts";
import { writeOutputFile } from "./export-file.ts";

type Options = { out: string; lang?: DocumentLang; asOf?: string };

export function registerDocumentCommand(program: Command): void {
  program
    .command("document")
    .description(
      "print a document as PDF: statement (对账单), reminder (催款函), final-demand, lawyer-letter, agreement",
    )
    .addArgument(program.createArgument("<kind>", "what to print").choices(DOCUMENT_KINDS))
    .argument("<code>", "the customer's code (for agreement: the payment plan's number)")
    .requiredOption("--out <file>", "where to write the PDF")
    .addOption(new Option("--lang <lang>", "language (default: the customer's)").choices(DOCUMENT_LANGS))
    .option("--as-of <date>", "the date, YYYY-MM-DD (default: today in the company's zone)", isoDate)
    .action(async (kind: DocumentKind, code: string, opts: Options) => {
      if (kind === "agreement" && !/^\d+$/.test(code)) {
        throw new AppError("invalid_input", msg`for an agreement give the payment plan's number, not "${code}"`);
      }
      const database = await openDatabase();
      try {
        const deps = { database, now: () => new Date() };
        // The PDF library and the font load only when a document is made.
        const { renderDocument } = await import("../documents/render-document.ts");
        const doc = await renderDocument(
          deps,
          null,
          kind === "agreement"
            ? { kind, planId: Number(code), lang: opts.lang }
            : { kind, customer: { code }, lang: opts.lang, asOf: opts.asOf },
        );
        writeOutputFile(opts.out, doc.pdf);
        console.log(
          `${doc.kind} for ${doc.customerCode} (${doc.lang}, as of ${doc.asOf}): ${opts.out}, ${doc.pdf.length} bytes`,
        );
      } finally {
        await database.close();
      }
    });
}
