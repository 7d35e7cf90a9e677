import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { registerCheckMessageCommand } from "./check-message.command.ts";

async function run(...args: string[]): Promise<string> {
  let printed = "";
  const program = new Command("huikuan").exitOverride();
  registerCheckMessageCommand(program, {
    write: (s) => {
      printed += s;
    },
  })
    .exitOverride()
    .configureOutput({ writeErr: () => {} });
  await program.parseAsync(["node", "huikuan", "check-message", ...args]);
  return printed;
}

describe("huikuan check-message", () => {
  it("prints one JSON object for TEXT", async () => {
    const out = await run("你就是个老 赖");
    expect(out.endsWith("\n")).toBe(true);
    const r = JSON.parse(out);
    expect(r.verdict).toBe("block");
    expect(r.findings).toEqual([
      expect.objectContaining({ category: "insults", span: "老 赖", start: 4, end: 7, suggestion: expect.any(String) }),
    ]);
  });

  it("prints one JSON line per input line, in order, with --file", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "huikuan-check-"));
    const file = path.join(dir, "messages.txt");
    fs.writeFileSync(file, "\uFEFF对账单已发送\r\nPay immediately\r\n\r\nWe will sue you\n");
    const lines = (await run("--lang", "en", "--file", file))
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.verdict)).toEqual(["allow", "warn", "allow", "warn"]);
    fs.rmSync(dir, { recursive: true });
  });

  it("takes the context flags", async () => {
    expect(JSON.parse(await run("We will sue you", "--legal-approved")).verdict).toBe("allow");
    expect(JSON.parse(await run("We will sue you", "--legal-approved", "--time-barred")).verdict).toBe("block");
  });

  it("refuses neither or both of TEXT and --file, and an unknown language", async () => {
    await expect(run()).rejects.toThrow(/either TEXT or --file/);
    await expect(run("hello", "--file", "x.txt")).rejects.toThrow(/either TEXT or --file/);
    await expect(run("--file", "/nonexistent/x.txt")).rejects.toThrow(/no such file/);
    await expect(run("hello", "--lang", "fr")).rejects.toThrow();
  });
});
