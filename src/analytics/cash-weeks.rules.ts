// The weeks of the cash forecast: calendar weeks, Monday to Sunday as the KPIs' weeks, the first one running from
// the day after the as-of day to that week's Sunday (a whole week when the as-of day is a Sunday). Pure: day numbers
// (days since 1970-01-01, a Thursday).

/** The first Monday after `first` (a week later when `first` is a Monday itself). */
const mondayAfter = (first: number): number => first + 7 - ((first + 3) % 7);

/** The first day of week `w` (0: `first` itself, the day after the as-of day). */
export function cashWeekStart(first: number, w: number): number {
  return w <= 0 ? first : mondayAfter(first) + 7 * (w - 1);
}

/** The week holding `day` (from `first` on), or -1 before `first`. */
export function cashWeekIndex(first: number, day: number): number {
  if (day < first) return -1;
  const monday = mondayAfter(first);
  return day < monday ? 0 : 1 + Math.floor((day - monday) / 7);
}
