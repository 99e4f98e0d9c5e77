/**
 * Sending a notice to its recipients, one after another, each outcome recorded before the next:
 * - every message waits for its turn on the pacer (the rate shared by every process);
 * - 429: the pacer stops everyone for `retry_after`, and the same message is sent after it (not an
 *   attempt; at most `MAX_WAITS` times);
 * - 403 (blocked, deactivated): the recipient is blocked, and `bot_users` says so;
 * - 400 (chat not found, ...): failed at once, Telegram will not change its mind;
 * - anything else (5xx, network): tried again after a pause, `MAX_ATTEMPTS` in all, then failed.
 * A recipient is sent only while pending; a message in flight when the process dies is the only one
 * that can be sent twice (it is pending until its answer is recorded).
 */
import { type Api, GrammyError, type InlineKeyboard } from "grammy";
import type { MessageEntity } from "grammy/types";
import type { Logger } from "pino";
import type { BroadcastSettings } from "../config.js";
import type { Pacer } from "./pacer.js";
import type { Broadcast, BroadcastStore, Outcome } from "./store.js";

/** What one recipient gets. */
export interface Notice {
  text: string;
  entities?: MessageEntity[];
  photo?: string;
  keyboard?: InlineKeyboard;
}

/** The notice of `b` as recipient `userId` gets it (their language). */
export type Compose = (b: Broadcast, userId: number) => Promise<Notice>;

/** Why sending stops before a chunk's end. */
export type StopReason = "paused" | "cancelled" | "closing";

/** Sends of one recipient: the first and the retries after an error. */
export const MAX_ATTEMPTS = 3;
/** 429 answers one message may wait out. */
const MAX_WAITS = 10;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Sends `notice` to `chatId` (a photo with its caption, or text), paid when `paid`. */
export async function sendNotice(api: Api, chatId: number, notice: Notice, paid: boolean): Promise<number> {
  const other = { ...(notice.keyboard ? { reply_markup: notice.keyboard } : {}), ...(paid ? { allow_paid_broadcast: true } : {}) };
  const sent = notice.photo
    ? await api.sendPhoto(chatId, notice.photo, { ...(notice.text ? { caption: notice.text, caption_entities: notice.entities } : {}), ...other })
    : await api.sendMessage(chatId, notice.text, { entities: notice.entities, ...other });
  return sent.message_id;
}

export interface SenderOptions {
  /** The Bot API without automatic retries: this sender decides what a 429 or a 5xx means. */
  api: Api;
  store: BroadcastStore;
  pacer: Pacer;
  settings: BroadcastSettings;
  compose: Compose;
  logger: Logger;
  /** Told of every message Telegram accepted. */
  onSent?: () => void;
}

/** Sends recipients their notice and records what came of it. */
export function createSender(opts: SenderOptions) {
  const { api, store, pacer, settings, compose, logger } = opts;

  /** Records an outcome, trying again for a while when the database is out of reach. */
  async function record(b: Broadcast, userId: number, outcome: Outcome, attempts: number, error?: string): Promise<void> {
    for (let i = 0; ; i++) {
      try {
        return await store.record(b.id, userId, outcome, attempts, error);
      } catch (err) {
        if (i >= 4) throw err;
        logger.warn({ err, broadcast: b.id, user: userId }, "broadcast outcome not recorded yet");
        await sleep(250 * 2 ** i);
      }
    }
  }

  /**
   * Sends one recipient their notice; returns the outcome recorded, or why it was not sent (`stop`
   * asked once the turn came: the recipient stays pending).
   */
  async function deliver(b: Broadcast, userId: number, stop?: () => Promise<StopReason | undefined>): Promise<Outcome | StopReason> {
    const perSecond = b.paid ? settings.paidRatePerSecond : settings.ratePerSecond;
    const notice = await compose(b, userId);
    let attempt = 1;
    let waits = 0;
    for (;;) {
      // A pause or cancel that came while waiting for the turn gives the turn up.
      let why: StopReason | undefined;
      const ready = async () => (why = await stop?.()) === undefined;
      if (!(await pacer.take(perSecond, ready))) return why!;
      let failure: { err: unknown } | undefined;
      try {
        await sendNotice(api, userId, notice, b.paid);
      } catch (err) {
        failure = { err };
      }
      if (!failure) {
        // Sent: from here on, whatever happens, it is never sent again by this call.
        opts.onSent?.();
        await record(b, userId, "sent", attempt);
        return "sent";
      }
      const { err } = failure;
      if (err instanceof GrammyError) {
        if (err.error_code === 429 && waits < MAX_WAITS) {
          waits += 1;
          await pacer.pause((err.parameters.retry_after ?? 1) * 1000);
          continue;
        }
        if (err.error_code === 403) {
          await record(b, userId, "blocked", attempt, err.description);
          return "blocked";
        }
        if (err.error_code === 400) {
          await record(b, userId, "failed", attempt, err.description);
          return "failed";
        }
      }
      if (attempt >= MAX_ATTEMPTS) {
        await record(b, userId, "failed", attempt, err instanceof Error ? err.message : String(err));
        return "failed";
      }
      logger.debug({ err, broadcast: b.id, user: userId, attempt }, "broadcast send failed, trying again");
      await sleep(500 * 2 ** (attempt - 1));
      attempt += 1;
    }
  }

  return {
    deliver,
    /**
     * Sends `b` to those of `userIds` still pending, one after another; before each, `stop` may end
     * the chunk (its reason is returned; the rest stay pending). "done" when every one was answered.
     */
    async chunk(b: Broadcast, userIds: number[], stop: () => Promise<StopReason | undefined>): Promise<"done" | StopReason> {
      const pending = await store.pendingAmong(b.id, userIds);
      for (const userId of userIds) {
        if (!pending.has(userId)) continue;
        const why = (await stop()) ?? (await deliver(b, userId, stop));
        if (why === "paused" || why === "cancelled" || why === "closing") return why;
      }
      return "done";
    },
  };
}

/** What `createSender` returns. */
export type Sender = ReturnType<typeof createSender>;
