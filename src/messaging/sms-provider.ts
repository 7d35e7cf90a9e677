// SMS providers behind one interface: log-only (demo and tests; logs a masked number and the length, never the
// text or the full number) and a generic HTTP provider (URL, an auth header from an environment variable, a JSON
// body template) from the "sms" setting.
import type { SmsSettings } from "./messaging.settings.ts";
import { renderSmsBody } from "./messaging.settings.ts";
import { maskAddress } from "./record-opt-out.ts";
import { DeliveryError, type Transport } from "./transport.rules.ts";

export function logSmsProvider(log: (line: string) => void = console.log): Transport {
  return {
    name: "sms-log",
    async send(m) {
      log(`sms (log only) #${m.outboxId} to ${maskAddress(m.to)}: ${m.body.length} characters`);
      return { providerMessageId: `log-${m.outboxId}` };
    },
    close() {},
  };
}

export function httpSmsProvider(
  settings: Extract<SmsSettings, { provider: "http" }>,
  env: NodeJS.ProcessEnv = process.env,
): Transport {
  return {
    name: "sms-http",
    async send(m) {
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (settings.authHeader) {
        const value = settings.authValueEnv ? env[settings.authValueEnv] : undefined;
        if (!value)
          throw new DeliveryError(`SMS auth: environment variable ${settings.authValueEnv} is not set`, false);
        headers[settings.authHeader] = value;
      }
      let res: Response;
      try {
        res = await fetch(settings.url, {
          method: "POST",
          headers,
          body: renderSmsBody(settings.bodyTemplate, { to: m.to, text: m.body, id: String(m.outboxId) }),
          signal: AbortSignal.timeout(15_000),
        });
      } catch (e) {
        const code = (e as { cause?: { code?: string } }).cause?.code;
        // Refused or unresolvable: nothing reached the provider. A timeout may have: not retried.
        const temporary = code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "EAI_AGAIN";
        throw new DeliveryError(
          `${temporary ? "" : "unknown: "}SMS provider unreachable (${code ?? "error"})`,
          temporary,
        );
      }
      const text = await res.text();
      if (!res.ok) {
        const temporary = res.status === 408 || res.status === 429 || res.status >= 500;
        throw new DeliveryError(`SMS provider answered HTTP ${res.status}: ${text.slice(0, 200)}`, temporary);
      }
      let id: unknown;
      try {
        id = (JSON.parse(text) as Record<string, unknown>)[settings.idField ?? "id"];
      } catch {
        id = undefined;
      }
      return { providerMessageId: id === undefined || id === null ? m.messageId : String(id) };
    },
    close() {},
  };
}

export function smsTransport(settings: SmsSettings, env: NodeJS.ProcessEnv = process.env): Transport {
  return settings.provider === "http" ? httpSmsProvider(settings, env) : logSmsProvider();
}
