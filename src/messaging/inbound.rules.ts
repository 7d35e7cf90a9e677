// Pure helpers for e-mail replies: the Message-IDs a reply names (In-Reply-To, References), the sender's bare address,
// and the short excerpt that goes on the timeline.

/** Every <...> id in a header, in order, without repeats; a bare id (no brackets) counts as one. */
export function messageIdsIn(header: string | null | undefined): string[] {
  if (!header) return [];
  const found = header.match(/<[^<>\s]+>/g) ?? [];
  const bare = found.length
    ? []
    : header
        .trim()
        .split(/\s+/)
        .filter((s) => s.includes("@"));
  const ids = [...found, ...bare.map((b) => `<${b}>`)];
  return [...new Set(ids.map(normaliseMessageId))];
}

/** "<Id@Host>" as sent; brackets added when missing, whitespace dropped (ids are case-sensitive on the left). */
export function normaliseMessageId(id: string): string {
  const t = id.trim().replace(/\s+/g, "");
  return t.startsWith("<") && t.endsWith(">") ? t : `<${t.replace(/^<|>$/g, "")}>`;
}

/** The ids a reply answers, the most specific first: In-Reply-To, then References from the newest back. */
export function repliedIds(inReplyTo: string | null | undefined, references: string | null | undefined): string[] {
  return [...new Set([...messageIdsIn(inReplyTo), ...messageIdsIn(references).reverse()])];
}

/** "Ms Wang <Wang@Example.com>" -> "wang@example.com"; null when there is no address. */
export function senderAddress(from: string): string | null {
  const bracketed = /<([^<>\s]+@[^<>\s]+)>/.exec(from)?.[1];
  const bare = /[^\s<>"',;:]+@[^\s<>"',;:]+/.exec(from)?.[0];
  const address = (bracketed ?? bare)?.normalize("NFKC").trim().toLowerCase();
  return address && /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(address) ? address : null;
}

/** The reply's own words for the timeline: quoted lines (">") and the quoted original after "On ... wrote:" cut. */
export function replyExcerpt(text: string, max = 500): string {
  const lines: string[] = [];
  for (const line of text.replace(/\r\n?/g, "\n").split("\n")) {
    if (/^\s*>/.test(line)) continue;
    if (/^\s*(On .+wrote:|-{2,}\s*Original Message\s*-{2,}|-{2,}\s*原始邮件\s*-{2,}|在.+写道[::])\s*$/i.test(line))
      break;
    lines.push(line);
  }
  const own = lines
    .join("\n")
    .trim()
    .replace(/\n{3,}/g, "\n\n");
  return own.length > max ? `${own.slice(0, max - 1)}…` : own;
}
