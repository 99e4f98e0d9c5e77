/**
 * Money as integer paisa (1 rupee = 100 paisa). Rupees appear only at the edges: upstream JSON
 * (parsed with `rupeesToPaisa`, sent with `paisaToRupees`) and display (`formatRupees`).
 */

/** A whole number of paisa. */
export type Paisa = number;

/**
 * Converts an upstream rupee amount to paisa. Accepts integers (`4915`), floats (`999.0`,
 * `9995285594.37663`) and decimal strings (`"0.00000"`, `"1808.00"`). Returns `undefined` for
 * anything that is not a finite, non-negative amount, so the caller can reject it as malformed.
 * Sub-paisa digits are rounded half away from zero; strings are parsed without float error.
 */
export function rupeesToPaisa(value: unknown): Paisa | undefined {
  if (typeof value === "number") {
    if (!Number.isFinite(value) || value < 0) return undefined;
    // `toFixed(3)` first drops float noise such as 4915.000000001 before rounding to paisa.
    return rupeesToPaisa(value.toFixed(3));
  }
  if (typeof value !== "string") return undefined;
  const m = /^\s*(\d{1,15})(?:\.(\d*))?\s*$/.exec(value);
  if (!m) return undefined;
  const whole = Number(m[1]);
  const frac = (m[2] ?? "").padEnd(3, "0");
  let paisa = whole * 100 + Number(frac.slice(0, 2));
  if (Number(frac[2]) >= 5) paisa += 1;
  return Number.isSafeInteger(paisa) ? paisa : undefined;
}

/** Paisa → a rupee number for upstream JSON (e.g. 499950 → 4999.5). */
export function paisaToRupees(paisa: Paisa): number {
  assertPaisa(paisa);
  return paisa / 100;
}

/** Throws unless `paisa` is a safe, non-negative integer. */
export function assertPaisa(paisa: number): asserts paisa is Paisa {
  if (!Number.isSafeInteger(paisa) || paisa < 0) {
    throw new RangeError(`not a paisa amount: ${paisa}`);
  }
}

/**
 * Groups digits the Nepali/Indian way: the last three, then pairs ("1,23,45,678").
 * Takes the whole-rupee part as a string of digits.
 */
function groupNepali(digits: string): string {
  if (digits.length <= 3) return digits;
  const last3 = digits.slice(-3);
  let rest = digits.slice(0, -3);
  const pairs: string[] = [];
  while (rest.length > 2) {
    pairs.unshift(rest.slice(-2));
    rest = rest.slice(0, -2);
  }
  if (rest) pairs.unshift(rest);
  return `${pairs.join(",")},${last3}`;
}

const NEPALI_DIGITS = "०१२३४५६७८९";

/**
 * The one display formatter: `Rs 1,23,456.00` (English) or `रु १,२३,४५६.००` (Nepali).
 * Negative amounts (ledger movements) get a leading minus sign.
 */
export function formatRupees(paisa: number, locale: "en" | "ne" = "en"): string {
  if (!Number.isSafeInteger(paisa)) throw new RangeError(`not a paisa amount: ${paisa}`);
  const sign = paisa < 0 ? "-" : "";
  const abs = Math.abs(paisa);
  const whole = groupNepali(String(Math.floor(abs / 100)));
  const frac = String(abs % 100).padStart(2, "0");
  const text = `${whole}.${frac}`;
  if (locale === "ne") {
    return `${sign}रु ${text.replace(/\d/g, (d) => NEPALI_DIGITS[Number(d)] ?? d)}`;
  }
  return `${sign}Rs ${text}`;
}
