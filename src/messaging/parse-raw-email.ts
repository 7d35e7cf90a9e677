// A reply delivered as the raw RFC 822 message (an MTA pipe, or a provider's `email` form field) turned into the
// fields the inbound webhook records, through mailparser: headers decoded (RFC 2047 words, any charset iconv-lite
// knows, GBK included), the text body from the text/plain part (or the HTML converted when there is none),
// attachments only listed (name, type, size), never kept. Refuses what is not a message: no header section, no From.
import { createHash } from "node:crypto";
import { type AddressObject, simpleParser } from "mailparser";
import { AppError, msg } from "../errors/app-error.ts";
import type { InboundEmail } from "./receive-inbound-email.ts";

export type RawEmailAttachment = { filename: string | null; contentType: string; size: number };
export type ParsedRawEmail = { email: InboundEmail; attachments: RawEmailAttachment[] };

/** The longest text kept (the webhook schema's limit): a longer body is cut rather than the reply lost. */
const MAX_TEXT = 200_000;
/** RFC 5322 §2.1.1: a line is at most 998 characters; a header section must start with "Name:" on line one. */
const FIRST_HEADER = /^[\x21-\x39\x3b-\x7e]{1,998}:/;

function cut<T extends string | undefined>(s: T, max: number): T {
  return (s !== undefined && s.length > max ? s.slice(0, max) : s) as T;
}

const addresses = (a: AddressObject | AddressObject[] | undefined): string | undefined => {
  const list = Array.isArray(a) ? a : a ? [a] : [];
  const text = list
    .map((x) => x.text)
    .filter(Boolean)
    .join(", ");
  return text || undefined;
};

/**
 * The message's fields for receiveInboundEmail. A message without a Message-ID (RFC 5322 says SHOULD, not MUST) gets
 * one made from its bytes, so a provider's retry of the same message is still recorded once.
 */
export async function parseRawEmail(raw: Uint8Array): Promise<ParsedRawEmail> {
  const bytes = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  const head = bytes
    .subarray(0, 1000)
    .toString("latin1")
    .replace(/^\uFEFF/, "");
  if (!FIRST_HEADER.test(head)) {
    throw new AppError("invalid_input", msg`the body is not an e-mail message: it does not start with a header line`);
  }
  let mail: Awaited<ReturnType<typeof simpleParser>>;
  try {
    mail = await simpleParser(bytes, {
      skipHtmlToText: false,
      skipImageLinks: true,
      skipTextToHtml: true,
      skipTextLinks: true,
      checksumAlgo: false,
      maxChildNodes: 200,
    });
  } catch (e) {
    throw new AppError("invalid_input", msg`the e-mail message could not be parsed: ${(e as Error).message}`);
  }
  const from = mail.from?.value.find((v) => v.address)?.address ? mail.from.text : undefined;
  if (!from) throw new AppError("invalid_input", msg`the e-mail message has no From address`);
  const messageId =
    mail.messageId?.trim() ||
    `<sha256.${createHash("sha256").update(bytes).digest("hex").slice(0, 40)}@inbound.invalid>`;
  const text = (mail.text ?? "").replace(/\r\n?/g, "\n");
  return {
    email: {
      messageId,
      from,
      to: cut(addresses(mail.to), 2000),
      subject: cut(mail.subject, 2000),
      text: cut(text, MAX_TEXT),
      inReplyTo: cut(mail.inReplyTo, 2000),
      // The newest 200 of a long thread: the reply matches on the latest ones first anyway.
      references: Array.isArray(mail.references) ? mail.references.slice(-200) : cut(mail.references, 20_000),
    },
    attachments: mail.attachments
      .filter((a) => !a.related)
      .map((a) => ({ filename: a.filename ?? null, contentType: a.contentType, size: a.size })),
  };
}
