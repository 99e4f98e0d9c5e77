/**
 * The logger (pino). Secrets (the bot token, aggregator tokens) are cut out of every line, whatever
 * field or error message they hide in.
 */
import pino, { type Logger } from "pino";

export function createLogger(level: string, secrets: (string | undefined)[], destination?: pino.DestinationStream): Logger {
  const hidden = secrets.filter((s): s is string => typeof s === "string" && s.length >= 6);
  const scrub = (text: string) => hidden.reduce((t, s) => t.split(s).join("[redacted]"), text);
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
