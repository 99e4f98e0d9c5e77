/**
 * Every background job, registered on the one scheduler: BullMQ when Redis is configured (shared
 * schedules across processes), timers in this process otherwise.
 */
import type { Api } from "grammy";
import type { BotDeps } from "../bot/context.js";
import type { ChatStorage } from "../bot/storage.js";
import { BROADCAST_UPKEEP_MS, broadcastJob } from "./broadcast.js";
import { CREDIT_CHECK_MS, lowCreditJob } from "./credit.js";
import { idleInterval, idleJob } from "./idle.js";
import { NOTIFY_INTERVAL_MS, notifyJob } from "./notify.js";
import { reconcileInterval, reconcileJob } from "./reconcile.js";
import { bullScheduler, type Job, timerScheduler } from "./scheduler.js";
import { TOPUP_RETRY_MS, topUpJob } from "./topups.js";
import { PURGE_INTERVAL_MS, purgeJob } from "./purge.js";

/** Intervals (ms) that override each job's default; tests make them short. */
export interface JobIntervals {
  reconcileMs?: number;
  notifyMs?: number;
  idleMs?: number;
  topUpsMs?: number;
  broadcastsMs?: number;
  purgeMs?: number;
  creditMs?: number;
}

/** What the jobs work with; Redis (from `deps.config`) decides the scheduler. */
export interface JobsOptions {
  deps: BotDeps;
  /** Where payers and idle chats are told. */
  api: Api;
  storage: ChatStorage;
  intervals?: JobIntervals;
}

/** The running jobs of this process. */
export interface Jobs {
  /** Stops this process's part (runs in hand finish); shared schedules stay for other processes. */
  close(): Promise<void>;
}

/** Starts reconciliation, the payer notifier, the idle sweeper, the top-up retries, the drafts' purge, the low-credit check and broadcasts. */
export async function startJobs(opts: JobsOptions): Promise<Jobs> {
  const { deps, api, storage, intervals: iv = {} } = opts;
  const { config, logger } = deps;
  const jobs: Job[] = [
    reconcileJob(deps.services.money, iv.reconcileMs ?? reconcileInterval(config.money.reconcileDelaySeconds)),
    notifyJob(deps, api, storage, iv.notifyMs ?? NOTIFY_INTERVAL_MS),
    idleJob(deps, api, storage, iv.idleMs ?? idleInterval(config.bot.idleSeconds)),
    topUpJob(deps, api, storage, iv.topUpsMs ?? TOPUP_RETRY_MS),
    broadcastJob(deps, api, storage, iv.broadcastsMs ?? BROADCAST_UPKEEP_MS),
    purgeJob(deps, iv.purgeMs ?? PURGE_INTERVAL_MS),
    lowCreditJob(deps, api, storage, iv.creditMs ?? CREDIT_CHECK_MS),
  ];
  const scheduler = config.redis ? bullScheduler(config.redis.url, config.redis.prefix, logger) : timerScheduler(logger);
  const started: Job[] = [];
  const close = async () => {
    await scheduler.close();
    for (const job of started) await job.stop?.();
  };
  try {
    for (const job of jobs) {
      await job.start?.();
      started.push(job);
    }
    for (const job of jobs) await scheduler.every(job.name, job.everyMs, () => job.run());
  } catch (err) {
    await close().catch(() => {});
    throw err;
  }
  return { close };
}
