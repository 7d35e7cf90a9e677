// `huikuan confirm-statement`: the customer returned a statement's balance-confirmation slip signed. The same use
// case as POST /api/customers/{id}/statement-confirmations; --scan attaches the scanned slip (src/attachments).
// Acts as a named user (--as), whose portfolio bounds what they reach.
import fs from "node:fs";
import type { Command } from "commander";
import { openDatabase } from "../app/open-database.ts";
import { actingUser, visibleCustomerId } from "./acting-user.ts";

type ConfirmOptions = {
  as: string;
  on: string;
  balance: string;
  signedBy: string;
  currency?: string;
  note?: string;
  scan?: string;
};

export function registerStatementCommand(program: Command): void {
  program
    .command("confirm-statement")
    .description(
      "record that the customer signed the balance confirmation of a statement (restarts the limitation clock of the invoices open that day)",
    )
    .argument("<customer>", "customer code")
    .requiredOption("--as <login>", "the user recording it")
    .requiredOption("--on <date>", "the day the customer signed, YYYY-MM-DD")
    .requiredOption("--balance <amount>", "the balance the customer confirmed, e.g. 12500.00")
    .requiredOption("--signed-by <name>", "who signed for the customer")
    .option("--currency <code>", "the balance's currency (default: the one open that day)")
    .option("--note <text>", "a note")
    .option("--scan <file>", "the scanned slip (PDF, JPEG, PNG, WEBP or HEIC) to attach")
    .action(async (code: string, opts: ConfirmOptions) => {
      const bytes = opts.scan ? fs.readFileSync(opts.scan) : null;
      const database = await openDatabase();
      try {
        const deps = { database, now: () => new Date() };
        const user = await actingUser(database, opts.as);
        const customerId = await visibleCustomerId(database, user, code);
        const { recordStatementConfirmation } = await import("../ledger/record-statement-confirmation.ts");
        const confirmation = await recordStatementConfirmation(deps, user, customerId, {
          confirmedOn: opts.on,
          confirmedBalance: opts.balance,
          currency: opts.currency ?? null,
          signedBy: opts.signedBy,
          note: opts.note ?? null,
        });
        console.log(
          `statement confirmation ${confirmation.id}: ${confirmation.confirmedBalance} ${confirmation.currency} on ${confirmation.confirmedOn}, signed by ${confirmation.signedBy}; ${confirmation.invoiceIds.length} invoices acknowledged (ledger ${confirmation.ledgerBalance}, difference ${confirmation.difference})`,
        );
        if (bytes && opts.scan) {
          const { addAttachment } = await import("../attachments/add-attachment.ts");
          const a = await addAttachment(deps, user, {
            owner: { type: "statement_confirmation", id: confirmation.id },
            fileName: opts.scan,
            bytes,
          });
          console.log(`scan attached: ${a.fileName} (${a.mediaType}, ${a.size} bytes, sha256 ${a.sha256})`);
        }
      } finally {
        await database.close();
      }
    });
}
