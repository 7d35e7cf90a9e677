// `huikuan check-message`: the language check (src/messaging/language-check) from the command line. No database.
import fs from "node:fs";
import readline from "node:readline";
import { type Command, Option } from "commander";
import { z } from "zod";
import { AppError, msg } from "../errors/app-error.ts";
import type { CHECK_LANGS as CheckLangs } from "../messaging/language-check/language-check.rules.ts";
import { outputSink } from "./export-file.ts";

/** The same list as the rules' CHECK_LANGS (not imported: the rules load a dictionary; they load when the command runs). */
const CHECK_LANGS = ["zh", "en", "auto"] as const satisfies typeof CheckLangs;

export type CheckMessageOutput = { write: (text: string) => Promise<void> | void };

const stdout: CheckMessageOutput = outputSink();

const optionsSchema = z.object({
  lang: z.enum(CHECK_LANGS),
  file: z.string().min(1).optional(),
  legalApproved: z.boolean().optional(),
  timeBarred: z.boolean().optional(),
});

/** Registers `check-message` on `program`; output goes to `out` (standard output unless a test passes its own). */
export function registerCheckMessageCommand(program: Command, out: CheckMessageOutput = stdout): Command {
  return program
    .command("check-message")
    .description(
      "check a message's wording against the conduct rules; prints JSON (one line per input line with --file)",
    )
    .argument("[text]", "the message to check")
    .addOption(new Option("--lang <lang>", "language of the message").choices(CHECK_LANGS).default("auto"))
    .option("--file <file>", "check every line of a UTF-8 file (- for standard input), printing JSON lines in order")
    .option("--legal-approved", "legal action on this claim is approved (legal wording is then allowed)")
    .option("--time-barred", "the claim is time-barred (legal and credit-reporting wording is blocked)")
    .action(async (text: string | undefined, raw: unknown) => {
      const opts = optionsSchema.parse(raw);
      if ((text === undefined) === (opts.file === undefined)) {
        throw new AppError("invalid_input", msg`check-message needs either TEXT or --file FILE (not both)`);
      }
      const { checkMessage } = await import("../messaging/language-check/language-check.rules.ts");
      const check = (t: string) => {
        const { verdict, findings } = checkMessage(t, {
          lang: opts.lang,
          context: { legalApproved: opts.legalApproved, timeBarred: opts.timeBarred },
        });
        return `${JSON.stringify({ verdict, findings })}\n`;
      };
      if (text !== undefined) {
        await out.write(check(text));
        return;
      }
      const file = opts.file as string;
      if (file !== "-" && !fs.existsSync(file)) throw new AppError("invalid_input", msg`--file ${file}: no such file`);
      const input = file === "-" ? process.stdin : fs.createReadStream(file, { encoding: "utf8" });
      const lines = readline.createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
      let first = true;
      for await (const line of lines) {
        await out.write(check(first ? line.replace(/^\uFEFF/, "") : line));
        first = false;
      }
    });
}
