/**
 * Closes dialogues idle for too long: the conversation state dropped (never over a session an
 * update wrote meanwhile), open drafts cancelled, the user told.
 */
import type { Api } from "grammy";
import type { BotDeps } from "../bot/context.js";
import { localeOf, makeUi } from "../bot/ui.js";
import { type ChatStorage, hasOpenConversation } from "../bot/storage.js";
import type { Job } from "./scheduler.js";

/** How often idle dialogues are looked for unless told: a quarter of the idle time, 1–30 s. */
export function idleInterval(idleSeconds: number): number {
  return Math.min(30_000, Math.max(1_000, (idleSeconds * 1000) / 4));
}

/**
 * One sweep; returns how many dialogues it closed. A chat that fails is logged and watched again
 * (closed on a later sweep); the others are closed all the same.
 */
export function createIdleSweeper(deps: BotDeps, api: Api, storage: ChatStorage) {
  const idleSeconds = deps.config.bot.idleSeconds;
  async function close(chatId: number): Promise<boolean> {
    const snap = await storage.snapshot(chatId);
    const session = snap?.session;
    const active = hasOpenConversation(session?.convo);
    if (snap && session?.convo !== undefined && !(await storage.closeDialogue(chatId, snap))) {
      // An update wrote the session since it was read: the chat is not idle. It is watched again
      // from now, and nothing is cancelled.
      await deps.activity.touch(chatId);
      return false;
    }
    const cancelled = await deps.drafts.cancelOpen(chatId);
    if (!active && cancelled === 0) return false;
    const ui = makeUi(localeOf({ session }), deps.t, deps.sandbox);
    const text = ui.t("idle-timeout", { minutes: Math.max(1, Math.round(idleSeconds / 60)) });
    // The dialogue is closed by now; the notice is not sent again.
    await api.sendMessage(chatId, ui.frame(text)).catch((err) => deps.logger.warn({ err, chatId }, "idle notice not sent"));
    return true;
  }
  return async function sweep(): Promise<number> {
    let closed = 0;
    for (const chatId of await deps.activity.claimIdle(idleSeconds * 1000)) {
      try {
        if (await close(chatId)) closed += 1;
      } catch (err) {
        deps.logger.warn({ err, chatId }, "idle dialogue not closed yet");
        await deps.activity.touch(chatId).catch(() => {});
      }
    }
    return closed;
  };
}

/** The idle sweeper as a job; it also drops expired sessions kept in memory. */
export function idleJob(deps: BotDeps, api: Api, storage: ChatStorage, everyMs: number): Job {
  const sweep = createIdleSweeper(deps, api, storage);
  return {
    name: "idle",
    everyMs,
    async run() {
      await storage.prune();
      return sweep();
    },
  };
}
