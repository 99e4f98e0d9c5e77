/** Renewal drafts keep a customer's looked-up details only for `DRAFT_RETENTION_DAYS`; this job removes them after. */
import type { BotDeps } from "../bot/context.js";
import type { Job } from "./scheduler.js";

/** How often old drafts are purged unless told: hourly. */
export const PURGE_INTERVAL_MS = 3_600_000;

export function purgeJob(deps: BotDeps, everyMs: number): Job {
  return { name: "purge-drafts", everyMs, run: () => deps.drafts.purge(deps.config.store.draftRetentionDays) };
}
