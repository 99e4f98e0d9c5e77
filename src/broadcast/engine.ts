/**
 * The broadcast engine: queueing a notice's recipients, sending them in every process, and the
 * shared upkeep (finishing, requeueing what a queue lost, clearing queues).
 *
 * With Redis, each broadcast has a BullMQ queue (`<prefix>bull:broadcast-<id>`) of jobs of
 * `CHUNK` recipients, and every process runs a worker on the queue of every open broadcast. One
 * pacer in Redis spaces all their messages at the configured rate, and a 429 stops all of them.
 * Pause is the queue's pause (nobody takes a new chunk; a chunk being sent stops before its next
 * recipient), cancel empties it. A process that dies leaves its chunks to BullMQ's stalled-job
 * check, which gives them to another worker; recipients recorded meanwhile are skipped.
 *
 * Without Redis (one process), the database drives the same sender directly: `lanes` loops take
 * the next pending recipients, `CHUNK` at a time. A restart starts again from those still pending.
 *
 * Why chunks and not a job per recipient: 100,000 BullMQ jobs take 11–13 s to add on this project's
 * machine and some 65 MB of Redis; 2,000 jobs of 50 take well under a second. The recipient's row in
 * PostgreSQL, not the job, is what says whether they were sent, so nothing is lost by it.
 */
import { DelayedError, Queue, Worker } from "bullmq";
import { Redis } from "ioredis";
import type { Logger } from "pino";
import type { BroadcastSettings } from "../config.js";
import { memoryPacer, type Pacer, redisPacer } from "./pacer.js";
import { createSender, type SenderOptions, type StopReason } from "./send.js";
import type { Broadcast, BroadcastStore } from "./store.js";

/** Recipients per job (and per step of the in-process loop). */
export const CHUNK = 50;

/** How often each process looks for broadcasts to work on (ms). */
const WATCH_MS = 1000;
/** How long a broadcast's state is trusted before it is read again (ms). */
const STATE_TTL_MS = 250;
/** A job whose process stopped renewing its lock this long ago goes to another worker (ms). */
const LOCK_MS = 10_000;

/** Messages that may be in flight at once in one process: enough for the fastest rate allowed. */
export function lanes(settings: BroadcastSettings): number {
  const fastest = settings.allowPaid ? settings.paidRatePerSecond : settings.ratePerSecond;
  return Math.min(100, Math.max(2, Math.ceil(fastest / 10)));
}

export interface BroadcasterOptions {
  store: BroadcastStore;
  settings: BroadcastSettings;
  logger: Logger;
  /** Queues and the shared pacer; one process in memory when unset. */
  redis?: { url: string; prefix: string };
}

/** What sending needs that only the bot has: the Bot API and the notice in each language. */
export type DeliveryOptions = Pick<SenderOptions, "api" | "compose">;

/** This process's part of sending. */
export interface Delivery {
  /** Stops taking recipients; the messages in flight finish (their chunks go back to the queue). */
  close(): Promise<void>;
}

/** Broadcasts: the store, queueing, pause, resume, cancel, sending, upkeep. */
export interface Broadcaster {
  store: BroadcastStore;
  settings: BroadcastSettings;
  /** Messages this process has sent (accepted by Telegram). */
  readonly sentHere: number;
  /** Puts a started broadcast's recipients on the queue (nothing to do in memory). */
  enqueue(b: Broadcast): Promise<void>;
  /** Pauses a sending broadcast; the broadcast as it is now, or `undefined` when it was not sending. */
  pause(id: number): Promise<Broadcast | undefined>;
  /** Resumes a paused broadcast. */
  resume(id: number): Promise<Broadcast | undefined>;
  /** Cancels a sending or paused broadcast: nobody else gets it. */
  cancel(id: number): Promise<Broadcast | undefined>;
  /** Starts sending in this process. */
  deliver(opts: DeliveryOptions): Delivery;
  /**
   * One pass of the shared upkeep: sending broadcasts with no one left are finished, a queue that
   * lost recipients gets them back, a queue's pause follows the broadcast's, a finished broadcast's
   * queue is removed once nothing of it is in flight. Returns the sending and paused broadcasts (for
   * their progress), the ones now over (for their report) and, once `claimEdit` allows, the ones
   * whose progress message is to show the end; each of the last two once.
   */
  upkeep(claimEdit: (id: number) => Promise<boolean>): Promise<{ open: Broadcast[]; over: Broadcast[]; ends: Broadcast[] }>;
  close(): Promise<void>;
}

export function createBroadcaster(opts: BroadcasterOptions): Broadcaster {
  const { store, settings, logger } = opts;
  const connection = opts.redis ? new Redis(opts.redis.url, { maxRetriesPerRequest: null }) : undefined;
  const bullPrefix = `${opts.redis?.prefix ?? ""}bull`;
  const queues = new Map<number, Queue>();
  const queueOf = (id: number): Queue => {
    let q = queues.get(id);
    if (!q) {
      q = new Queue(`broadcast-${id}`, {
        connection: connection!,
        prefix: bullPrefix,
        streams: { events: { maxLen: 100 } },
        defaultJobOptions: { removeOnComplete: true, removeOnFail: true, attempts: 5, backoff: { type: "exponential", delay: 2000 } },
      });
      queues.set(id, q);
    }
    return q;
  };
  const dropQueue = async (id: number) => {
    const q = queues.get(id);
    queues.delete(id);
    await q?.close();
  };

  /** Adds `userIds` to the broadcast's queue, `CHUNK` per job. */
  async function addJobs(id: number, userIds: number[]): Promise<void> {
    const queue = queueOf(id);
    const jobs = [];
    for (let i = 0; i < userIds.length; i += CHUNK) jobs.push({ name: "send", data: { u: userIds.slice(i, i + CHUNK) } });
    for (let i = 0; i < jobs.length; i += 200) await queue.addBulk(jobs.slice(i, i + 200));
  }

  const pacer: Pacer = connection ? redisPacer(connection, `${opts.redis!.prefix}broadcast:pace`) : memoryPacer();
  let sentHere = 0;

  return {
    store,
    settings,
    get sentHere() {
      return sentHere;
    },
    async enqueue(b) {
      if (!connection) return;
      await addJobs(b.id, await store.pending(b.id));
      await store.markQueued(b.id);
    },
    async pause(id) {
      const b = await store.move(id, ["sending"], "paused");
      if (b && connection) await queueOf(id).pause();
      return b;
    },
    async resume(id) {
      const b = await store.move(id, ["paused"], "sending");
      if (b && connection) await queueOf(id).resume();
      return b;
    },
    async cancel(id) {
      const b = await store.move(id, ["sending", "paused"], "cancelled");
      if (b && connection) await queueOf(id).drain(true);
      return b;
    },

    deliver(d) {
      const sender = createSender({ ...d, store, pacer, settings, logger, onSent: () => void (sentHere += 1) });
      const n = lanes(settings);
      let closing = false;
      // The state of each open broadcast, read at most every STATE_TTL_MS by this process.
      const states = new Map<number, { b: Promise<Broadcast | undefined>; at: number }>();
      const current = (id: number): Promise<Broadcast | undefined> => {
        const known = states.get(id);
        if (known && Date.now() - known.at < STATE_TTL_MS) return known.b;
        const b = store.get(id);
        states.set(id, { b, at: Date.now() });
        b.catch(() => states.delete(id));
        return b;
      };
      const stopFor = (id: number) => async (): Promise<StopReason | undefined> => {
        if (closing) return "closing";
        const b = await current(id);
        if (b?.state === "paused") return "paused";
        return b?.state === "sending" ? undefined : "cancelled";
      };

      const workers = new Map<number, Worker>();
      const loops = new Map<number, Promise<void>>();

      /** A BullMQ worker on the queue of broadcast `id`. */
      const startWorker = (id: number) => {
        const worker = new Worker<{ u: number[] }>(
          `broadcast-${id}`,
          async (job, token) => {
            const b = await current(id);
            if (!b || (b.state !== "sending" && b.state !== "paused")) return;
            const why = await sender.chunk(b, job.data.u, stopFor(id));
            if (why === "paused" || why === "closing") {
              // Back to the queue for whoever takes it next (after the pause, or another process).
              await job.moveToDelayed(Date.now() + (why === "paused" ? 1000 : 0), token);
              throw new DelayedError();
            }
          },
          { connection: connection!, prefix: bullPrefix, concurrency: n, lockDuration: LOCK_MS, stalledInterval: LOCK_MS / 2, maxStalledCount: 1000 },
        );
        worker.on("failed", (job, err) => logger.error({ err, broadcast: id, job: job?.id }, "broadcast chunk failed"));
        worker.on("error", (err) => logger.error({ err, broadcast: id }, "broadcast worker error"));
        workers.set(id, worker);
      };

      /** `n` loops over the pending recipients of broadcast `id`, in this process. */
      const startLoop = (id: number) => {
        const stop = stopFor(id);
        let after = 0;
        let taking = Promise.resolve<number[]>([]);
        const next = () =>
          (taking = taking.then(async () => {
            const ids = await store.pending(id, after, CHUNK);
            if (ids.length > 0) after = ids[ids.length - 1]!;
            return ids;
          }));
        const lane = async () => {
          for (;;) {
            const b = await current(id);
            if (!b || b.state !== "sending") return;
            const ids = await next();
            if (ids.length === 0 || (await sender.chunk(b, ids, stop)) !== "done") return;
          }
        };
        // Every lane ends before another loop may start on this broadcast.
        const loop = Promise.allSettled(Array.from({ length: n }, lane))
          .then((results) => {
            for (const r of results) if (r.status === "rejected") logger.error({ err: r.reason, broadcast: id }, "broadcast loop failed (it starts again)");
          })
          .finally(() => loops.delete(id));
        loops.set(id, loop);
      };

      /** Works on every open broadcast, and lets go of the others. */
      const watch = async () => {
        const open = await store.open();
        const ids = new Set(open.map((b) => b.id));
        for (const b of open) {
          states.set(b.id, { b: Promise.resolve(b), at: Date.now() });
          if (connection) {
            if (!workers.has(b.id)) startWorker(b.id);
          } else if (b.state === "sending" && !loops.has(b.id)) startLoop(b.id);
        }
        for (const [id, worker] of workers) {
          if (ids.has(id)) continue;
          workers.delete(id);
          await worker.close();
        }
        for (const id of states.keys()) if (!ids.has(id)) states.delete(id);
      };
      let watching = Promise.resolve();
      const tick = () => {
        watching = watching.then(() => (closing ? undefined : watch().catch((err) => logger.error({ err }, "broadcast watch failed"))));
      };
      tick();
      const timer = setInterval(tick, WATCH_MS);

      return {
        async close() {
          closing = true;
          clearInterval(timer);
          await watching;
          await Promise.all([...workers.values()].map((w) => w.close()));
          await Promise.all(loops.values());
        },
      };
    },

    async upkeep(claimEdit) {
      const open: Broadcast[] = [];
      for (const b of await store.open()) {
        if (b.state === "sending" && (await store.finish(b.id))) continue;
        open.push(b);
        if (!connection) continue;
        const queue = queueOf(b.id);
        // A pause or resume whose queue step was lost (a crash between the two) is put right.
        if ((b.state === "paused") !== (await queue.isPaused())) await (b.state === "paused" ? queue.pause() : queue.resume());
        if (b.state !== "sending") continue;
        // Recipients still pending with nothing on the queue: a chunk failed for good, or Redis lost
        // them. Put back once in a while (a recipient is only ever on one job at a time).
        const counts = await queue.getJobCounts("waiting", "active", "delayed", "paused", "prioritized", "waiting-children");
        if (Object.values(counts).some((n) => n > 0)) continue;
        const pending = await store.pending(b.id);
        if (pending.length > 0 && (await store.claimRequeue(b.id, 30))) {
          logger.warn({ broadcast: b.id, pending: pending.length }, "broadcast recipients put back on the queue");
          await addJobs(b.id, pending);
        }
      }
      const over: Broadcast[] = [];
      for (const id of await store.uncleared()) {
        if (connection) {
          const queue = queueOf(id);
          // Not while a chunk is still in flight (after a cancel): tried again on a later pass.
          if ((await queue.getActiveCount()) > 0) continue;
          await queue.obliterate({ force: true });
          await dropQueue(id);
        }
        const b = await store.markCleared(id);
        if (b) over.push(b);
      }
      // Queues this process opened for broadcasts now over (a button pressed here) are let go.
      const current = new Set(open.map((b) => b.id));
      for (const id of queues.keys()) if (!current.has(id) && !over.some((b) => b.id === id)) await dropQueue(id);
      const ends: Broadcast[] = [];
      for (const id of await store.unshownEnds()) {
        if (!(await claimEdit(id))) continue;
        const b = await store.markEndShown(id);
        if (b) ends.push(b);
      }
      return { open, over, ends };
    },

    async close() {
      await Promise.all([...queues.keys()].map(dropQueue));
      connection?.disconnect();
    },
  };
}
