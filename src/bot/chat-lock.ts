/**
 * Updates of one chat, one at a time across processes. `sequentialize` orders a chat's updates
 * inside one process; with several webhook processes behind a load balancer, two updates of one chat
 * could otherwise read and write its session at the same time, and one write would undo the other.
 * The lock is a Redis key per chat (SET NX with a random token and an expiry, released only by its
 * holder), taken before the session is read and released after it is written.
 */
import { randomBytes } from "node:crypto";
import type { Middleware } from "grammy";
import type { Redis } from "ioredis";
import type { BotContext } from "./context.js";

/** Deletes KEYS[1] only while it holds ARGV[1] (this holder's token). */
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`;

export interface ChatLockOptions {
  redis: Redis;
  /** Key prefix; the lock of chat 42 is `<prefix>lock:42`. */
  prefix: string;
  /** Longest an update may hold its chat (a crashed holder's lock expires after this). */
  holdMs: number;
  /** Longest an update waits for its chat before giving up with an error (Telegram sends it again). */
  waitMs: number;
}

/** Thrown when a chat stays locked longer than `waitMs`. */
export class ChatBusy extends Error {
  constructor(chatId: number) {
    super(`chat ${chatId} is busy in another process`);
    this.name = "ChatBusy";
  }
}

export function chatLock(opts: ChatLockOptions): Middleware<BotContext> {
  const { redis } = opts;
  return async (ctx, next) => {
    const chatId = ctx.chatId;
    if (chatId === undefined) return next();
    const key = `${opts.prefix}lock:${chatId}`;
    const token = randomBytes(9).toString("base64url");
    const giveUpAt = Date.now() + opts.waitMs;
    let pause = 5;
    while ((await redis.set(key, token, "PX", opts.holdMs, "NX")) !== "OK") {
      if (Date.now() > giveUpAt) throw new ChatBusy(chatId);
      await new Promise((r) => setTimeout(r, pause));
      pause = Math.min(pause * 2, 100);
    }
    try {
      await next();
    } finally {
      await redis.eval(RELEASE, 1, key, token);
    }
  };
}
