/**
 * Background work: reconciling pending payments, telling payers how they ended, and closing idle
 * dialogues. With Redis, on BullMQ (job schedulers: one run at a time across every process); without,
 * on timers in this process.
 */
import { Queue, Worker } from "bullmq";
import { Redis } from "ioredis";
import { GrammyError, type Api } from "grammy";
import type { Logger } from "pino";
import type { Payment } from "../money/index.js";
import type { BotDeps, SessionData } from "./context.js";
import { receiptLines } from "./receipt.js";
import { makeUi } from "./ui.js";
import { type ChatStorage, hasOpenConversation } from "./storage.js";

export interface Scheduler {
  every(name: string, ms: number, task: () => Promise<unknown>): Promise<void>;
  close(): Promise<void>;
}

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

/** Tells payers how their pending payments ended, once each (claimed in the database). */
export function createNotifier(deps: BotDeps, api: Api, storage: ChatStorage) {
  const { money } = deps.services;
  async function localeOf(chatId: number): Promise<string> {
    const s = (await storage.session.read(storage.sessionKey(chatId))) as SessionData | undefined;
    return s?.__language_code ?? "en";
  }
  async function notify(p: Payment): Promise<void> {
    if (!(await money.markNotified(p.id))) return;
    const ui = makeUi(await localeOf(p.payerUserId), deps.t, deps.sandbox);
    const isp = deps.services.upstream.isp(p.isp)?.name ?? p.isp;
    const args = { amount: ui.money(p.amountPaisa), account: p.connection ?? p.account, isp };
    let text: string;
    if (p.state === "succeeded") {
      const receipt = await money.receipt(p.id);
      text = [ui.t("resolved-success", args), "", ...(receipt ? receiptLines(ui, receipt, isp) : [])].join("\n");
    } else {
      text = ui.t("resolved-failed", args);
    }
    try {
      await api.sendMessage(p.payerUserId, ui.banner ? `${ui.banner}\n\n${text}` : text);
    } catch (err) {
      // Blocked or deleted chats will never be reachable; anything else is tried again later.
      if (!(err instanceof GrammyError && err.error_code === 403)) {
        await money.unmarkNotified(p.id);
        throw err;
      }
    }
  }
  return {
    notify,
    async sweep(): Promise<void> {
      for (const p of await money.unnotified()) await notify(p);
    },
  };
}

/** Closes dialogues idle for too long: state dropped, open drafts cancelled, the user told. */
export function createIdleSweeper(deps: BotDeps, api: Api, storage: ChatStorage) {
  const idleMs = deps.config.bot.idleSeconds * 1000;
  return async function sweep(): Promise<number> {
    const chats = await deps.activity.claimIdle(idleMs);
    let closed = 0;
    for (const chatId of chats) {
      const snap = await storage.snapshot(chatId);
      const session = snap?.session;
      const active = hasOpenConversation(session?.convo);
      if (snap && session?.convo !== undefined && !(await storage.closeDialogue(chatId, snap))) {
        // An update wrote the session since it was read: the chat is not idle. It is watched again
        // from now, and nothing is cancelled.
        await deps.activity.touch(chatId);
        continue;
      }
      const cancelled = await deps.drafts.cancelOpen(chatId);
      if (!active && cancelled === 0) continue;
      const ui = makeUi(session?.__language_code ?? "en", deps.t, deps.sandbox);
      const text = ui.t("idle-timeout", { minutes: Math.max(1, Math.round(deps.config.bot.idleSeconds / 60)) });
      await api.sendMessage(chatId, ui.banner ? `${ui.banner}\n\n${text}` : text).catch((err) => deps.logger.warn({ err, chatId }, "idle notice not sent"));
      closed += 1;
    }
    return closed;
  };
}
