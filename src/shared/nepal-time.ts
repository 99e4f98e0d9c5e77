/**
 * Nepal's clock (Asia/Kathmandu, UTC+05:45 all year: no daylight saving since 1986), for "today"
 * in figures admins and agents read.
 */

const OFFSET_MS = (5 * 60 + 45) * 60_000;
const DAY_MS = 24 * 3600_000;

/** The moment Nepal's calendar day holding `at` began (midnight in Kathmandu). */
export function startOfNepalDay(at: Date = new Date()): Date {
  const local = at.getTime() + OFFSET_MS;
  return new Date(local - (((local % DAY_MS) + DAY_MS) % DAY_MS) - OFFSET_MS);
}

/** "2026-11-23 09:30" in Nepal time. */
export function nepalMinute(at: Date | string): string {
  return new Date(new Date(at).getTime() + OFFSET_MS).toISOString().slice(0, 16).replace("T", " ");
}
