/**
 * Closing an idle dialogue must not overwrite a session an update wrote after the sweeper read it.
 * The compare-and-set on real Redis (this file's own key prefix) and in memory, then the sweeper
 * itself (memory storage, PGlite drafts, our fake Bot API) with an update racing it.
 */
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { Api } from "grammy";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { memoryActivity } from "../src/bot/activity.js";
import { translator } from "../src/bot/app.js";
import type { BotDeps, SessionData } from "../src/bot/context.js";
import { createIdleSweeper } from "../src/jobs/idle.js";
import { type ChatStorage, createChatStorage } from "../src/bot/storage.js";
import { createLogger } from "../src/log.js";
import { createDraftStore } from "../src/store/drafts.js";
import { REDIS_URL } from "./support/bot-harness.js";
import { openPgliteForTest } from "./support/db.js";
import { startFakeBotApi } from "../src/playground/bot-api.js";

const redis = new Redis(REDIS_URL);
const prefix = `test:storage:${randomBytes(3).toString("hex")}:`;
afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
});

const open = (lang: string): SessionData => ({ __language_code: lang, convo: { state: { renew: [{ replay: { receive: [] } }] } } }) as unknown as SessionData;

describe.each([
  ["redis", () => createChatStorage({ redis, prefix })],
  ["memory", () => createChatStorage({ prefix })],
])("closing a dialogue (%s)", (kind, make) => {
  it("drops the conversation and keeps the rest of an unchanged session", async () => {
    const storage = make();
    const chat = 101;
    await storage.session.write(storage.sessionKey(chat), open("ne"));
    const snap = await storage.snapshot(chat);
    expect(snap?.session.convo).toBeDefined();
    expect(await storage.closeDialogue(chat, snap!)).toBe(true);
    const after = (await storage.session.read(storage.sessionKey(chat))) as SessionData;
    expect(after.convo).toBeUndefined();
    expect(after.__language_code).toBe("ne");
    // The session keeps the expiry the adapter gave it.
    if (kind === "redis") expect(await redis.ttl(storage.sessionKey(chat))).toBeGreaterThan(24 * 3600);
  });

  it("leaves a session an update wrote after the snapshot alone", async () => {
    const storage = make();
    const chat = 102;
    await storage.session.write(storage.sessionKey(chat), open("en"));
    const snap = await storage.snapshot(chat);
    // An update moves the dialogue on (and switches language) before the sweeper writes.
    const newer = open("ne");
    await storage.session.write(storage.sessionKey(chat), newer);
    expect(await storage.closeDialogue(chat, snap!)).toBe(false);
    expect(await storage.session.read(storage.sessionKey(chat))).toEqual(newer);
  });

  it("has nothing to snapshot for a chat without a session", async () => {
    expect(await make().snapshot(103)).toBeUndefined();
  });
});

describe("memory sessions", () => {
  it("expire, and pruning drops the expired ones", async () => {
    const storage = createChatStorage({ prefix, ttlSeconds: 0.05 });
    await storage.session.write(storage.sessionKey(201), open("ne"));
    expect(await storage.prune()).toBe(1);
    await new Promise((r) => setTimeout(r, 80));
    await storage.session.write(storage.sessionKey(202), open("en"));
    expect(await storage.prune()).toBe(1);
    expect(await storage.session.read(storage.sessionKey(201))).toBeUndefined();
  });
});

describe("the idle sweeper", () => {
  const TOKEN = "123456:storage-test-token";

  async function sweepWith(wrap: (real: ChatStorage) => ChatStorage) {
    const fake = await startFakeBotApi({ token: TOKEN });
    const test = await openPgliteForTest();
    try {
      const chat = 7_000_001;
      fake.user(chat, { firstName: "Hari" });
      const real = createChatStorage({ prefix });
      const activity = memoryActivity();
      const deps = {
        config: { bot: { idleSeconds: 0 } },
        activity,
        drafts: createDraftStore(test.db),
        t: translator(join(import.meta.dirname, "..", "src", "locales")),
        sandbox: false,
        logger: createLogger("silent", []),
      } as unknown as BotDeps;
      await real.session.write(real.sessionKey(chat), open("en"));
      await activity.touch(chat);
      const closed = await createIdleSweeper(deps, new Api(TOKEN, { apiRoot: fake.url }), wrap(real))();
      return {
        closed,
        session: (await real.session.read(real.sessionKey(chat))) as SessionData,
        told: fake.calls.filter((c) => c.method === "sendMessage").map((c) => String(c.params.text)),
        watched: await activity.claimIdle(0),
        real,
      };
    } finally {
      await fake.close();
      await test.drop();
    }
  }

  it("closes an idle dialogue and says so", async () => {
    const r = await sweepWith((real) => real);
    expect(r.closed).toBe(1);
    expect(r.session.convo).toBeUndefined();
    expect(r.told).toHaveLength(1);
    expect(r.told[0]).toMatch(/without activity/);
    expect(r.watched).toEqual([]);
  });

  it("leaves alone a chat whose update wrote the session while it was being closed", async () => {
    const newer = open("ne");
    const r = await sweepWith((real) => ({
      ...real,
      // An update of the chat writes its session between the sweeper's read and its write.
      async snapshot(chatId) {
        const snap = await real.snapshot(chatId);
        await real.session.write(real.sessionKey(chatId), newer);
        return snap;
      },
    }));
    expect(r.closed).toBe(0);
    expect(r.session).toEqual(newer);
    expect(r.told).toEqual([]);
    // Watched again from now, so it still times out if it goes quiet.
    expect(r.watched).toEqual([7_000_001]);
  });
});
