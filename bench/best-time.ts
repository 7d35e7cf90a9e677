// Figure (best-time issue): µs per suggestWindow call, as the daily run makes them for ~100,000 contacts:
// one date, a handful of zones, the gate's allowed office hours; without samples (prior or stored model only) and
// with 20 logged attempts per contact.
// Usage: node --import tsx bench/best-time.ts [--calls 100000]
import {
  learnModel,
  type OutcomeSample,
  priorModel,
  suggestWindow,
  type Window,
} from "../src/contact/best-time.rules.ts";
import { arg, emitResult, peakMb } from "./bench-util.ts";

const calls = arg("calls", 100_000);
const date = "2026-03-10";
const zones = [
  { zone: "Asia/Shanghai", offset: "+08:00" },
  { zone: "America/New_York", offset: "-04:00" },
  { zone: "Europe/London", offset: "+00:00" },
  { zone: "Asia/Kolkata", offset: "+05:30" },
];
const allowedByZone = zones.map(({ offset }): Window[] => [
  { start: new Date(`${date}T09:00${offset}`), end: new Date(`${date}T12:00${offset}`) },
  { start: new Date(`${date}T13:30${offset}`), end: new Date(`${date}T18:00${offset}`) },
]);
const prior = priorModel();
const samples: OutcomeSample[] = Array.from({ length: 20 }, (_, i) => ({
  at: new Date(Date.UTC(2026, 0, 5 + i * 2, 1 + ((i * 5) % 9), (i * 17) % 60)),
  connected: i % 3 === 0,
}));
const learned = learnModel(samples, "Asia/Shanghai");

function run(n: number, withSamples: boolean): number {
  let checksum = 0;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const z = i % zones.length;
    const w = suggestWindow(
      withSamples ? learned : prior,
      withSamples ? samples : null,
      zones[z]?.zone ?? "UTC",
      date,
      allowedByZone[z] ?? [],
    );
    checksum += w ? w.score : 0;
  }
  const us = ((performance.now() - t0) * 1000) / n;
  if (!(checksum > 0)) throw new Error("no windows suggested");
  return us;
}

run(10_000, false); // warm up (and fill the per-zone day cache)
const noSamples = run(calls, false);
console.log(`suggestWindow, no samples: ${noSamples.toFixed(2)} µs per call over ${calls} calls`);
run(1_000, true);
const withSamples = Math.min(calls, 20_000);
const learnedUs = run(withSamples, true);
console.log(`suggestWindow, 20 samples: ${learnedUs.toFixed(2)} µs per call over ${withSamples} calls`);
emitResult("best-time", [
  { figure: "suggestWindow, no samples (pure)", engine: "node", value: noSamples, unit: "µs/call", peakMb: peakMb() },
  { figure: "suggestWindow, 20 samples (pure)", engine: "node", value: learnedUs, unit: "µs/call", peakMb: peakMb() },
]);
