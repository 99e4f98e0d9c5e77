/** Removing secrets from what aggregators answer, before it is stored or logged. */

const SECRET_KEYS = new Set(["token", "x-auth-token", "authorization"]);

/** A deep copy of `value` with token-like keys removed, safe to store and log. */
export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (!SECRET_KEYS.has(k.toLowerCase())) out[k] = redact(v);
    }
    return out;
  }
  return value;
}
