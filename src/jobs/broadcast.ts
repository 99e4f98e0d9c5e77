/**
 * Broadcasts as a job. Starting it starts this process's part of sending (a worker on every open
 * broadcast's queue, or the in-process loop without Redis). Each run, once per interval across
 * processes, is the upkeep: a broadcast with nobody left is finished, its progress message edited
 * (at most every `PROGRESS_EVERY_SECONDS`, whichever process runs it), and when it is over, its
 * admin gets the final report at once and the progress message shows the end at its next edit.
 */
import { Api, GrammyError } from "grammy";
import type { BotDeps } from "../bot/context.js";
import { audienceName, noticeFor, progressScreen, reportText } from "../bot/features/broadcast/screens.js";
import { type ChatStorage, localeIn } from "../bot/storage.js";
import { makeUi } from "../bot/ui.js";
import type { Delivery } from "../broadcast/engine.js";
import type { Broadcast } from "../broadcast/store.js";
import type { Job } from "./scheduler.js";

/** How often the upkeep runs (ms). */
export const BROADCAST_UPKEEP_MS = 1000;
/** The progress message is edited at most this often. */
export const PROGRESS_EVERY_SECONDS = 5;

/** Telegram's answer to an edit that changes nothing. */
const notModified = (err: unknown) => err instanceof GrammyError && /message is not modified/.test(err.description);

export function broadcastJob(deps: BotDeps, api: Api, storage: ChatStorage, everyMs: number): Job {
  const { broadcasts, logger } = deps;
  const { store, settings } = broadcasts;
  const ispName = (id: string) => deps.services.upstream.isp(id)?.name ?? id;
  const uiIn = async (chatId: number) => makeUi(await localeIn(storage, chatId), deps.t, deps.sandbox);
  // Sending decides for itself what a 429 or a 5xx means: no automatic retries on this one.
  const raw = new Api(api.token, { ...api.options, timeoutSeconds: 30 });
  let delivery: Delivery | undefined;

  /** Edits the progress message of `b` (its admin's language). */
  const edit = async (b: Broadcast) => {
    if (b.progressMessageId === null) return;
    const ui = await uiIn(b.chatId);
    const s = progressScreen(ui, b, await store.counts(b.id), audienceName(ui, b.audience, ispName), settings);
    await api.editMessageText(b.chatId, b.progressMessageId, s.text, { reply_markup: s.keyboard }).catch((err) => {
      if (!notModified(err)) logger.warn({ err, broadcast: b.id }, "broadcast progress not shown");
    });
  };

  return {
    name: "broadcasts",
    everyMs,
    async start() {
      delivery = broadcasts.deliver({
        api: raw,
        compose: async (b, userId) => noticeFor(await uiIn(userId), b, ispName),
      });
    },
    async run() {
      const { open, over, ends } = await broadcasts.upkeep((id) => store.claimProgress(id, PROGRESS_EVERY_SECONDS));
      for (const b of open) if (await store.claimProgress(b.id, PROGRESS_EVERY_SECONDS)) await edit(b);
      for (const b of over) {
        const counts = await store.counts(b.id);
        logger.info({ broadcast: b.id, state: b.state, ...counts }, "broadcast over");
        await api.sendMessage(b.chatId, reportText(await uiIn(b.chatId), b, counts)).catch((err) => logger.warn({ err, broadcast: b.id }, "broadcast report not sent"));
      }
      for (const b of ends) await edit(b);
    },
    async stop() {
      await delivery?.close();
      if (broadcasts.sentHere > 0) logger.info({ sent: broadcasts.sentHere }, "broadcast messages sent by this process");
    },
  };
}
