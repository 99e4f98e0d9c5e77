/**
 * zod pieces shared by the adapters: amounts in any of the shapes the aggregators send them,
 * ids that arrive as numbers or strings, and turning a failed parse into `UpstreamMalformed`.
 */
import { z } from "zod";
import { rupeesToPaisa } from "../shared/amount.js";
import { type AggregatorId, UpstreamMalformed } from "./types.js";

/** A rupee amount (integer, float or decimal string) → integer paisa; anything else is an issue. */
export const rupees = z.union([z.number(), z.string()]).transform((v, ctx) => {
  const paisa = rupeesToPaisa(v);
  if (paisa === undefined) {
    ctx.addIssue({ code: "custom", message: `not an amount: ${JSON.stringify(v)}` });
    return z.NEVER;
  }
  return paisa;
});

/** An id that may arrive as a number or a string; kept as the aggregator sent it. */
export const anyId = z.union([z.number(), z.string().min(1)]);

/** Parses `data` with `schema`, or throws `UpstreamMalformed` naming the first bad field. */
export function parseOrMalformed<S extends z.ZodType>(
  schema: S,
  data: unknown,
  aggregator: AggregatorId,
  what: string,
): z.output<S> {
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? ` at ${issue.path.join(".")}` : "";
  throw new UpstreamMalformed(
    `${aggregatorName(aggregator)} sent an unexpected ${what}${where}: ${issue?.message ?? "invalid"}`,
    aggregator,
  );
}

export function aggregatorName(a: AggregatorId): string {
  return a === "khalti" ? "Khalti" : "Global Topup";
}
