/**
 * Broadcasts' parts: the button codecs (strict), the paid option's estimate, the pacer (in memory,
 * and in Redis shared by two senders) and the store's audiences on PGlite.
 */
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { translator } from "../src/bot/app.js";
import { broadcastButton, muteButton } from "../src/bot/features/broadcast/callbacks.js";
import { duration, paidEstimate } from "../src/bot/features/broadcast/screens.js";
import { makeUi } from "../src/bot/ui.js";
import { memoryPacer, type Pacer, redisPacer } from "../src/broadcast/pacer.js";
import { createBroadcastStore } from "../src/broadcast/store.js";
import { fieldsOf } from "../src/bot/codec.js";
import { REDIS_URL } from "./support/bot-harness.js";
import { openPgliteForTest } from "./support/db.js";

const decode = <T>(codec: { prefix: string; decode(f: string[]): T | undefined }, raw: string) => {
  const fields = fieldsOf(codec.prefix, raw);
  return fields ? codec.decode(fields) : undefined;
};

describe("broadcast buttons", () => {
  it("decode only what the bot makes", () => {
    for (const v of [
      { id: 12, step: { verb: "go" } },
      { id: 12, step: { verb: "isps", page: 3 } },
      { id: 12, step: { verb: "isp", isp: "world-fiber-net" } },
      { id: 9, step: { verb: "stop" } },
    ] as const) {
      expect(decode(broadcastButton, broadcastButton.encode(v))).toEqual(v);
    }
    for (const raw of ["bc", "bc:12", "bc:0:go", "bc:12:send", "bc:12:go:1", "bc:12:isp", "bc:12:isp:World", "bc:12:isps:x", "bc:12:isps", "bc:-1:go", "bcx:12:go"]) {
      expect(decode(broadcastButton, raw)).toBeUndefined();
    }
    expect(decode(muteButton, muteButton.encode({ id: 5, mute: true }))).toEqual({ id: 5, mute: true });
    expect(decode(muteButton, "mu:5:on")).toEqual({ id: 5, mute: false });
    for (const raw of ["mu:5", "mu:5:yes", "mu:5:on:1", "mu:a:on"]) expect(decode(muteButton, raw)).toBeUndefined();
  });
});

describe("the paid option's estimate", () => {
  it("counts the messages above the free 30 a second, at 0.1 Star each, and the time saved", () => {
    const settings = { ratePerSecond: 25, allowPaid: true, paidRatePerSecond: 1000 };
    expect(paidEstimate(100_000, settings)).toEqual({ stars: 9700, normalSeconds: 4000, paidSeconds: 100, savedSeconds: 3900 });
    // Within one second's free 30: nothing to pay.
    expect(paidEstimate(30, settings).stars).toBe(0);
    expect(paidEstimate(1_234, settings).stars).toBe(118);
    const ui = makeUi("en", translator("src/locales"), false);
    expect([duration(ui, 4000), duration(ui, 100), duration(ui, 0.2)]).toEqual(["1 h 6 min", "1 min 40 s", "1 s"]);
  });
});

/** Takes `n` turns from `pacers` (round robin, all at once) and returns when each turn was given. */
async function turns(pacers: Pacer[], n: number, perSecond: number): Promise<number[]> {
  const at: number[] = [];
  await Promise.all(
    Array.from({ length: n }, async (_, i) => {
      await pacers[i % pacers.length]!.take(perSecond);
      at.push(performance.now());
    }),
  );
  return at.sort((a, b) => a - b);
}

/**
 * The most turns in any one second, as this process saw them: the pacer counts by Redis's clock, and
 * a reply can reach us a little late, so the second is taken 50 ms short.
 */
const busiestSecond = (at: number[]) => Math.max(...at.map((t) => at.filter((u) => u >= t && u < t + 950).length));

describe("the pacer", () => {
  const redis = new Redis(REDIS_URL);
  const key = `test:pace:${randomBytes(3).toString("hex")}`;
  afterAll(async () => {
    const keys = await redis.keys(`${key}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  it("spaces turns evenly, never more than the rate in a second (memory)", async () => {
    const at = await turns([memoryPacer()], 120, 80);
    expect(at.at(-1)! - at[0]!).toBeGreaterThan(1400);
    expect(busiestSecond(at)).toBeLessThanOrEqual(80);
  });

  it("is one rate for every sender sharing it in Redis, and a pause stops them all", async () => {
    const other = new Redis(REDIS_URL);
    try {
      const a = redisPacer(redis, key);
      const b = redisPacer(other, key);
      const at = await turns([a, b], 120, 80);
      expect(at.at(-1)! - at[0]!).toBeGreaterThan(1400);
      expect(busiestSecond(at)).toBeLessThanOrEqual(80);
      // Telegram said "retry after 1": nobody's turn comes within the second.
      const paused = performance.now();
      await a.pause(1000);
      await b.take(80);
      expect(performance.now() - paused).toBeGreaterThanOrEqual(950);
    } finally {
      other.disconnect();
    }
  });
});

describe("the store's audiences (PGlite)", () => {
  it("everyone reachable; the agents; an ISP's customers without those who muted it or blocked the bot", async () => {
    const t = await openPgliteForTest();
    try {
      const store = createBroadcastStore(t.db);
      for (const u of [1, 2, 3, 4]) await store.seen(u);
      await t.db.query("INSERT INTO saved_accounts (user_id, name, isp, account) VALUES (1, 'a', 'vianet', 'x'), (2, 'a', 'vianet', 'y'), (3, 'a', 'vianet', 'z'), (5, 'a', 'subisu', 'w')");
      await t.db.query("INSERT INTO agents (user_id, added_by) VALUES (4, 'test')");
      await store.setMuted(2, "vianet", true);
      const draft = await store.createDraft({ createdBy: 9, chatId: 9, text: "x" });
      await store.address(draft.id, 9, { kind: "isp", isp: "vianet" });
      const b = (await store.start(draft.id, 9, 1))!;
      await store.record(b.id, 3, "blocked", 1, "Forbidden: bot was blocked by the user");
      expect(await store.isBlocked(3)).toBe(true);
      expect(await store.audienceSize({ kind: "all" })).toBe(3);
      expect(await store.audienceSize({ kind: "agents" })).toBe(1);
      expect(await store.audienceSize({ kind: "isp", isp: "vianet" })).toBe(1);
      expect(await store.ispAudiences()).toEqual([
        { isp: "subisu", people: 1 },
        { isp: "vianet", people: 1 },
      ]);
      await store.seen(3);
      expect(await store.isBlocked(3)).toBe(false);
      expect(await store.counts(b.id)).toMatchObject({ pending: 1, blocked: 1, sent: 0 });
      expect(await store.start(draft.id, 9, 1)).toBeUndefined();
    } finally {
      await t.drop();
    }
  });
});
