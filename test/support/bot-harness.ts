/**
 * The real bot, as `npm start` builds it, pointed at our fake Bot API (through TELEGRAM_API_ROOT)
 * and at the sandbox aggregators, with real Redis (a key prefix of its own) and real PostgreSQL (a
 * schema of its own).
 */
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import type { Logger } from "pino";
import { type App, type AppOptions, createApp } from "../../src/bot/app.js";
import { loadConfig } from "../../src/config.js";
import { createLogger } from "../../src/log.js";
import { type Sandbox, startSandbox } from "../../src/sandbox/server.js";
import { openPostgresForTest, TEST_DATABASE_URL, type TestDb } from "./db.js";
import { type FakeBotApi, type FakeUser, startFakeBotApi } from "../../src/playground/bot-api.js";

export const BOT_TOKEN = "123456:TEST-fake-token-for-renew-bot";
export const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
/** The webhook secret of the tests' webhook mode (32 characters or more, as the settings require). */
export const WEBHOOK_SECRET = "e2e-secret-0123456789abcdef0123456789";

export interface Harness {
  fake: FakeBotApi;
  sandbox: Sandbox;
  app: App;
  db: TestDb;
  redis: Redis;
  prefix: string;
  money: App["deps"]["services"]["money"];
  /** Funds a user's wallet (rupees). */
  fund(userId: number, rupees: number): Promise<void>;
  stop(): Promise<void>;
}

export interface HarnessOptions {
  name: string;
  env?: Record<string, string>;
  mode?: "polling" | "webhook";
  sandbox?: boolean;
  /** More options of the app (e.g. a short webhook budget). */
  app?: Partial<AppOptions>;
  /** Where the bot's log goes (silent when unset). */
  log?: { write(line: string): void };
  /** The bot's logger (silent unless given). */
  logger?: Logger;
}

export async function startHarness(opts: HarnessOptions): Promise<Harness> {
  const sandbox = await startSandbox({ khaltiToken: "TEST:e2e-khalti", globaltopupToken: "e2e-gtu" });
  const fake = await startFakeBotApi({ token: BOT_TOKEN });
  const db = await openPostgresForTest(opts.name);
  const prefix = `t:${opts.name}:${randomBytes(3).toString("hex")}:`;
  const config = loadConfig({
    BOT_TOKEN,
    TELEGRAM_API_ROOT: fake.url,
    KHALTI_BASE_URL: sandbox.khaltiBaseUrl,
    KHALTI_TOKEN: "TEST:e2e-khalti",
    GLOBALTOPUP_BASE_URL: sandbox.globaltopupBaseUrl,
    GLOBALTOPUP_TOKEN: "e2e-gtu",
    UPSTREAM_COMMIT_TIMEOUT_MS: "1000",
    UPSTREAM_LOOKUP_TIMEOUT_MS: "2000",
    REDIS_URL,
    REDIS_PREFIX: prefix,
    RECONCILE_DELAY_SECONDS: "0",
    NODE_ENV: "test",
    DATABASE_URL: TEST_DATABASE_URL,
    ...(opts.mode === "webhook" ? { WEBHOOK_URL: "https://bot.example.test/tg/webhook", WEBHOOK_SECRET } : {}),
    ...opts.env,
  });
  const logger = opts.logger ?? createLogger(opts.log ? "info" : "silent", [BOT_TOKEN], opts.log);
  const app = await createApp({
    config,
    logger,
    db: db.db,
    sandbox: opts.sandbox ?? false,
    jobIntervals: { reconcileMs: 250, notifyMs: 250, idleMs: 250 },
    ...opts.app,
  });
  if (opts.mode === "webhook") await app.startWebhook({ port: 0, setWebhook: true });
  else await app.startPolling();
  const redis = new Redis(REDIS_URL);
  const money = app.deps.services.money;
  return {
    fake,
    sandbox,
    app,
    db,
    redis,
    prefix,
    money,
    async fund(userId, rupees) {
      await money.grant({ userId, amountPaisa: rupees * 100, adminId: "test" });
    },
    async stop() {
      await app.stop();
      await fake.close();
      await sandbox.close();
      await db.drop();
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
    },
  };
}

/** The text of the bot's latest message to this user, after edits. */
export function lastText(user: FakeUser): string {
  return user.lastBotMessage()?.text ?? "";
}

/** Waits until the user's latest bot message satisfies `check` (edits included). */
export async function until(fake: FakeBotApi, check: () => boolean, what: string, timeoutMs = 8000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) {
      const recent = fake.calls.slice(-6).map((c) => `${c.method} ${JSON.stringify(c.params).slice(0, 300)}`).join("\n");
      throw new Error(`timed out waiting for ${what}; recent calls:\n${recent}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * The user's latest bot message and the callback data of its button whose text matches `label`
 * (to press it later, as a client that kept an old keyboard would).
 */
export function buttonOf(user: FakeUser, label: RegExp | string): { msg: NonNullable<ReturnType<FakeUser["lastBotMessage"]>>; data: string } {
  const msg = user.lastBotMessage();
  if (!msg) throw new Error("no bot message to press a button on");
  const button = user.buttons(msg).find((b) => (typeof label === "string" ? b.text === label : label.test(b.text)));
  if (!button?.data) throw new Error(`no button ${label} in: ${user.buttons(msg).map((b) => b.text).join(" | ")}`);
  return { msg, data: button.data };
}

/** Presses the button whose text matches `label` on the user's latest bot message. */
export function press(user: FakeUser, label: RegExp | string): void {
  const { msg, data } = buttonOf(user, label);
  user.pressButton(msg, data);
}
