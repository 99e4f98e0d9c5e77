/**
 * References we send upstream. Khalti wants unique alphanumeric references of at most 50
 * characters; Global Topup wants `reference_no` of digits only, typed string on the package page and
 * number on the execute pages, so a commit's reference must also survive as a JSON number (below
 * 2^53). Every reference is digits only, and the three kinds never meet, by length:
 *
 * - a payment's reference is made by the money core when it records the payment (SQL
 *   `next_payment_reference()`, migration 006): 16 digits, milliseconds × 1000 + a sequence;
 * - `newReference()`, a commit made outside the money core (tests, benchmarks): 15 digits;
 * - `lookupReference()`, each lookup call: 20 digits, with room for randomness.
 *
 * References made before (20 digits, for lookups and payments alike) stay valid for status lookups.
 */
import { randomInt } from "node:crypto";

/** A fresh lookup reference: 20 digits, milliseconds since 1970 (13 digits) and 7 random digits. */
export function lookupReference(now: number = Date.now()): string {
  return `${now}`.padStart(13, "0") + `${randomInt(0, 10_000_000)}`.padStart(7, "0");
}

let lastOneOff = 0;

/**
 * A fresh reference for a commit made outside the money core (tests, benchmarks): 15 digits,
 * milliseconds × 100 + 2 random digits, increasing within this process (so unique in it), and a
 * safe JSON number. Payments of the money core take theirs from the database instead.
 */
export function newReference(now: number = Date.now()): string {
  lastOneOff = Math.max(now * 100 + randomInt(0, 100), lastOneOff + 1);
  return String(lastOneOff);
}

/** Whether `ref` is a reference we may ask about: 1 to 50 digits (those made before included). */
export function isValidReference(ref: string): boolean {
  return /^\d{1,50}$/.test(ref);
}

/**
 * Whether `ref` survives as a JSON number: digits without a leading zero, at most 2^53 − 1 (what
 * a Global Topup commit needs: its execute pages type `reference_no` as a number).
 */
export function isNumericReference(ref: string): boolean {
  return /^[1-9]\d{0,15}$/.test(ref) && Number.isSafeInteger(Number(ref));
}
