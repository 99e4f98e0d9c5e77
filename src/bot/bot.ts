/**
 * The bot: the middleware order, and `use(...)` of every feature. Order matters:
 *  1. per-chat sequencing (one update of a chat at a time in this process);
 *  2. the chat's translator (`ctx.ui`) and the caller's role (`ctx.role()`, resolved on first use);
 *     the people the bot has seen are recorded (once per user per process, and on /start);
 *  3. pre-checkout queries (no chat; answered within Telegram's 10 s, never rate-limited);
 *  4. the chat's lock across processes (webhook mode with Redis), session; successful payments
 *     (credited before anything can drop them); flood limit, private chats only, update
 *     de-duplication, users' names (recorded when new or changed, for admins), i18n;
 *  5. only updates with a chat reach the conversations middleware (no undefined storage key);
 *  6. the features, each a Composer with its commands, dialogue and buttons (commands and buttons
 *     pass through a waiting dialogue, so /start and /cancel always work);
 *  7. a button no feature took has expired; text no feature took gets a hint and the menu.
 */
import { Bot, type BotConfig, session } from "grammy";
import { conversations } from "@grammyjs/conversations";
import { autoRetry } from "@grammyjs/auto-retry";
import { limit } from "@grammyjs/ratelimiter";
import { sequentialize } from "@grammyjs/runner";
import type { Redis } from "ioredis";
import { chatLock } from "./chat-lock.js";
import type { BotContext, BotDeps, SessionData } from "./context.js";
import { accountsFeature } from "./features/accounts/index.js";
import { broadcastFeature, knownUsers } from "./features/broadcast/index.js";
import { adminFeature } from "./features/admin/index.js";
import { rememberNames } from "./features/admin/names.js";
import { agentFeature, customerReceiptsFeature } from "./features/agent/index.js";
import { historyFeature } from "./features/history/index.js";
import { languageFeature } from "./features/language/index.js";
import { fallbackFeature, menuFeature } from "./features/menu/index.js";
import { createRenewal } from "./features/renew/flow.js";
import { renewFeature } from "./features/renew/index.js";
import { walletFeature } from "./features/wallet/index.js";
import { roles } from "./roles.js";
import { type ChatStorage, conversationInSession } from "./storage.js";
import { expired, uiMiddleware } from "./ui.js";

/** How many recent update ids a chat's session remembers. */
const SEEN_UPDATES = 8;

/** Bounded retries: flood waits and 5xx from Telegram, inside conversations too. */
export const autoRetryTransformer = () => autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 30 });

export interface CreateBotOptions {
  deps: BotDeps;
  storage: ChatStorage;
  /** Passed to grammY (apiRoot for tests, a known `botInfo` to skip getMe). */
  botConfig?: BotConfig<BotContext>;
  /**
   * Several processes serve this bot (webhook mode with Redis): a chat's updates take a lock in
   * Redis around the session, and the flood limit is counted in Redis, per user across processes.
   */
  shared?: { redis: Redis; prefix: string; holdMs: number; waitMs: number };
}

export function createBot(opts: CreateBotOptions): Bot<BotContext> {
  const { deps, storage } = opts;
  const token = deps.config.bot.token;
  if (!token) throw new Error("BOT_TOKEN is required");
  const bot = new Bot<BotContext>(token, {
    ...opts.botConfig,
    client: { apiRoot: deps.config.bot.apiRoot, ...opts.botConfig?.client },
  });
  bot.api.config.use(autoRetryTransformer());
  const renewal = createRenewal(deps);

  // 1. Sequencing: one update at a time per chat.
  bot.use(sequentialize((ctx) => ctx.chatId?.toString() ?? ctx.from?.id.toString()));

  // 2. The chat's translator and the caller's role.
  bot.use(uiMiddleware(deps.t, deps.sandbox));
  bot.use(roles({ adminIds: deps.config.adminIds, isAgent: (id) => deps.agents.isAgent(id) }));
  bot.use(knownUsers(deps));

  // 3. Payments' pre-checkout: no chat, no session; answered at once.
  bot.on("pre_checkout_query", (ctx) => renewal.preCheckout(ctx));

  // 4. The chat's lock across processes; session; successful payments; the flood limit (floods, not
  // fingers; counted in this process's memory, in Redis when several processes serve); private chats
  // only; de-duplication; i18n.
  const shared = opts.shared;
  if (shared) bot.use(chatLock(shared));
  bot.use(
    session<SessionData, BotContext>({
      initial: () => ({}),
      storage: storage.session,
      getSessionKey: (ctx) => (ctx.chatId === undefined ? undefined : storage.sessionKey(ctx.chatId)),
    }),
  );
  // A card payment has taken the customer's money: it is credited before anything that could drop or
  // delay it (the flood limit, the private-chat gate, de-duplication: a charge credits once anyway).
  bot.on("message:successful_payment", (ctx) => renewal.successfulPayment(ctx));
  bot.use(
    limit({
      timeFrame: 10_000,
      limit: 20,
      ...(shared ? { storageClient: shared.redis, keyPrefix: `${shared.prefix}flood:` } : { storageClient: "MEMORY_STORE" as const }),
      keyGenerator: (ctx) => ctx.from?.id.toString(),
      onLimitExceeded: async (ctx) => {
        const text = ctx.ui.t("rate-limited");
        if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text }).catch(() => {});
        else if (ctx.chatId !== undefined) await ctx.reply(text).catch(() => {});
      },
    }),
  );
  // In a group the bot says once that it works in private chats, and does nothing else there.
  bot.use(async (ctx, next) => {
    if (ctx.chat === undefined || ctx.chat.type === "private") return next();
    if (ctx.session.groupTold) return;
    ctx.session.groupTold = true;
    await ctx.reply(ctx.ui.t("private-only")).catch(() => {});
  });
  // An update delivered again (a webhook retried, polling resumed after a crash) is handled once.
  // Updates of one chat are handled one at a time, so the session is the place to remember them.
  bot.use(async (ctx, next) => {
    if (ctx.chatId === undefined) return next();
    const id = ctx.update.update_id;
    const seen = ctx.session.seen ?? [];
    if (seen.includes(id)) return;
    ctx.session.seen = [...seen.slice(-(SEEN_UPDATES - 1)), id];
    await next();
  });
  bot.use(rememberNames(deps));
  bot.use(deps.i18n);

  // 5. Everything below needs a chat.
  const chat = bot.filter((ctx) => ctx.chatId !== undefined);
  chat.use(
    conversations<BotContext, BotContext>({
      storage: { type: "context", adapter: conversationInSession as never },
      // Bot-level transformers do not reach the API objects conversations create.
      plugins: [
        async (ctx, next) => {
          ctx.api.config.use(autoRetryTransformer());
          await next();
        },
      ],
    }),
  );

  // 6. The features (receipts agents paid for reach their customer after /start's menu).
  chat.use(customerReceiptsFeature(deps));
  chat.use(menuFeature(deps));
  chat.use(languageFeature(deps));
  chat.use(renewFeature(deps, renewal));
  chat.use(accountsFeature(deps));
  chat.use(walletFeature(deps));
  chat.use(historyFeature(deps));
  chat.use(broadcastFeature(deps));
  chat.use(adminFeature(deps));
  chat.use(agentFeature(deps, renewal));

  // 7. What no feature took.
  chat.on("callback_query:data", (ctx) => expired(ctx));
  chat.use(fallbackFeature());

  bot.catch(async (err) => {
    deps.logger.error({ err: err.error, update: err.ctx.update.update_id }, "update failed");
    const ctx = err.ctx;
    try {
      const text = ctx.ui.t("error-generic");
      if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text, show_alert: true }).catch(() => ctx.reply(text));
      else if (ctx.chatId !== undefined) await ctx.reply(text);
    } catch {
      // Telegram unreachable: nothing more to do for this update.
    }
  });

  return bot;
}
