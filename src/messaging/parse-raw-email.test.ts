// The raw-message reader alone (no database): what mailparser gives back, in the webhook's fields.
import { describe, expect, it } from "vitest";
import {
  GBK_REPLY_SUBJECT,
  GBK_REPLY_TEXT,
  gbkQuotedPrintableReply,
  gmailThreadReply,
  outlookAlternativeReply,
} from "./inbound-mail.fixture.ts";
import { parseRawEmail } from "./parse-raw-email.ts";

const bytes = (s: string) => new TextEncoder().encode(s);

describe("parseRawEmail", () => {
  it("decodes GBK quoted-printable and RFC 2047 headers", async () => {
    const { email, attachments } = await parseRawEmail(
      bytes(gbkQuotedPrintableReply({ from: "lina@customer.example.cn", messageId: "<m1@x.cn>" })),
    );
    expect(email).toMatchObject({
      messageId: "<m1@x.cn>",
      subject: GBK_REPLY_SUBJECT,
      text: `${GBK_REPLY_TEXT}\n`,
      to: "ar@huikuan.example",
    });
    expect(email.from).toContain("李娜");
    expect(email.from).toContain("lina@customer.example.cn");
    expect(email.inReplyTo).toBeUndefined();
    expect(attachments).toEqual([]);
  });

  it("takes the text part of multipart/alternative and lists the attachment", async () => {
    const { email, attachments } = await parseRawEmail(
      bytes(outlookAlternativeReply({ from: "jane@acme.example", messageId: "<m2@acme>", inReplyTo: "<ours@hk>" })),
    );
    expect(email.text.startsWith("Hello,\n\nWe dispute invoice US-1")).toBe(true);
    expect(email).toMatchObject({ inReplyTo: "<ours@hk>", references: "<ours@hk>" });
    expect(attachments).toEqual([{ filename: "damaged-crate.png", contentType: "image/png", size: 67 }]);
  });

  it("keeps the References of a thread in order", async () => {
    const { email } = await parseRawEmail(
      bytes(
        gmailThreadReply({
          from: "w@g.example",
          messageId: "<m3@g>",
          inReplyTo: "<b@g>",
          references: ["<a@hk>", "<b@g>"],
        }),
      ),
    );
    expect(email.references).toEqual(["<a@hk>", "<b@g>"]);
    expect(email.text).toContain("下周一付清余款。");
  });

  it("turns an HTML-only message into text, without its markup or scripts", async () => {
    const raw = [
      "From: a@b.example",
      "Subject: html",
      "Content-Type: text/html; charset=utf-8",
      "",
      "<p>Paid <b>today</b>.</p><script>alert(1)</script>",
    ].join("\r\n");
    const { email } = await parseRawEmail(bytes(raw));
    expect(email.text.trim()).toBe("Paid today.");
  });

  it.each([
    ["no header line", "just words\r\n"],
    ["empty", ""],
    ["no From", "Subject: x\r\n\r\nhi\r\n"],
    ["a From without an address", "From: nobody\r\n\r\nhi\r\n"],
  ])("refuses %s", async (_what, raw) => {
    await expect(parseRawEmail(bytes(raw))).rejects.toMatchObject({ code: "invalid_input" });
  });
});
