// Run by `npm install` / `npm ci` in this folder. npm links the bins of dependencies into node_modules/.bin but not
// the package's own, so `npx huikuan` would make npm load the whole dependency tree to find it (over half a second
// on every command). Linking it here lets npx start the CLI straight away. Failing to link only costs that time.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dir = path.join(root, "node_modules/.bin");
const link = path.join(dir, "huikuan");
// Only for an install in this folder (a clone), not when Huikuan is installed as someone else's dependency.
if (!process.env.INIT_CWD || path.resolve(process.env.INIT_CWD) === root) {
  try {
    fs.mkdirSync(dir, { recursive: true });
    if (!fs.existsSync(link)) fs.symlinkSync(path.relative(dir, path.join(root, "bin/huikuan.js")), link);
  } catch {
    // a file system without symbolic links: npx finds the bin the slow way
  }
}
