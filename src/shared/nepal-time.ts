/**
 * Nepal's clock (Asia/Kathmandu, UTC+05:45 all year: no daylight saving since 1986), for "today",
 * limits counted per day, statements and figures admins and agents read.
 */

const OFFSET_MS = (5 * 60 + 45) * 60_000;
const DAY_MS = 24 * 3600_000;

/** The 24 hours of a day in Nepal: [start, end). */
export interface NepalDay {
  /** YYYY-MM-DD in Nepal. */
  date: string;
  start: Date;
  end: Date;
}

/** The Nepal day of a YYYY-MM-DD date, or `undefined` when it is not a real date. */
export function nepalDate(date: string): NepalDay | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return undefined;
  const utc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (new Date(utc).toISOString().slice(0, 10) !== date) return undefined;
  const start = new Date(utc - OFFSET_MS);
  return { date, start, end: new Date(start.getTime() + DAY_MS) };
}

/** The Nepal day `at` falls in. */
export function nepalDay(at: Date = new Date()): NepalDay {
  return nepalDate(new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 10))!;
}

/** The moment Nepal's calendar day holding `at` began (midnight in Kathmandu). */
export function startOfNepalDay(at: Date = new Date()): Date {
  return nepalDay(at).start;
}

/** "2026-11-23 09:30:12" in Nepal. */
export function nepalTime(at: Date | string): string {
  return new Date(new Date(at).getTime() + OFFSET_MS).toISOString().slice(0, 19).replace("T", " ");
}

/** "2026-11-23 09:30" in Nepal. */
export function nepalMinute(at: Date | string): string {
  return nepalTime(at).slice(0, 16);
}
