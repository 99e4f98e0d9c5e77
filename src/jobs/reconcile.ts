/**
 * Pending payments: at start, payments left `submitted` longer than a commit can take become
 * pending (`money.recover()`); then every run asks the aggregator about each pending payment that
 * is due (`money.reconcile()`).
 */
import type { Money } from "../money/index.js";
import type { Job } from "./scheduler.js";

/** How often reconciliation runs unless told: the first-lookup delay, between 5 s and 1 min. */
export function reconcileInterval(reconcileDelaySeconds: number): number {
  return Math.min(60_000, Math.max(5_000, reconcileDelaySeconds * 1000));
}

/** The reconciliation job over the money core. */
export function reconcileJob(money: Money, everyMs: number): Job {
  return {
    name: "reconcile",
    everyMs,
    async start() {
      await money.recover();
    },
    run: () => money.reconcile(),
  };
}
