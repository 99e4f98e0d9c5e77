/**
 * Removing secrets from what aggregators answer and from what is logged: by key (token-like fields
 * are dropped) and by value (every configured secret is cut out of every string, wherever an
 * aggregator or an error message echoes it).
 */

const SECRET_KEYS = new Set(["token", "x-auth-token", "authorization"]);

/** What a secret is replaced with. */
export const REDACTED = "[redacted]";

/** Secrets shorter than this are not scrubbed by value: they cannot be told from ordinary text. */
export const MIN_SECRET_LENGTH = 6;

/**
 * The secrets worth scrubbing by value: those set and at least `MIN_SECRET_LENGTH` long, each with
 * the forms it takes inside a URL (percent-encoded) and inside JSON text (escaped), longest first.
 */
export function secretValues(values: readonly (string | undefined)[]): string[] {
  const out = new Set<string>();
  for (const v of values) {
    if (typeof v !== "string" || v.length < MIN_SECRET_LENGTH) continue;
    out.add(v);
    out.add(encodeURIComponent(v));
    out.add(JSON.stringify(v).slice(1, -1));
  }
  return [...out].sort((a, b) => b.length - a.length);
}

/** `text` with every occurrence of each secret replaced by `REDACTED`. */
export function scrubText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (out.includes(s)) out = out.split(s).join(REDACTED);
  return out;
}

/**
 * A deep copy of `value`, safe to store and log: token-like keys removed, and every secret of
 * `secrets` (from `secretValues`) cut out of every string, keys included.
 */
export function redact(value: unknown, secrets: readonly string[] = []): unknown {
  if (typeof value === "string") return scrubText(value, secrets);
  if (Array.isArray(value)) return value.map((v) => redact(v, secrets));
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (!SECRET_KEYS.has(k.toLowerCase())) out[scrubText(k, secrets)] = redact(v, secrets);
    }
    return out;
  }
  return value;
}
