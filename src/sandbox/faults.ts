/**
 * Faults on demand: the checked spec, the queue that hands each fault to the next matching
 * requests, what an accepted commit becomes under it, and the broken shape of the badShape fault.
 * The server applies them to the answers (delay, HTTP 500, garbage).
 */
import { type AggregatorName, type Final, type Kind, type Outcome, isJsonObject } from "./common.js";
import type { FaultSpec } from "./types.js";

/** A fault spec with its defaults filled in, and how many requests it still applies to. */
export interface ActiveFault {
  fault: FaultSpec["fault"];
  on: NonNullable<FaultSpec["on"]>;
  aggregator: NonNullable<FaultSpec["aggregator"]>;
  remaining: number;
  delayMs: number;
  processed: boolean;
  settleTo: Final;
  settleAfterMs: number;
  sizeBytes: number;
}

const FAULTS = ["timeout", "http500", "malformed", "badShape", "queued", "failed", "slowBody", "oversized", "echoToken", "reorder"] as const;
const ONS = ["commit", "lookup", "status", "any"] as const;
const AGGREGATORS = ["khalti", "globaltopup", "any"] as const;

/** One of `allowed`, `fallback` when undefined; throws otherwise. */
function oneOf<T extends string>(name: string, v: unknown, allowed: readonly T[], fallback?: T): T {
  const found = v === undefined ? fallback : allowed.find((x) => x === v);
  if (!found) throw new TypeError(`${name} must be one of ${allowed.join(", ")}`);
  return found;
}

/** A whole number >= `min`, `fallback` when undefined; throws otherwise. */
function count(name: string, v: unknown, fallback: number, min: number): number {
  if (v === undefined) return fallback;
  if (typeof v !== "number" || !Number.isInteger(v) || v < min) throw new TypeError(`${name} must be a whole number >= ${min}`);
  return v;
}

/** Checks a fault spec (from a test or over HTTP) and fills in its defaults; throws a `TypeError`. */
export function normalizeFault(f: unknown): ActiveFault {
  if (!isJsonObject(f)) throw new TypeError("a fault must be an object");
  const fault = oneOf("fault", f.fault, FAULTS);
  const on = oneOf("on", f.on, ONS, "commit");
  const aggregator = oneOf("aggregator", f.aggregator, AGGREGATORS, "any");
  const times = count("times", f.times, 1, 1);
  const delayMs = count("delayMs", f.delayMs, 120_000, 0);
  const settleAfterMs = count("settleAfterMs", f.settleAfterMs, 0, 0);
  const sizeBytes = count("sizeBytes", f.sizeBytes, 2 * 1024 * 1024, 0);
  if (f.processed !== undefined && typeof f.processed !== "boolean") throw new TypeError("processed must be a boolean");
  const processed = f.processed ?? fault !== "http500";
  if (f.settleTo !== undefined && f.settleTo !== "Success" && f.settleTo !== "Failed") {
    throw new TypeError('settleTo must be "Success" or "Failed"');
  }
  const settleTo: Final = f.settleTo ?? "Success";
  if ((fault === "queued" || fault === "failed") && on !== "commit" && on !== "any") {
    throw new TypeError(`the ${fault} fault applies to commits only`);
  }
  if (fault === "reorder" && on !== "lookup" && on !== "any") throw new TypeError("the reorder fault applies to lookups only");
  return { fault, on, aggregator, remaining: times, delayMs, processed, settleTo, settleAfterMs, sizeBytes };
}

/** The injected faults, first in first out. */
export class Faults {
  private queue: ActiveFault[] = [];

  inject(spec: unknown): void {
    this.queue.push(normalizeFault(spec));
  }

  /** The first fault matching the request, counted as applied once. */
  take(aggregator: AggregatorName, kind: Kind): ActiveFault | undefined {
    const i = this.queue.findIndex(
      (f) =>
        (f.aggregator === "any" || f.aggregator === aggregator) &&
        (f.on === "any" || f.on === kind) &&
        (f.fault === "queued" || f.fault === "failed" ? kind === "commit" : f.fault === "reorder" ? kind === "lookup" : true),
    );
    if (i < 0) return undefined;
    const f = this.queue[i]!;
    f.remaining -= 1;
    if (f.remaining <= 0) this.queue.splice(i, 1);
    return f;
  }

  clear(): void {
    this.queue = [];
  }
}

/** Whether the fault keeps a commit from taking effect (http500, timeout or malformed, not processed). */
export function stopsCommit(fault: ActiveFault | undefined): fault is ActiveFault {
  return !!fault && (fault.fault === "http500" || fault.fault === "timeout" || fault.fault === "malformed") && !fault.processed;
}

/** What an accepted commit becomes under the fault at hand (none: an immediate success). */
export function commitOutcome(fault: ActiveFault | undefined): Outcome {
  if (fault?.fault === "queued") return { state: "Queued", finalState: fault.settleTo, settleAt: Date.now() + fault.settleAfterMs };
  if (fault?.fault === "failed") return { state: "Failed", finalState: "Failed", settleAt: undefined };
  if (fault?.fault === "timeout") return { state: fault.settleTo, finalState: fault.settleTo, settleAt: undefined };
  return { state: "Success", finalState: "Success", settleAt: undefined };
}

const SHAPE_KEYS = new Set(["amount", "packageRate", "total_cost"]);

/**
 * The `badShape` fault: the same envelope with key fields broken: the outcome removed (at
 * `outcomePath`: Khalti `state`, Global Topup `data.status`), and every amount (`amount`,
 * `packageRate`, `total_cost`) replaced by an object. If nothing of that is present, `session_id`
 * is removed.
 */
export function breakShape(body: unknown, outcomePath: readonly string[]): unknown {
  const copy = JSON.parse(JSON.stringify(body ?? null)) as unknown;
  let changed = false;
  const holder = outcomePath.slice(0, -1).reduce<unknown>((v, k) => (isJsonObject(v) ? v[k] : undefined), copy);
  const key = outcomePath.at(-1)!;
  if (isJsonObject(holder) && key in holder) {
    delete holder[key];
    changed = true;
  }
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) {
      v.forEach(walk);
      return;
    }
    if (!isJsonObject(v)) return;
    for (const [k, val] of Object.entries(v)) {
      if (SHAPE_KEYS.has(k) && (typeof val === "number" || typeof val === "string")) {
        v[k] = { value: val };
        changed = true;
      } else {
        walk(val);
      }
    }
  };
  walk(copy);
  if (!changed && isJsonObject(copy)) {
    if ("session_id" in copy) delete copy.session_id;
    else if (isJsonObject(copy.data)) delete copy.data.session_id;
  }
  return copy;
}

/** The `reorder` fault: every list of objects in the answer (packages, options, connections) reversed. */
export function reorderLists(body: unknown): unknown {
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) {
      const items = v.map(walk);
      return items.length > 1 && items.every(isJsonObject) ? items.reverse() : items;
    }
    if (!isJsonObject(v)) return v;
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
  };
  return walk(body);
}

/**
 * The `echoToken` fault: the answer with the caller's token in an odd nested field (`debug`), and
 * in its first message field (`details`, `detail` or `message`, also under `data`).
 */
export function echoToken(body: unknown, token: string): unknown {
  if (!isJsonObject(body)) return body;
  const copy = structuredClone(body);
  copy.debug = { request: [`auth ${token}`] };
  for (const holder of [copy, copy.data]) {
    if (!isJsonObject(holder)) continue;
    const key = ["details", "detail", "message"].find((k) => typeof holder[k] === "string");
    if (key) {
      holder[key] = `${String(holder[key])} (seen ${token})`;
      break;
    }
  }
  return copy;
}

/** The `oversized` fault: the answer with a `padding` field that makes it `sizeBytes` long or more. */
export function oversized(body: unknown, sizeBytes: number): string {
  const padding = "x".repeat(sizeBytes);
  return JSON.stringify(isJsonObject(body) ? { ...body, padding } : { body, padding });
}
