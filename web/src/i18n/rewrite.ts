// Rewriting a sentence the server wrote in English by the first pattern that matches it: the worklist's reasons,
// the forecast's factors and the cause's evidence use it. Null when no pattern knows the sentence.

export type Rewrite<A extends unknown[] = []> = [RegExp, (m: RegExpExecArray, ...context: A) => string];

export function rewriteFirst<A extends unknown[]>(
  rules: readonly Rewrite<A>[],
  text: string,
  ...context: A
): string | null {
  for (const [pattern, rewrite] of rules) {
    const m = pattern.exec(text);
    if (m) return rewrite(m, ...context);
  }
  return null;
}
