/**
 * Broadcasts across real bot processes (`src/main.ts` as child processes) sharing Redis and
 * PostgreSQL, against the Bot API emulator:
 * - a process killed half-way (SIGKILL): after the restart the broadcast resumes, and nobody
 *   recorded as sent gets it again; only the messages in flight at the kill may repeat. With BullMQ
 *   over Redis, and in-process without Redis;
 * - two processes share one broadcast and together stay within the limit the emulator enforces.
 */
import { randomBytes } from "node:crypto";
import { Api } from "grammy";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBroadcaster, lanes } from "../src/broadcast/engine.js";
import { type Broadcast, createBroadcastStore } from "../src/broadcast/store.js";
import { loadConfig } from "../src/config.js";
import { createLogger } from "../src/log.js";
import { type FakeBotApi, startFakeBotApi } from "../src/playground/bot-api.js";
import { type Sandbox, startSandbox } from "../src/sandbox/server.js";
import { BOT_TOKEN, REDIS_URL } from "./support/bot-harness.js";
import { type BotProcess, schemaUrl, sentBy, startBotProcess } from "./support/bot-process.js";
import { openPostgresForTest, TEST_DATABASE_URL, type TestDb } from "./support/db.js";

const ADMIN = 9_900_001;
const USERS = Array.from({ length: 600 }, (_, i) => 8_100_001 + i);

let fake: FakeBotApi;
let sandbox: Sandbox;
let pg: TestDb;
let redis: Redis;
const prefix = `t:bcproc:${randomBytes(3).toString("hex")}:`;
const running: BotProcess[] = [];

beforeAll(async () => {
  fake = await startFakeBotApi({ token: BOT_TOKEN });
  sandbox = await startSandbox({ khaltiToken: "TEST:bc", globaltopupToken: "bc" });
  pg = await openPostgresForTest("bcproc");
  redis = new Redis(REDIS_URL);
  await pg.db.query("INSERT INTO bot_users (user_id) SELECT unnest($1::bigint[])", [USERS]);
});
afterAll(async () => {
  for (const p of running) await p.kill();
  await fake?.close();
  await sandbox?.close();
  await pg?.drop();
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
  redis?.disconnect();
});

/** A bot process on this file's emulator, database and (unless `redis` is false) Redis. */
function bot(env: Record<string, string>, opts: { redis?: boolean } = {}): BotProcess {
  const p = startBotProcess({
    BOT_TOKEN,
    TELEGRAM_API_ROOT: fake.url,
    KHALTI_BASE_URL: sandbox.khaltiBaseUrl,
    KHALTI_TOKEN: "TEST:bc",
    DATABASE_URL: schemaUrl(TEST_DATABASE_URL, pg.schema!),
    ADMIN_IDS: String(ADMIN),
    ...(opts.redis === false ? {} : { REDIS_URL, REDIS_PREFIX: prefix }),
    ...env,
  });
  running.push(p);
  return p;
}

/** A broadcast to everyone, started and queued as the admin's Send button does. */
async function broadcast(text: string, ratePerSecond: number, withRedis: boolean): Promise<Broadcast> {
  const config = loadConfig({ REDIS_URL, REDIS_PREFIX: prefix, DATABASE_URL: TEST_DATABASE_URL, BROADCAST_RATE_PER_SECOND: String(ratePerSecond) });
  const store = createBroadcastStore(pg.db);
  const broadcaster = createBroadcaster({ store, settings: config.broadcast, logger: createLogger("silent", []), redis: withRedis ? config.redis : undefined });
  try {
    const progress = await new Api(BOT_TOKEN, { apiRoot: fake.url }).sendMessage(ADMIN, "progress");
    const draft = await store.createDraft({ createdBy: ADMIN, chatId: ADMIN, text });
    await store.address(draft.id, ADMIN, { kind: "all" });
    const b = (await store.start(draft.id, ADMIN, progress.message_id))!;
    await broadcaster.enqueue(b);
    return b;
  } finally {
    await broadcaster.close();
  }
}

/** How many times each user was sent `text` (accepted by the emulator). */
function received(text: string): Map<number, number> {
  const got = new Map<number, number>();
  for (const c of fake.calls) {
    if (c.method === "sendMessage" && c.result && c.params.text === text) got.set(Number(c.params.chat_id), (got.get(Number(c.params.chat_id)) ?? 0) + 1);
  }
  return got;
}
const total = (m: Map<number, number>) => [...m.values()].reduce((a, b) => a + b, 0);

async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs: number, p?: BotProcess): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${p ? `\n${p.output().slice(-3000)}` : ""}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const reported = (id: number) => fake.calls.some((c) => c.method === "sendMessage" && c.params.chat_id === ADMIN && new RegExp(`Broadcast #${id} finished`).test(String(c.params.text)));

describe("a bot process killed half-way through a broadcast", () => {
  it.each([
    ["BullMQ over Redis", true],
    ["in-process, without Redis", false],
  ] as const)("resumes after the restart, repeating only the messages in flight at the kill (%s)", async (_name, withRedis) => {
    const text = `Crash test notice (${withRedis ? "redis" : "memory"})`;
    const rate = 60;
    const b = await broadcast(text, rate, withRedis);
    const env = { BROADCAST_RATE_PER_SECOND: String(rate) };
    const first = bot(env, { redis: withRedis });
    await waitFor(() => total(received(text)) >= 150, "150 notices from the first process", 30_000, first);
    await first.kill();
    const deliveredAtKill = received(text);
    const recorded = await pg.db.query<{ user_id: number }>("SELECT user_id FROM broadcast_recipients WHERE broadcast_id = $1 AND state = 'sent'", [b.id]);
    const recordedAtKill = new Set(recorded.rows.map((r) => Number(r.user_id)));
    // In flight at the kill: accepted by Telegram, not yet recorded. At most one per lane.
    const inFlight = [...deliveredAtKill.keys()].filter((u) => !recordedAtKill.has(u));
    expect(inFlight.length).toBeLessThanOrEqual(lanes(loadConfig(env).broadcast));
    expect(recordedAtKill.size).toBeGreaterThanOrEqual(150 - inFlight.length);
    expect(recordedAtKill.size).toBeLessThan(USERS.length);

    const second = bot(env, { redis: withRedis });
    await waitFor(() => reported(b.id), "the final report after the restart", 60_000, second);
    await second.stop();
    const got = received(text);
    // Everyone got it; the only ones who got it twice were in flight at the kill.
    expect(USERS.filter((u) => !got.has(u))).toEqual([]);
    const twice = [...got].filter(([, n]) => n > 1).map(([u]) => u);
    expect(twice.filter((u) => !inFlight.includes(u))).toEqual([]);
    expect([...got.values()].every((n) => n <= 2)).toBe(true);
    const states = await pg.db.query<{ state: string; n: number }>("SELECT state, count(*)::int AS n FROM broadcast_recipients WHERE broadcast_id = $1 GROUP BY state", [b.id]);
    expect(states.rows).toEqual([{ state: "sent", n: USERS.length }]);
  }, 120_000);
});

describe("two bot processes", () => {
  it("share one broadcast and together stay within the limit", async () => {
    const text = "Two processes notice";
    fake.rateLimit({ perSecond: 80 });
    try {
      const env = { BROADCAST_RATE_PER_SECOND: "72" };
      const a = bot(env);
      const c = bot(env);
      const from = Date.now();
      const b = await broadcast(text, 72, true);
      await waitFor(() => reported(b.id), "the final report", 60_000, a);
      await Promise.all([a.stop(), c.stop()]);
      const got = received(text);
      expect(USERS.filter((u) => got.get(u) !== 1)).toEqual([]);
      // Both processes sent a good share.
      const shares = [sentBy(a), sentBy(c)];
      expect(shares[0]! + shares[1]!).toBe(USERS.length);
      expect(Math.min(...shares)).toBeGreaterThan(USERS.length / 5);
      // Not one message over the limit: the emulator never had to refuse.
      const sends = fake.calls.filter((x) => x.at >= from && x.method === "sendMessage" && x.params.text === text);
      expect(sends.filter((x) => x.error)).toEqual([]);
    } finally {
      fake.rateLimit(undefined);
    }
  }, 90_000);
});
