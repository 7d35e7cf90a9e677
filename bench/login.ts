// Figure (security issue): password hashing >= 50 ms per attempt, yet >= 20 sign-in checks per second sustained.
// Usage: npx tsx bench/login.ts [--seconds 5]
import { hashPassword, verifyPassword } from "../src/auth/password.ts";
import { arg, emitResult, median, peakMb } from "./bench-util.ts";

const stored = await hashPassword("correct horse battery staple");
const single: number[] = [];
for (let i = 0; i < 7; i++) {
  const t0 = performance.now();
  await verifyPassword("correct horse battery staple", stored);
  single.push(performance.now() - t0);
}
const seconds = arg("seconds", 5);
const end = performance.now() + seconds * 1000;
let n = 0;
const worker = async () => {
  while (performance.now() < end) {
    await verifyPassword("wrong guess", stored);
    n++;
  }
};
const t0 = performance.now();
await Promise.all(Array.from({ length: 8 }, worker));
const rate = n / ((performance.now() - t0) / 1000);
const ms = median(single);
console.log(
  `scrypt verify: ${ms.toFixed(0)} ms per attempt (limit >= 50) ${ms >= 50 ? "ok" : "UNDER"}; ` +
    `${rate.toFixed(1)} checks/s with 8 at once (limit >= 20) ${rate >= 20 ? "ok" : "UNDER"}`,
);
emitResult("login", [
  {
    figure: "password hash check (scrypt)",
    engine: "node",
    value: ms,
    unit: "ms",
    peakMb: peakMb(),
    stat: "median of 7",
    limits: [{ on: "value", op: ">=", value: 50, source: "issue 6" }],
  },
  {
    figure: "sign-in checks, 8 at once",
    engine: "node",
    value: rate,
    unit: "checks/s",
    peakMb: peakMb(),
    limits: [{ on: "value", op: ">=", value: 20, source: "issue 6" }],
  },
]);
