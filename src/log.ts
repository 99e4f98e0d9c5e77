/**
 * The logger (pino). Secrets (the bot token, aggregator tokens, the database and Redis passwords:
 * `configuredSecrets` in config.ts) are cut out of every line, whatever field or error message they
 * hide in, also where they appear percent-encoded in a URL.
 */
import pino, { type Logger } from "pino";
import { scrubText, secretValues } from "./shared/redact.js";

/** A pino logger at `level` that scrubs `secrets` (values shorter than 6 characters are ignored). */
export function createLogger(level: string, secrets: readonly (string | undefined)[], destination?: pino.DestinationStream): Logger {
  const hidden = secretValues(secrets);
  const scrub = (text: string) => scrubText(text, hidden);
  return pino(
    {
      level,
      redact: { paths: ["token", "*.token", "provider_token", "*.provider_token", "headers.x-auth-token"], censor: "[redacted]" },
      hooks: {
        // Every argument, errors included, is scrubbed before pino formats it.
        logMethod(args, method) {
          const clean = args.map((a) => {
            if (typeof a === "string") return scrub(a);
            if (a instanceof Error) return { err: { type: a.name, message: scrub(a.message), stack: a.stack ? scrub(a.stack) : undefined } };
            if (a && typeof a === "object") return JSON.parse(scrub(JSON.stringify(a, errorReplacer))) as object;
            return a;
          });
          return method.apply(this, clean as Parameters<typeof method>);
        },
      },
    },
    destination,
  );
}

function errorReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) return { type: value.name, message: value.message, stack: value.stack };
  return value;
}
