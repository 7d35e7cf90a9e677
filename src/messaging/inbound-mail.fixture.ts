// Raw replies as mail clients write them, for the inbound webhook's MIME path: Foxmail's GBK quoted-printable, an
// Outlook multipart/alternative with a photo attached, and a Gmail reply further down a thread (References). The
// bodies are exactly what those clients put on the wire; only the addresses and the ids replied to are filled in.
const crlf = (lines: string[]) => `${lines.join("\r\n")}\r\n`;

/** Foxmail, Chinese, GBK in quoted-printable with RFC 2047 B-words in the headers; no In-Reply-To. */
export function gbkQuotedPrintableReply(o: { from: string; messageId: string }): string {
  return crlf([
    "Received: from mx.customer.example.cn (unknown [203.0.113.7]) by mx.huikuan.example with ESMTP id 4Z8Kq2",
    "Date: Wed, 12 Mar 2025 09:41:07 +0800",
    `From: "=?GBK?B?wO7EyA==?=" <${o.from}>`,
    "To: <ar@huikuan.example>",
    "Subject: =?GBK?B?UmU6ILbU1cu1pSAvILi2v+7S0bCyxcU=?=",
    `Message-ID: ${o.messageId}`,
    "X-Mailer: Foxmail 7.2.25.375[cn]",
    "Mime-Version: 1.0",
    'Content-Type: text/plain; charset="GBK"',
    "Content-Transfer-Encoding: quoted-printable",
    "",
    "=CD=F5=BE=AD=C0=ED=C4=FA=BA=C3=A3=BA",
    "",
    "=B9=F3=CB=BE3=D4=C2=B7=DD=B5=C4=B6=D4=D5=CB=B5=A5=D2=D1=CA=D5=B5=BD=A1=A3=",
    "=B7=A2=C6=B1INV-2=B5=C4=BB=F5=BF=EE=CE=D2=C3=C7=D2=D1=D3=DA3=D4=C210=C8=D5=",
    "=CD=A8=B9=FD=D5=D0=C9=CC=D2=F8=D0=D0=D7=AA=D5=CB=D6=A7=B8=B6=A3=AC=BD=F0=B6=",
    "=EE3,456.78=D4=AA=A3=AC=C7=EB=B2=E9=CA=D5=A1=A3",
    "",
    "=D0=BB=D0=BB=A3=A1",
    "=C0=EE=C4=C8",
    "=B2=C6=CE=F1=B2=BF",
  ]);
}
/** What the GBK reply says, decoded. */
export const GBK_REPLY_TEXT =
  "王经理您好：\n\n贵司3月份的对账单已收到。发票INV-2的货款我们已于3月10日通过招商银行转账支付，金额3,456.78元，请查收。\n\n谢谢！\n李娜\n财务部";
export const GBK_REPLY_SUBJECT = "Re: 对账单 / 付款已安排";

/** Outlook: multipart/mixed of a multipart/alternative (base64 text, quoted-printable HTML) and a PNG. */
export function outlookAlternativeReply(o: { from: string; messageId: string; inReplyTo: string }): string {
  return crlf([
    "Received: from EUR05-AM6-obe.outbound.protection.outlook.com (203.0.113.20) by mx.huikuan.example",
    `From: Jane Smith <${o.from}>`,
    "To: AR Team <ar@huikuan.example>",
    "Subject: RE: Payment reminder",
    "Thread-Topic: Payment reminder",
    "Date: Wed, 12 Mar 2025 01:55:12 +0000",
    `Message-ID: ${o.messageId}`,
    `In-Reply-To: ${o.inReplyTo}`,
    `References: ${o.inReplyTo}`,
    "Content-Language: en-US",
    "X-MS-Has-Attach: yes",
    'Content-Type: multipart/mixed; boundary="_004_PH0PR11MB4965_"',
    "MIME-Version: 1.0",
    "",
    "--_004_PH0PR11MB4965_",
    'Content-Type: multipart/alternative; boundary="_000_PH0PR11MB4965_"',
    "",
    "--_000_PH0PR11MB4965_",
    'Content-Type: text/plain; charset="utf-8"',
    "Content-Transfer-Encoding: base64",
    "",
    "SGVsbG8sDQoNCldlIGRpc3B1dGUgaW52b2ljZSBVUy0xOiB0aGUgZ29vZHMgYXJyaXZlZCBkYW1h",
    "Z2VkLiBBIHBob3RvIGlzIGF0dGFjaGVkLg0KUGxlYXNlIGhvbGQgdGhlIHJlbWluZGVycyB1bnRp",
    "bCB0aGlzIGlzIHNvcnRlZCBvdXQuDQoNCkJlc3QgcmVnYXJkcywNCkphbmUgU21pdGgNCkFjY291",
    "bnRzIFBheWFibGUNCg0KX19fX19fX19fX19fX19fX19fX19fX19fX19fX19fX18NCkZyb206IEFS",
    "IFRlYW0gPGFyQGV4YW1wbGUuY29tPg0KU2VudDogVHVlc2RheSwgTWFyY2ggMTEsIDIwMjUgMTA6",
    "MDIgQU0NClN1YmplY3Q6IFBheW1lbnQgcmVtaW5kZXINCg==",
    "",
    "--_000_PH0PR11MB4965_",
    'Content-Type: text/html; charset="utf-8"',
    "Content-Transfer-Encoding: quoted-printable",
    "",
    '<html><head><meta http-equiv=3D"Content-Type" content=3D"text/html; charset=',
    '=3Dutf-8"></head><body><div>Hello,</div><div><br></div><div>We dispute invo=',
    "ice US-1: the goods arrived <b>damaged</b>. A photo is attached.</div><div>=",
    "Please hold the reminders until this is sorted out.</div><div><br></div><di=",
    "v>Best regards,<br>Jane Smith<br>Accounts Payable</div><script>alert(1)</sc=",
    "ript></body></html>",
    "",
    "--_000_PH0PR11MB4965_--",
    "",
    "--_004_PH0PR11MB4965_",
    'Content-Type: image/png; name="damaged-crate.png"',
    "Content-Description: damaged-crate.png",
    'Content-Disposition: attachment; filename="damaged-crate.png"; size=67',
    "Content-Transfer-Encoding: base64",
    "",
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAACklEQVR4nGMAAQAABQABDQottAAA",
    "AABJRU5ErkJggg==",
    "",
    "--_004_PH0PR11MB4965_--",
  ]);
}

/**
 * Gmail, further down a thread: In-Reply-To names the customer's own earlier mail (unknown here), References the
 * whole thread, our message first. 8-bit UTF-8, the quoted original below "On ... wrote:".
 */
export function gmailThreadReply(o: {
  from: string;
  messageId: string;
  references: string[];
  inReplyTo: string;
}): string {
  return crlf([
    "Delivered-To: ar@huikuan.example",
    "MIME-Version: 1.0",
    `References: ${o.references.join("\r\n ")}`,
    `In-Reply-To: ${o.inReplyTo}`,
    "Date: Wed, 12 Mar 2025 10:12:44 +0800",
    `Message-ID: ${o.messageId}`,
    "Subject: Re: Statement of account",
    `From: Wang Li <${o.from}>`,
    "To: AR Team <ar@huikuan.example>",
    'Content-Type: text/plain; charset="UTF-8"',
    "Content-Transfer-Encoding: 8bit",
    "",
    "Sorry, one more thing: 下周一付清余款。",
    "",
    "On Tue, 11 Mar 2025 at 18:02, Wang Li <wang.li@customer.example> wrote:",
    "> We will pay INV-1 this week.",
    ">",
    "> On Tue, 11 Mar 2025 at 10:00, AR Team <ar@huikuan.example> wrote:",
    ">> Dear Ms Wang, please find your statement.",
  ]);
}
