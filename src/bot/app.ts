/**
 * The running bot: services, storage, the bot itself, background jobs, and the two ways of taking
 * updates (long polling through @grammyjs/runner, or a webhook server). `stop()` shuts down
 * gracefully: stop taking updates, finish the ones in hand, stop jobs, close Redis and the database.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { BotConfig } from "grammy";
import { FluentBundle, FluentResource } from "@fluent/bundle";
import { I18n } from "@grammyjs/i18n";
import { run, type RunnerHandle } from "@grammyjs/runner";
import { Redis } from "ioredis";
import type { Logger } from "pino";
import type { Config } from "../config.js";
import type { Db } from "../db/index.js";
import { type JobIntervals, type Jobs, startJobs } from "../jobs/index.js";
import type { Upstream } from "../providers/index.js";
import { openServices, type Services } from "../services.js";
import { createAccountStore } from "../store/accounts.js";
import { createDraftStore } from "../store/drafts.js";
import { createAdminStore } from "../store/admin.js";
import { createAgentStore } from "../store/agents.js";
import { createCustomerStore } from "../store/customers.js";
import { createInvoiceStore } from "../store/invoices.js";
import { type Broadcaster, createBroadcaster } from "../broadcast/engine.js";
import { createBroadcastStore } from "../broadcast/store.js";
import { createTopUpCredits, memoryPendingCredits, redisPendingCredits } from "./topup-credits.js";
import { memoryActivity, redisActivity } from "./activity.js";
import { createBot } from "./bot.js";
import { registerCommands } from "./commands.js";
import { khaltiDlrRoute } from "./dlr.js";
import type { BotContext, BotDeps } from "./context.js";
import { createChatStorage, localeIn } from "./storage.js";
import { localeOf } from "./ui.js";
import { createWebhookServer, type WebhookServer } from "./webhook.js";

const LOCALES_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "locales");

/**
 * Formats our texts from the same .ftl files the i18n plugin loads, one Fluent bundle per language
 * (English when a text is missing). The plugin still decides and keeps each chat's language; its
 * own `t` negotiates the language again on every call, which cost 2–4% of the bot's CPU.
 */
export function translator(dir: string): BotDeps["t"] {
  const bundles = new Map<string, FluentBundle>();
  for (const locale of ["en", "ne"]) {
    const bundle = new FluentBundle(locale, { useIsolating: false });
    const errors = bundle.addResource(new FluentResource(readFileSync(join(dir, `${locale}.ftl`), "utf8")));
    if (errors.length) throw new Error(`${locale}.ftl: ${errors.map(String).join("; ")}`);
    bundles.set(locale, bundle);
  }
  const en = bundles.get("en")!;
  return (locale, key, args) => {
    for (const bundle of [bundles.get(locale) ?? en, en]) {
      const message = bundle.getMessage(key);
      if (message?.value) return bundle.formatPattern(message.value, args);
    }
    return `{${key}}`;
  };
}

export interface AppOptions {
  config: Config;
  logger: Logger;
  /** Running against the built-in sandbox. */
  sandbox?: boolean;
  upstream?: Upstream;
  db?: Db;
  botConfig?: BotConfig<BotContext>;
  /** How long a webhook request waits for its update before answering 200 anyway (default from the commit timeout). */
  webhookBudgetMs?: number;
  /** How often background jobs run (ms); tests make them fast. */
  jobIntervals?: JobIntervals;
}

export interface App {
  bot: ReturnType<typeof createBot>;
  deps: BotDeps;
  redis?: Redis;
  /** The webhook server's port, once started. */
  readonly webhookPort?: number;
  /** Long polling with the runner (updates of one chat in order, chats in parallel). */
  startPolling(): Promise<void>;
  /**
   * The webhook server (secret checked on every request) with `GET /health` and, with Khalti
   * enabled, Khalti's delivery reports at `KHALTI_DLR_PATH`. Returns its port.
   */
  startWebhook(opts?: { port?: number; setWebhook?: boolean }): Promise<number>;
  stop(): Promise<void>;
}

export async function createApp(opts: AppOptions): Promise<App> {
  const { config, logger } = opts;
  const redis = config.redis ? new Redis(config.redis.url, { maxRetriesPerRequest: 3, lazyConnect: false }) : undefined;
  const prefix = config.redis?.prefix ?? "renew:";
  let services: Services | undefined;
  let broadcasts: Broadcaster | undefined;
  try {
    services = await openServices(config, { upstream: opts.upstream, db: opts.db, mode: opts.sandbox ? "sandbox" : "aggregators" });
    const i18n = new I18n<BotContext>({
      defaultLocale: "en",
      useSession: true,
      directory: LOCALES_DIR,
      fluentBundleOptions: { useIsolating: false },
      localeNegotiator: (ctx) => localeOf({ session: ctx.session, from: ctx.from }),
    });
    const storage = createChatStorage({ redis, prefix });
    const t = translator(LOCALES_DIR);
    broadcasts = createBroadcaster({ store: createBroadcastStore(services.db), settings: config.broadcast, logger, redis: config.redis });
    const deps: BotDeps = {
      config,
      services,
      t,
      drafts: createDraftStore(services.db),
      accounts: createAccountStore(services.db),
      invoices: createInvoiceStore(services.db),
      agents: createAgentStore(services.db),
      broadcasts,
      admin: createAdminStore(services.db),
      languageOf: (userId) => localeIn(storage, userId),
      customers: createCustomerStore(services.db),
      topUps: createTopUpCredits(services.money, redis ? redisPendingCredits(redis, `${prefix}topups`) : memoryPendingCredits(), logger),
      i18n,
      activity: redis ? redisActivity(redis, `${prefix}idle`) : memoryActivity(),
      logger,
      sandbox: opts.sandbox ?? false,
    };
    // Webhook processes behind a load balancer share Redis: a chat's updates lock it there. Polling is
    // one process (Telegram serves getUpdates to one caller), ordered by the runner's sequentialize.
    const shared =
      redis && config.bot.webhookUrl ? { redis, prefix, holdMs: 120_000, waitMs: 50_000 } : undefined;
    const bot = createBot({ deps, storage, botConfig: opts.botConfig, shared });
    let jobs: Jobs | undefined;
    let runner: RunnerHandle | undefined;
    let webhook: WebhookServer | undefined;

    const prepare = async () => {
      await bot.init();
      await registerCommands(bot.api, deps).catch((err) => logger.warn({ err }, "setMyCommands failed"));
      jobs = await startJobs({ deps, api: bot.api, storage, intervals: opts.jobIntervals });
    };

    let webhookPort: number | undefined;
    return {
      bot,
      deps,
      redis,
      get webhookPort() {
        return webhookPort;
      },
      async startPolling() {
        await prepare();
        await bot.api.deleteWebhook();
        runner = run(bot, {
          runner: { fetch: { allowed_updates: ["message", "callback_query", "pre_checkout_query"] }, retryInterval: "exponential" },
        });
        logger.info({ username: bot.botInfo.username }, "polling");
      },
      async startWebhook(w = {}) {
        await prepare();
        const url = config.bot.webhookUrl!;
        const secret = config.bot.webhookSecret!;
        // Above the commit timeout (a payment may wait that long), below Telegram's 60 s.
        const budgetMs = opts.webhookBudgetMs ?? Math.min(55_000, config.upstream.commitTimeoutMs + 15_000);
        // Khalti's delivery reports, only as hints for an immediate status lookup.
        const routes = config.upstream.khalti ? { [config.bot.khaltiDlrPath]: khaltiDlrRoute(services!.money, logger) } : {};
        webhook = createWebhookServer({ bot, path: new URL(url).pathname || "/", secret, budgetMs, logger, routes });
        const { server } = webhook;
        const port = w.port ?? config.bot.port;
        await new Promise<void>((resolve, reject) => {
          server.once("error", reject);
          server.listen(port, () => {
            server.off("error", reject);
            resolve();
          });
        });
        const actual = (server.address() as { port: number }).port;
        webhookPort = actual;
        if (w.setWebhook !== false) {
          await bot.api.setWebhook(url, { secret_token: secret, allowed_updates: ["message", "callback_query", "pre_checkout_query"] });
        }
        logger.info({ port: actual }, "webhook server listening");
        return actual;
      },
      async stop() {
        if (runner?.isRunning()) await runner.stop();
        if (webhook) {
          // New requests get 503 at once; the updates in hand finish (at most a minute).
          const drained = webhook.drain(60_000);
          const closed = new Promise<void>((resolve) => webhook!.server.close(() => resolve()));
          webhook.server.closeIdleConnections();
          await Promise.all([drained, closed]);
        }
        await jobs?.close();
        await broadcasts!.close();
        await services!.close();
        redis?.disconnect();
      },
    };
  } catch (err) {
    await broadcasts?.close().catch(() => {});
    await services?.close().catch(() => {});
    redis?.disconnect();
    throw err;
  }
}
