// Building blocks of the script library's texts: every talk track has the same sections, every excuse reply the
// same four parts, and every outgoing template ends with the same signature (conduct rule 10: company, collector,
// callback number).
import type { Lang } from "./scripts.ts";

export type Track = { prep?: string[]; opening: string[]; points: string[]; ask: string[]; close: string[] };

const TRACK_LABELS: Record<Lang, Record<keyof Track, string>> = {
  zh: { prep: "【准备】", opening: "【开场】", points: "【要点】", ask: "【提出请求】", close: "【收尾】" },
  en: { prep: "PREPARE", opening: "OPENING", points: "KEY POINTS", ask: "THE ASK", close: "CLOSE" },
};

export function track(lang: Lang, t: Track): string {
  const labels = TRACK_LABELS[lang];
  const sections: [string, string[]][] = [];
  if (t.prep) sections.push([labels.prep, t.prep]);
  sections.push([labels.opening, t.opening], [labels.points, t.points], [labels.ask, t.ask], [labels.close, t.close]);
  return sections.map(([label, lines]) => [label, ...lines].join("\n")).join("\n\n");
}

export type Reply = { says: string; answer: string[]; follow: string[]; aim: string };

const REPLY_LABELS: Record<Lang, Record<keyof Reply, string>> = {
  zh: { says: "【客户说】", answer: "【回应】", follow: "【追问】", aim: "【目标】" },
  en: { says: "CUSTOMER SAYS", answer: "REPLY", follow: "FOLLOW-UP", aim: "AIM" },
};

export function reply(lang: Lang, r: Reply): string {
  const labels = REPLY_LABELS[lang];
  return [
    [labels.says, r.says],
    [labels.answer, ...r.answer],
    [labels.follow, ...r.follow],
    [labels.aim, r.aim],
  ]
    .map((lines) => lines.join("\n"))
    .join("\n\n");
}

export const lines = (...l: string[]): string => l.join("\n");

export const SIGNATURE: Record<Lang, string> = {
  zh: lines("{collector}", "{company}", "电话:{callback_phone}"),
  en: lines("{collector}", "{company}", "Phone: {callback_phone}"),
};
