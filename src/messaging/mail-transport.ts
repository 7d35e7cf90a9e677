// Email through nodemailer: SMTP from the "smtp" setting (pooled, optional DKIM, credentials from environment
// variables), or, with no "smtp" setting (demo mode), real .eml files in <data>/outbox/<id>.eml.
import fs from "node:fs";
import path from "node:path";
import nodemailer from "nodemailer";
import { dataDirFromEnv } from "../db/connect.ts";
import type { SmtpSettings } from "./messaging.settings.ts";
import { classifySmtpError, DeliveryError, type OutgoingMessage, type Transport } from "./transport.rules.ts";

type MailOptions = Parameters<ReturnType<typeof nodemailer.createTransport>["sendMail"]>[0];

function mailOptions(from: string, m: OutgoingMessage): MailOptions {
  const headers: Record<string, string> = { "X-Huikuan-Outbox-Id": String(m.outboxId) };
  if (m.unsubscribeUrl) {
    // RFC 8058 one-click: the URL takes a POST with "List-Unsubscribe=One-Click".
    headers["List-Unsubscribe"] = `<${m.unsubscribeUrl}>`;
    headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click";
  }
  return {
    from,
    to: m.to,
    subject: m.subject ?? "",
    text: m.body,
    messageId: m.messageId,
    headers,
    textEncoding: "quoted-printable",
    attachments: m.attachments?.map((a) => ({ filename: a.fileName, content: a.content, contentType: a.mediaType })),
  };
}

export function smtpTransport(smtp: SmtpSettings, env: NodeJS.ProcessEnv = process.env): Transport {
  const secret = (name: string | undefined, what: string) => {
    if (!name) return undefined;
    const value = env[name];
    if (!value) throw new DeliveryError(`${what}: environment variable ${name} is not set`, false);
    return value;
  };
  const transporter = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    requireTLS: smtp.requireTls ?? false,
    auth: smtp.user ? { user: smtp.user, pass: secret(smtp.passwordEnv, "SMTP password") } : undefined,
    dkim: smtp.dkim
      ? {
          domainName: smtp.dkim.domainName,
          keySelector: smtp.dkim.keySelector,
          privateKey: secret(smtp.dkim.privateKeyEnv, "DKIM key") as string,
        }
      : undefined,
    pool: true,
    maxConnections: 4,
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
  });
  return {
    name: "smtp",
    async send(m) {
      try {
        const info = await transporter.sendMail(mailOptions(smtp.from, m));
        return { providerMessageId: String(info.messageId ?? m.messageId) };
      } catch (e) {
        throw classifySmtpError(e);
      }
    },
    close: () => transporter.close(),
  };
}

/** Demo mode: the message as the SMTP server would have received it, in <dir>/<outbox id>.eml. */
export function emlFileTransport(from: string, dir: string): Transport {
  const transporter = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
  return {
    name: "eml-file",
    async send(m) {
      const info = await transporter.sendMail(mailOptions(from, m));
      fs.mkdirSync(dir, { recursive: true });
      const file = emlPath(dir, m.outboxId);
      fs.writeFileSync(file, info.message as Buffer);
      return { providerMessageId: String(info.messageId ?? m.messageId) };
    },
    close: () => transporter.close(),
  };
}

export const defaultOutboxDir = (env: NodeJS.ProcessEnv = process.env) => path.join(dataDirFromEnv(env), "outbox");

/** Where demo mode keeps a sent message: <dir>/<outbox id>.eml. */
export const emlPath = (dir: string, outboxId: number) => path.join(dir, `${outboxId}.eml`);
