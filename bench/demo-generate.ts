/**
 * Streams the demo generator at benchmark scale and reports throughput and heap use.
 * Usage: npx tsx bench/demo-generate.ts [customers] [invoices] [payments]
 */
import { generateDemo } from "../src/demo/generate-demo.ts";
import { emitResult, peakMb } from "./bench-util.ts";

const [customers = 100_000, invoices = 1_000_000, payments = 300_000] = process.argv.slice(2).map(Number);
const options = { customers, invoices, payments, today: "2025-06-15" };

const started = performance.now();
let counts = { customers: 0, contacts: 0, invoices: 0, payments: 0 };
let peakHeap = 0;
for (const bundle of generateDemo(options)) {
  counts = {
    customers: counts.customers + 1,
    contacts: counts.contacts + bundle.contacts.length,
    invoices: counts.invoices + bundle.invoices.length,
    payments: counts.payments + bundle.payments.length,
  };
  if (counts.customers % 5_000 === 0) peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
}
const seconds = (performance.now() - started) / 1000;
const rows = counts.customers + counts.contacts + counts.invoices + counts.payments;

console.log(JSON.stringify(options));
console.log(
  `customers ${counts.customers}, contacts ${counts.contacts}, invoices ${counts.invoices}, payments ${counts.payments}`,
);
console.log(
  `${seconds.toFixed(2)} s, ${Math.round(rows / seconds).toLocaleString("en")} rows/s, peak heap ${(peakHeap / 2 ** 20).toFixed(0)} MiB`,
);
if (counts.invoices !== invoices || counts.payments !== payments) {
  console.error("totals do not match the options");
  process.exitCode = 1;
}
emitResult("demo-generate", [
  {
    figure: `demo generator, ${customers} customers`,
    engine: "node",
    value: rows / seconds,
    unit: "rows/s",
    peakMb: peakMb(),
  },
]);
