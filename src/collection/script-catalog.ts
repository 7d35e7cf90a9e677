// The script catalogue: the starter library plus the custom scripts managers keep in the setting "scripts.custom".
// Custom scripts are added and changed here, checked by the setting's own schema (script-custom.ts), written with
// the settings' version check and audit, so two managers editing at once never lose a change silently.
import type { AuthUser } from "../auth/sessions.ts";
import type { Database, Db } from "../db/database.ts";
import { AppError, msg } from "../errors/app-error.ts";
import { getSetting, getSettingVersioned, setSetting } from "../settings/settings.ts";
import {
  asScript,
  CUSTOM_SCRIPT_ID,
  type CustomScript,
  type CustomScriptBody,
  scriptTextProblems,
} from "./script-custom.ts";
import { matchesFilter, SCRIPTS, type Script, type ScriptFilter, scriptById } from "./scripts.ts";

export type CatalogScript = Script & { source: "library" | "custom"; version: number | null };

const fromLibrary = (s: Script): CatalogScript => ({ ...s, source: "library", version: null });
const fromCustom = (c: CustomScript): CatalogScript => ({ ...asScript(c), source: "custom", version: c.version });

export async function listScripts(db: Db, filter: ScriptFilter = {}): Promise<CatalogScript[]> {
  const custom = await getSetting(db, "scripts.custom");
  return [...SCRIPTS.map(fromLibrary), ...custom.map(fromCustom)].filter((s) => matchesFilter(s, filter));
}

/** A library or custom script; not_found otherwise. */
export async function getScriptOrThrow(db: Db, id: string): Promise<CatalogScript> {
  const library = scriptById(id);
  if (library) return fromLibrary(library);
  const custom = (await getSetting(db, "scripts.custom")).find((c) => c.id === id);
  if (!custom) throw new AppError("not_found", msg`no script "${id}" in the library or the custom scripts`);
  return fromCustom(custom);
}

type Deps = { database: Database; now: () => Date };

/** Refuses the body with every problem at once, each naming its field, language and place in the text. */
function checkBody(body: CustomScriptBody): void {
  const problems = scriptTextProblems(body).map((p) => `${p.path.join(".")}: ${p.message}`);
  if (problems.length) throw new AppError("invalid_input", problems.join("\n"), problems);
}

export async function createCustomScript(
  deps: Deps,
  user: AuthUser,
  input: CustomScriptBody & { id?: string },
): Promise<CatalogScript> {
  const { id: wanted, ...body } = input;
  checkBody(body);
  const current = await getSettingVersioned(deps.database.db, "scripts.custom");
  const list = current.value as CustomScript[];
  if (wanted !== undefined && !CUSTOM_SCRIPT_ID.test(wanted)) {
    throw new AppError(
      "invalid_input",
      msg`id: "${wanted}" is not a valid id (lower-case letters, digits, ".", "_", "-")`,
    );
  }
  if (wanted !== undefined && (scriptById(wanted) || list.some((c) => c.id === wanted))) {
    throw new AppError("conflict", msg`a script "${wanted}" already exists: choose another id, or PUT to change it`);
  }
  const id = wanted ?? nextCustomId(list);
  const script: CustomScript = { ...body, id, version: 1, updatedBy: user.login, updatedAt: deps.now().toISOString() };
  await setSetting(deps, "scripts.custom", [...list, script], user.login, current.version);
  return fromCustom(script);
}

/**
 * Replaces a custom script. With `expectedVersion` (If-Match), a change made meanwhile is refused (409). Library
 * scripts are read-only: copy one with POST and change the copy.
 */
export async function updateCustomScript(
  deps: Deps,
  user: AuthUser,
  id: string,
  body: CustomScriptBody,
  expectedVersion?: number,
): Promise<CatalogScript> {
  if (scriptById(id)) {
    throw new AppError(
      "conflict",
      msg`"${id}" is a library script and read-only: POST a copy under a new id to change it`,
    );
  }
  checkBody(body);
  const current = await getSettingVersioned(deps.database.db, "scripts.custom");
  const list = current.value as CustomScript[];
  const index = list.findIndex((c) => c.id === id);
  const existing = list[index];
  if (!existing) throw new AppError("not_found", msg`no custom script "${id}"`);
  if (expectedVersion !== undefined && expectedVersion !== existing.version) {
    throw new AppError(
      "conflict",
      msg`script "${id}" was changed meanwhile (version ${existing.version}, you had ${expectedVersion}): reload it and apply your change again`,
    );
  }
  const script: CustomScript = {
    ...body,
    id,
    version: existing.version + 1,
    updatedBy: user.login,
    updatedAt: deps.now().toISOString(),
  };
  await setSetting(deps, "scripts.custom", list.with(index, script), user.login, current.version);
  return fromCustom(script);
}

function nextCustomId(list: readonly CustomScript[]): string {
  let n = list.length + 1;
  while (list.some((c) => c.id === `custom.${n}`)) n++;
  return `custom.${n}`;
}
