/**
 * The one scheduler every background job runs on: with Redis, BullMQ job schedulers (one queue,
 * shared by every process on the prefix); without, timers in this process.
 */
import { Queue, Worker } from "bullmq";
import { Redis } from "ioredis";
import type { Logger } from "pino";

/** A background job: its name, how often it runs, and what it does. */
export interface Job {
  /** Unique among jobs; with Redis, also its queue's name (letters, digits, `-`, `_`). */
  name: string;
  everyMs: number;
  /** One run. A failure is logged and the next run comes all the same. */
  run(): Promise<unknown>;
  /** Done once in this process before the job is scheduled. */
  start?(): Promise<void>;
  /** Undoes `start` when this process stops (after the scheduler stops running the job). */
  stop?(): Promise<void>;
}

/** Runs named tasks at intervals. */
export interface Scheduler {
  /** Runs `task` every `ms`, one run at a time in this process. */
  every(name: string, ms: number, task: () => Promise<unknown>): Promise<void>;
  /** Stops running tasks in this process and waits for the runs in hand. Shared schedules stay. */
  close(): Promise<void>;
}

/** Timers in this process: the first run after one interval; a run still going skips a tick. */
export function timerScheduler(logger: Logger): Scheduler {
  const timers: NodeJS.Timeout[] = [];
  const running = new Set<Promise<unknown>>();
  return {
    async every(name, ms, task) {
      let busy = false;
      timers.push(
        setInterval(() => {
          if (busy) return;
          busy = true;
          const run = task()
            .catch((err) => logger.error({ err, job: name }, "job failed"))
            .finally(() => {
              busy = false;
              running.delete(run);
            });
          running.add(run);
        }, ms),
      );
    },
    async close() {
      timers.forEach(clearInterval);
      await Promise.allSettled([...running]);
    },
  };
}

/** BullMQ over Redis: job schedulers on one queue shared by every process on `prefix`. */
export function bullScheduler(redisUrl: string, prefix: string, logger: Logger): Scheduler {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue("jobs", { connection, prefix: `${prefix}bull` });
  const tasks = new Map<string, () => Promise<unknown>>();
  let worker: Worker | undefined;
  return {
    async every(name, ms, task) {
      tasks.set(name, task);
      await queue.upsertJobScheduler(name, { every: ms }, { name, opts: { removeOnComplete: true, removeOnFail: 100 } });
      worker ??= new Worker(
        "jobs",
        async (job) => {
          const t = tasks.get(job.name);
          if (t) await t();
        },
        { connection, prefix: `${prefix}bull`, concurrency: 1 },
      );
      worker.on("failed", (job, err) => logger.error({ err, job: job?.name }, "job failed"));
    },
    async close() {
      await worker?.close();
      for (const name of tasks.keys()) await queue.removeJobScheduler(name).catch(() => {});
      await queue.close();
      connection.disconnect();
    },
  };
}
