// The upload of the import wizard: the file is the raw body of POST /api/imports, sent with XMLHttpRequest because
// fetch reports no upload progress. A refused file comes back with every problem, by row and column.
import { ApiError, chosenRequestLanguage } from "../api/client.ts";
import type { ImportKind, ImportProblem, ImportSummary } from "../api/types.ts";

/** The file was checked and refused: nothing was written. */
export class ImportRefused extends ApiError {
  constructor(
    message: string,
    readonly problems: ImportProblem[],
    readonly total: number,
  ) {
    super(400, "invalid_input", message);
  }
}

const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

function readCookie(name: string): string | null {
  for (const part of document.cookie.split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === name) return decodeURIComponent(v.join("="));
  }
  return null;
}

export function uploadImport(
  file: File,
  kind: ImportKind,
  dryRun: boolean,
  onUploaded: (fraction: number) => void,
): Promise<ImportSummary> {
  const query = new URLSearchParams({ kind, dryRun: String(dryRun), name: file.name });
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/api/imports?${query}`);
    xhr.withCredentials = true;
    xhr.setRequestHeader("Accept", "application/json");
    const lang = chosenRequestLanguage();
    if (lang) xhr.setRequestHeader("Accept-Language", lang);
    xhr.setRequestHeader("Content-Type", /\.xlsx$/i.test(file.name) ? XLSX_TYPE : "text/csv");
    const csrf = readCookie("huikuan_csrf");
    if (csrf) xhr.setRequestHeader("X-CSRF-Token", csrf);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onUploaded(e.loaded / e.total);
    };
    xhr.onerror = () => reject(new ApiError(0, "network", "the server could not be reached"));
    xhr.onload = () => {
      let json: unknown = null;
      try {
        json = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        // not JSON (a proxy's error page): keep the status
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(json as ImportSummary);
      const body = json as { error?: { code?: string; message?: string }; problems?: ImportProblem[]; total?: number };
      const message = body?.error?.message ?? `${xhr.status} ${xhr.statusText}`;
      if (xhr.status === 400 && Array.isArray(body?.problems)) {
        return reject(new ImportRefused(message, body.problems, body.total ?? body.problems.length));
      }
      reject(new ApiError(xhr.status, body?.error?.code ?? "http_error", message));
    };
    xhr.send(file);
  });
}
