/**
 * The one scheduler every background job runs on.
 *
 * Without Redis: a timer per job in this process. With Redis: BullMQ, a queue per job (keys
 * `<prefix>bull:<job>:*`) with a job scheduler that every process shares. Each process runs a
 * worker only for the jobs it knows, so a job added by a newer version is left to the processes
 * that know it. Stopping a process stops its workers and leaves the schedules: they belong to every
 * process on the prefix, and outlive any one of them. Registering a job again replaces its
 * schedule (a new interval takes effect at once).
 *
 * Either way a job never runs twice at once in one process. Across processes a run that outlasts
 * its interval may meet the next one elsewhere, so every job is safe to run concurrently.
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

/** BullMQ over Redis: schedules shared by every process on `prefix`; the first run at once. */
export function bullScheduler(redisUrl: string, prefix: string, logger: Logger): Scheduler {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const bullPrefix = `${prefix}bull`;
  const queues = new Map<string, Queue>();
  const workers: Worker[] = [];
  let closing: Promise<void> | undefined;
  return {
    async every(name, ms, task) {
      if (!/^[A-Za-z0-9_-]+$/.test(name)) throw new Error(`job name ${JSON.stringify(name)}: letters, digits, - and _ only`);
      if (queues.has(name)) throw new Error(`job ${name} is already scheduled`);
      const queue = new Queue(name, { connection, prefix: bullPrefix });
      queues.set(name, queue);
      await queue.upsertJobScheduler(name, { every: ms }, { name, opts: { removeOnComplete: true, removeOnFail: 100 } });
      const worker = new Worker(
        name,
        async () => {
          await task();
        },
        { connection, prefix: bullPrefix, concurrency: 1 },
      );
      worker.on("failed", (_job, err) => logger.error({ err, job: name }, "job failed"));
      worker.on("error", (err) => logger.error({ err, job: name }, "job worker error"));
      workers.push(worker);
      // Up before `close` may come: a worker closed while it connects rejects unhandled.
      await worker.waitUntilReady();
    },
    close() {
      closing ??= (async () => {
        await Promise.all(workers.map((w) => w.close()));
        await Promise.all([...queues.values()].map((q) => q.close()));
        connection.disconnect();
      })();
      return closing;
    },
  };
}
