import { execFile } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

describe("the huikuan command", () => {
  // npm links it from the workspace package packages/cli (not the root's "bin": see packages/cli/huikuan.js), so this
  // is what `npx huikuan` starts.
  it("is linked into node_modules/.bin and starts the CLI", async () => {
    const { stdout } = await promisify(execFile)(path.join(root, "node_modules/.bin/huikuan"), ["--help"], {
      cwd: root,
      env: { ...process.env, HUIKUAN_DEBUG: "" },
    });
    expect(stdout).toMatch(/^Usage: huikuan /m);
    expect(stdout).toMatch(/^\s+run \[options]/m);
  }, 120_000);
});
