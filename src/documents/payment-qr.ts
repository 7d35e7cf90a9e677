// The payment QR code on statements and letters. With a payment link (company setting paymentLink) it carries that
// link with the customer, amount, currency and reference, so a phone opens the payment page ready filled; without
// one, the bank transfer details as plain lines any phone shows as text. Drawn as vector squares (crisp in print).
import QRCode from "qrcode";
import { currencyDigits } from "../money/currencies.ts";
import { formatDecimal } from "../money/money.ts";
import type { DocumentLang } from "./document-format.ts";

export type PaymentDetails = {
  payee: string;
  bankName?: string | undefined;
  bankAccount?: string | undefined;
  paymentLink?: string | undefined;
};
export type PaymentRequest = { customerCode: string; amount: bigint; currency: string; reference: string };

const LABELS = {
  zh: { payee: "收款人", bank: "开户行", account: "账号", amount: "金额", reference: "付款附言" },
  en: { payee: "Payee", bank: "Bank", account: "Account", amount: "Amount", reference: "Reference" },
} as const;

/** What the QR code says, or null when there is neither a link nor a bank account to pay to. */
export function paymentQrPayload(details: PaymentDetails, request: PaymentRequest, lang: DocumentLang): string | null {
  const amount = formatDecimal(request.amount, currencyDigits(request.currency));
  if (details.paymentLink) {
    const url = new URL(details.paymentLink);
    url.searchParams.set("customer", request.customerCode);
    url.searchParams.set("amount", amount);
    url.searchParams.set("currency", request.currency);
    url.searchParams.set("reference", request.reference);
    return url.toString();
  }
  if (!details.bankAccount) return null;
  const l = LABELS[lang];
  return [
    `${l.payee}: ${details.payee}`,
    ...(details.bankName ? [`${l.bank}: ${details.bankName}`] : []),
    `${l.account}: ${details.bankAccount}`,
    `${l.amount}: ${request.currency} ${amount}`,
    `${l.reference}: ${request.reference}`,
  ].join("\n");
}

export type QrMatrix = { size: number; isDark: (row: number, col: number) => boolean };

/** The code's modules (error correction M: a crease or a stamp over a corner still scans), UTF-8 byte mode. */
export function qrMatrix(payload: string): QrMatrix {
  const { modules } = QRCode.create(payload, { errorCorrectionLevel: "M" });
  return { size: modules.size, isDark: (row, col) => Boolean(modules.get(row, col)) };
}
