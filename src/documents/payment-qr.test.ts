import jsQRModule from "jsqr";
import { describe, expect, it } from "vitest";
import { paymentQrPayload, type QrMatrix, qrMatrix } from "./payment-qr.ts";

// jsqr is CommonJS declaring an ES default export: under NodeNext the function is the module's own `default`.
const jsQR = (jsQRModule as unknown as { default: typeof jsQRModule.default }).default;

/** The matrix as an RGBA image, 4 pixels a module with the quiet zone: what a phone camera would see of it. */
function scan(matrix: QrMatrix): string | null {
  const scale = 4;
  const side = (matrix.size + 8) * scale;
  const pixels = new Uint8ClampedArray(side * side * 4).fill(255);
  for (let r = 0; r < matrix.size; r++) {
    for (let c = 0; c < matrix.size; c++) {
      if (!matrix.isDark(r, c)) continue;
      for (let y = 0; y < scale; y++) {
        for (let x = 0; x < scale; x++) {
          const i = (((r + 4) * scale + y) * side + (c + 4) * scale + x) * 4;
          pixels.fill(0, i, i + 3);
        }
      }
    }
  }
  const code = jsQR(pixels, side, side);
  return code ? new TextDecoder().decode(new Uint8Array(code.binaryData)) : null;
}

const bank = { payee: "华东精密机械有限公司", bankName: "招商银行上海张江支行", bankAccount: "1219 0000 0000 8888" };
const request = { customerCode: "C001", amount: 1445679n, currency: "CNY", reference: "C001 2025-03-10" };

describe("payment QR", () => {
  it("carries the bank transfer details, exact to the fen, and scans back", () => {
    const payload = paymentQrPayload(bank, request, "zh");
    expect(payload).toBe(
      [
        "收款人: 华东精密机械有限公司",
        "开户行: 招商银行上海张江支行",
        "账号: 1219 0000 0000 8888",
        "金额: CNY 14456.79",
        "付款附言: C001 2025-03-10",
      ].join("\n"),
    );
    expect(scan(qrMatrix(payload as string))).toBe(payload);
    expect(paymentQrPayload(bank, { ...request, amount: 5n, currency: "JPY" }, "en")).toContain("Amount: JPY 5");
  });

  it("carries a payment link with the customer, amount and reference when one is set", () => {
    const payload = paymentQrPayload({ ...bank, paymentLink: "https://pay.example.com/p?src=qr" }, request, "en");
    expect(payload).toBe(
      "https://pay.example.com/p?src=qr&customer=C001&amount=14456.79&currency=CNY&reference=C001+2025-03-10",
    );
    expect(scan(qrMatrix(payload as string))).toBe(payload);
  });

  it("is left out when there is nowhere to pay", () => {
    expect(paymentQrPayload({ payee: "X" }, request, "zh")).toBeNull();
  });
});
