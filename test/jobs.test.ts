/**
 * Background jobs: the scheduler on real Redis (BullMQ, two "processes" on one prefix) and on timers;
 * the idle sweeper and the payer notifier going on past a chat that fails (real Redis, PostgreSQL,
 * and our Bot API emulator refusing that chat).
 */
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { Queue } from "bullmq";
import { Api } from "grammy";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { redisActivity } from "../src/bot/activity.js";
import { translator } from "../src/bot/app.js";
import type { BotDeps, SessionData } from "../src/bot/context.js";
import { createChatStorage } from "../src/bot/storage.js";
import { createIdleSweeper } from "../src/jobs/idle.js";
import { bullScheduler, type Scheduler, timerScheduler } from "../src/jobs/scheduler.js";
import { createLogger } from "../src/log.js";
import { createMoney } from "../src/money/index.js";
import { startFakeBotApi } from "../src/playground/bot-api.js";
import { createDraftStore } from "../src/store/drafts.js";
import { lastText, REDIS_URL, startHarness, until } from "./support/bot-harness.js";
import { openPostgresForTest } from "./support/db.js";

const redis = new Redis(REDIS_URL);
const prefix = `test:jobs:${randomBytes(3).toString("hex")}:`;
afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
});

/** A logger whose warnings and errors are kept, parsed, in `lines`. */
function captured() {
  const lines: Array<Record<string, unknown>> = [];
  const logger = createLogger("warn", [], { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
  return { lines, logger };
}

async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 8000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("the scheduler with Redis (BullMQ), shared by processes", () => {
  const bull = `${prefix}bull`;
  /** What Redis holds about a job's schedule, as any process sees it. */
  async function scheduleOf(name: string) {
    const queue = new Queue(name, { connection: redis, prefix: bull });
    try {
      return await queue.getJobScheduler(name);
    } finally {
      await queue.close();
    }
  }
  const open: Scheduler[] = [];
  const start = (logger = captured().logger) => {
    const s = bullScheduler(REDIS_URL, prefix, logger);
    open.push(s);
    return s;
  };
  afterAll(async () => {
    for (const s of open) await s.close();
  });

  it("a process that stops leaves the schedule to the others, which keep running the job", async () => {
    const a = start();
    const b = start();
    const runs = { a: 0, b: 0 };
    await a.every("tick", 100, async () => void (runs.a += 1));
    await b.every("tick", 100, async () => void (runs.b += 1));
    await waitFor(() => runs.a + runs.b >= 3, "the first runs");
    await a.close();
    expect(await scheduleOf("tick")).toMatchObject({ every: 100 });
    const before = runs.b;
    await waitFor(() => runs.b >= before + 3, "runs by the process still up");
    expect(await scheduleOf("tick")).toMatchObject({ every: 100 });
  });

  it("a newer process registering a job with another interval changes its schedule", async () => {
    const older = start();
    const newer = start();
    let runs = 0;
    await older.every("tock", 60_000, async () => void (runs += 1));
    // The first run comes at once; at one a minute there would be no second for a while.
    await waitFor(() => runs >= 1, "the first run");
    await newer.every("tock", 100, async () => void (runs += 1));
    expect(await scheduleOf("tock")).toMatchObject({ every: 100 });
    await waitFor(() => runs >= 4, "runs at the new interval", 3000);
  });

  it("a job a process does not know is left, neither failed nor taken, to the processes that know it", async () => {
    const knows = start();
    await knows.every("beat", 100, async () => {});
    await knows.every("other", 100, async () => {});
    await knows.close();
    // Only a process that does not know "other" runs now.
    const log = captured();
    const unaware = start(log.logger);
    let beats = 0;
    await unaware.every("beat", 100, async () => void (beats += 1));
    await waitFor(() => beats >= 5, "beats");
    const queue = new Queue("other", { connection: redis, prefix: bull });
    try {
      const jobs = await queue.getJobs(["waiting", "delayed", "prioritized", "active"]);
      expect(jobs).toHaveLength(1);
      // Its time came long ago, and nobody took it.
      expect(jobs[0]!.processedOn).toBeUndefined();
      expect(jobs[0]!.timestamp + (jobs[0]!.opts.delay ?? 0)).toBeLessThan(Date.now() - 300);
      expect(await queue.getJobCounts("failed", "completed")).toEqual({ failed: 0, completed: 0 });
    } finally {
      await queue.close();
    }
    expect(log.lines).toEqual([]);
    // A process that knows it runs it.
    let others = 0;
    await start().every("other", 100, async () => void (others += 1));
    await waitFor(() => others >= 2, "runs of the job by a process that knows it");
  });
});

describe("the scheduler without Redis (timers)", () => {
  it("never overlaps a job's runs, goes on after a failure, and waits for the run in hand when closed", async () => {
    const log = captured();
    const scheduler = timerScheduler(log.logger);
    let running = 0;
    let most = 0;
    let runs = 0;
    await scheduler.every("slow", 20, async () => {
      runs += 1;
      running += 1;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, 100));
      running -= 1;
      if (runs === 1) throw new Error("first run fails");
    });
    await waitFor(() => runs >= 3, "three runs");
    await scheduler.close();
    expect(running).toBe(0);
    expect(most).toBe(1);
    expect(log.lines).toMatchObject([{ job: "slow", msg: "job failed", err: { message: "first run fails" } }]);
    const after = runs;
    await new Promise((r) => setTimeout(r, 100));
    expect(runs).toBe(after);
  });
});

describe("the idle sweeper", () => {
  const TOKEN = "123456:jobs-test-token";
  const openDialogue = (lang: string): SessionData =>
    ({ __language_code: lang, convo: { state: { renew: [{ replay: { receive: [] } }] } } }) as unknown as SessionData;

  it("goes on past a chat that fails, logs it with its id, and closes it on a later sweep", async () => {
    const fake = await startFakeBotApi({ token: TOKEN });
    const test = await openPostgresForTest("jobs_idle");
    try {
      const storage = createChatStorage({ redis, prefix });
      const activity = redisActivity(redis, `${prefix}idle`);
      const log = captured();
      const deps = {
        config: { bot: { idleSeconds: 0 } },
        activity,
        drafts: createDraftStore(test.db),
        t: translator(join(import.meta.dirname, "..", "src", "locales")),
        sandbox: false,
        logger: log.logger,
      } as unknown as BotDeps;
      // Swept in this order: a session that cannot be read, a chat that refuses messages, a plain one.
      const [broken, refusing, plain] = [7_100_001, 7_100_002, 7_100_003];
      for (const chat of [broken, refusing, plain]) fake.user(chat);
      await redis.set(storage.sessionKey(broken), "{not json");
      await storage.session.write(storage.sessionKey(refusing), openDialogue("en"));
      await storage.session.write(storage.sessionKey(plain), openDialogue("en"));
      for (const chat of [broken, refusing, plain]) await activity.touch(chat);
      fake.failChat(refusing, { errorCode: 400, description: "Bad Request: chat not found" });
      const sweep = createIdleSweeper(deps, new Api(TOKEN, { apiRoot: fake.url }), storage);

      expect(await sweep()).toBe(2);
      const told = () => fake.calls.filter((c) => c.method === "sendMessage" && !c.error).map((c) => c.params.chat_id);
      expect(told()).toEqual([plain]);
      for (const chat of [refusing, plain]) expect(((await storage.session.read(storage.sessionKey(chat))) as SessionData).convo).toBeUndefined();
      expect(log.lines).toMatchObject([
        { chatId: broken, msg: "idle dialogue not closed yet" },
        { chatId: refusing, msg: "idle notice not sent" },
      ]);

      // The broken chat is watched again; once its session reads, a later sweep closes it.
      await storage.session.write(storage.sessionKey(broken), openDialogue("en"));
      expect(await sweep()).toBe(1);
      expect(told()).toEqual([plain, broken]);
    } finally {
      await fake.close();
      await test.drop();
    }
  });
});

describe("the payer notifier (the whole bot, jobs on BullMQ)", () => {
  it("tells the other payers when one chat refuses its message, and that one on a later sweep", async () => {
    const log = captured();
    const h = await startHarness({ name: "jobs", logger: log.logger });
    try {
      const payers = [8_100_001, 8_100_002, 8_100_003].map((id) => h.fake.user(id, { firstName: "Sita" }));
      const upstream = h.app.deps.services.upstream;
      h.sandbox.injectFault({ fault: "queued", on: "commit", settleAfterMs: 3_600_000, times: payers.length });
      const payments = [];
      for (const user of payers) {
        await h.fund(user.id, 10_000);
        const lookup = await upstream.lookup("worldlink", "online_renew");
        const { payment } = await h.money.pay({ key: `jobs-${user.id}`, payerUserId: user.id, lookup, optionKey: "pkg-1888314" });
        expect(payment.state).toBe("pending");
        payments.push(payment);
      }
      // The first payer's chat refuses messages (not a block: a 400).
      const lift = h.fake.failChat(payers[0]!.id);
      // Another process (an admin's CLI) refunds all three: only the notifier's sweep tells the payers.
      const elsewhere = createMoney({ db: h.db.db, upstream, reconcileDelaySeconds: 0, staleSubmittedSeconds: 3600 });
      for (const p of payments) await elsewhere.resolve({ reference: p.reference, adminId: 1, outcome: "failed" });

      const told = /Your pending payment of Rs 4,915.00 .* did not go through/;
      await until(h.fake, () => payers.slice(1).every((u) => told.test(lastText(u))), "the other payers told", 10_000);
      expect(lastText(payers[0]!)).toBe("");
      expect((await h.money.unnotified()).map((p) => p.id)).toEqual([payments[0]!.id]);
      expect(log.lines).toContainEqual(expect.objectContaining({ payment: payments[0]!.id, msg: "payer not told yet" }));

      lift();
      await until(h.fake, () => told.test(lastText(payers[0]!)), "the first payer told on a later sweep", 10_000);
      expect(await h.money.unnotified()).toEqual([]);
      // Each payer was told once.
      for (const user of payers) expect(h.fake.messages(user.id).filter((m) => m.fromBot && told.test(m.text ?? ""))).toHaveLength(1);
    } finally {
      await h.stop();
    }
  });
});
