/**
 * A card top-up is never dropped: Telegram has taken the customer's money when `successful_payment`
 * arrives, and says so once. Crediting the wallet is tried at once; when it fails (the database is
 * down), the charge is logged as an error with its id and amount and kept in a pending list (Redis, so
 * any process's job finds it; memory without Redis), and the `topups` job tries again until it lands.
 * A charge credits once whatever happens (the journal's once-per-external-id rule).
 */
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import type { Money } from "../money/index.js";

/** A charge to credit: who paid, how much, under which Telegram charge id. */
export interface TopUpCredit {
  userId: number;
  chatId: number;
  amountPaisa: number;
  chargeId: string;
  invoiceId: string;
}

/** Charges whose credit has not landed yet. */
export interface PendingCredits {
  add(c: TopUpCredit): Promise<void>;
  all(): Promise<TopUpCredit[]>;
  remove(chargeId: string): Promise<void>;
}

export function redisPendingCredits(redis: Redis, key: string): PendingCredits {
  return {
    add: async (c) => void (await redis.hset(key, c.chargeId, JSON.stringify(c))),
    all: async () => Object.values(await redis.hgetall(key)).map((v) => JSON.parse(v) as TopUpCredit),
    remove: async (chargeId) => void (await redis.hdel(key, chargeId)),
  };
}

export function memoryPendingCredits(): PendingCredits {
  const pending = new Map<string, TopUpCredit>();
  return {
    add: async (c) => void pending.set(c.chargeId, c),
    all: async () => [...pending.values()],
    remove: async (chargeId) => void pending.delete(chargeId),
  };
}

/** The outcome of one try: credited now, credited before (the same charge again), or kept to retry. */
export type Landing = "credited" | "seen" | "pending";

export function createTopUpCredits(money: Money, pending: PendingCredits, logger: Logger) {
  async function land(c: TopUpCredit): Promise<Landing> {
    try {
      const { credited } = await money.topUp({ userId: c.userId, amountPaisa: c.amountPaisa, externalId: c.chargeId, memo: `invoice ${c.invoiceId}` });
      return credited ? "credited" : "seen";
    } catch (err) {
      logger.error({ err, chargeId: c.chargeId, amountPaisa: c.amountPaisa, userId: c.userId }, "top-up not credited yet: it will be tried again");
      await pending.add(c).catch((e: unknown) => logger.error({ err: e, chargeId: c.chargeId, amountPaisa: c.amountPaisa }, "top-up could not be queued"));
      return "pending";
    }
  }
  return {
    land,
    /** Tries every pending charge again; calls `landed` for each one credited now. */
    async retry(landed: (c: TopUpCredit) => Promise<void>): Promise<number> {
      let done = 0;
      for (const c of await pending.all()) {
        const r = await land(c);
        if (r === "pending") continue;
        await pending.remove(c.chargeId);
        if (r === "credited") {
          done += 1;
          await landed(c).catch((err: unknown) => logger.warn({ err, chargeId: c.chargeId }, "top-up credited; the payer was not told"));
        }
      }
      return done;
    },
  };
}

export type TopUpCredits = ReturnType<typeof createTopUpCredits>;
