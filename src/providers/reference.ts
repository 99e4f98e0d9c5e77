/**
 * References we send upstream. Both aggregators accept them: Khalti wants unique alphanumeric
 * references of at most 50 characters, Global Topup wants `reference_no` of digits only.
 */
import { randomInt } from "node:crypto";

/** A fresh 20-digit reference: milliseconds since 1970 (13 digits) and 7 random digits. */
export function newReference(now: number = Date.now()): string {
  return `${now}`.padStart(13, "0") + `${randomInt(0, 10_000_000)}`.padStart(7, "0");
}

/** Whether `ref` is acceptable to both aggregators. */
export function isValidReference(ref: string): boolean {
  return /^\d{1,50}$/.test(ref);
}
