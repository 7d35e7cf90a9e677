// The `huikuan` CLI as a child process over a PGlite data folder of its own (one per test file), as a user runs it.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");

export function cliInTempDir(label: string) {
  let dir = "";
  /** The environment the CLI runs with (also what a test passes to openDatabase to prepare the same data). */
  const env = () => ({ ...process.env, HUIKUAN_DATA_DIR: path.join(dir, "data"), DATABASE_URL: "" });
  return {
    env,
    open: () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), `huikuan-${label}-`));
    },
    close: () => fs.rmSync(dir, { recursive: true, force: true }),
    dir: () => dir,
    huikuan: (...args: string[]) => {
      const r = spawnSync("node", [path.join(root, "bin/huikuan.js"), ...args], {
        cwd: dir,
        env: env(),
        encoding: "utf8",
        timeout: 120_000,
      });
      return { code: r.status, out: r.stdout, err: r.stderr };
    },
  };
}
