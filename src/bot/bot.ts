/**
 * The bot: middleware in order, features, and the button router.
 *
 * Order matters:
 *  1. per-chat sequencing and update de-duplication (a re-sent webhook update is harmless);
 *  2. pre-checkout queries (no chat, answered within Telegram's 10 s, never rate-limited);
 *  3. flood limit, session, i18n;
 *  4. only updates with a chat reach the conversations middleware (no undefined storage key);
 *  5. commands (/start, /cancel, ...) before the conversations, so they always work;
 *  6. conversations; then buttons, payments and the text fallback.
 */
import { Bot, type BotConfig, Composer, session } from "grammy";
import { conversations, createConversation } from "@grammyjs/conversations";
import { autoRetry } from "@grammyjs/auto-retry";
import { limit } from "@grammyjs/ratelimiter";
import { sequentialize } from "@grammyjs/runner";
import type { Redis } from "ioredis";
import { renameAccountConversation, saveAccountConversation } from "../../conversations/account-name.js";
import { renewConversation, type RenewPreset } from "../../conversations/renew.js";
import { type Callback, decode } from "./callbacks.js";
import type { BotContext, BotDeps, SessionData } from "./context.js";
import { languageButton, menuFeature } from "./features/menu.js";
import { createRenewal } from "./renewal.js";
import {
  accountActions,
  accountsScreen,
  DEMO_GRANT_PAISA,
  help,
  HISTORY_PAGE_SIZE,
  historyScreen,
  ispPicker,
  languageChoice,
  mainMenu,
  makeUi,
  plain,
  receiptScreen,
  walletScreen,
} from "./screens.js";
import { type ChatStorage, conversationInSession } from "./storage.js";

/** How many recent update ids a chat's session remembers. */
const SEEN_UPDATES = 8;

/** Bounded retries: flood waits and 5xx from Telegram, inside conversations too. */
export const autoRetryTransformer = () => autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 30 });

export interface CreateBotOptions {
  deps: BotDeps;
  storage: ChatStorage;
  /** Passed to grammY (apiRoot for tests, a known `botInfo` to skip getMe). */
  botConfig?: BotConfig<BotContext>;
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
  const { services } = deps;
  const ispName = (id: string) => services.upstream.isp(id)?.name ?? id;

  // 1. Sequencing: one update at a time per chat.
  bot.use(sequentialize((ctx) => ctx.chatId?.toString() ?? ctx.from?.id.toString()));

  // 2. Payments' pre-checkout: no chat, no session; answered at once.
  bot.on("pre_checkout_query", (ctx) => renewal.preCheckout(ctx, ctx.from.language_code === "ne" ? "ne" : "en"));

  // 3. Flood limit (floods, not fingers), session, de-duplication, i18n. The limit is counted in this
  // process's memory: a flood is stopped all the same, without a Redis round trip per update.
  bot.use(
    limit({
      timeFrame: 10_000,
      limit: 20,
      storageClient: "MEMORY_STORE",
      keyGenerator: (ctx) => ctx.from?.id.toString(),
      onLimitExceeded: async (ctx) => {
        const ui = makeUi(ctx.from?.language_code === "ne" ? "ne" : "en", deps.t, false);
        if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: ui.t("rate-limited") }).catch(() => {});
        else if (ctx.chatId !== undefined) await ctx.reply(ui.t("rate-limited")).catch(() => {});
      },
    }),
  );
  bot.use(
    session<SessionData, BotContext>({
      initial: () => ({}),
      storage: storage.session,
      getSessionKey: (ctx) => (ctx.chatId === undefined ? undefined : storage.sessionKey(ctx.chatId)),
    }),
  );
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
  bot.use(deps.i18n);

  // 4. Everything below needs a chat.
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

  // 5. Commands first, so they work whatever dialogue is open.
  chat.use(menuFeature(deps, renewal));
  const showPicker = async (ctx: BotContext, page: number, how: "edit" | "send") => {
    // A new choice of provider leaves any dialogue: typed text now filters the list.
    if (page === 0) await ctx.conversation.exitAll();
    // Favourites come from PostgreSQL when the list opens; flipping pages reuses them.
    const favourites = page === 0 || !ctx.session.ispFavourites ? (ctx.from ? await favouriteIsps(ctx.from.id) : []) : ctx.session.ispFavourites;
    ctx.session.ispFavourites = favourites;
    ctx.session.ispFilterOpen = true;
    await renewal.render(ctx, ispPicker(await renewal.ui(ctx), services.upstream.catalog, { page, favourites }), how);
  };
  const favouriteIsps = (userId: number) => deps.accounts.favouriteIsps(userId);
  const showWallet = async (ctx: BotContext, how: "edit" | "send") => {
    const userId = ctx.from!.id;
    const [balance, moves] = await Promise.all([services.money.balance(userId), services.money.movements(userId, 5)]);
    await renewal.render(ctx, walletScreen(await renewal.ui(ctx), balance, moves, { demo: deps.sandbox }), how);
  };
  const showHistory = async (ctx: BotContext, page: number, how: "edit" | "send") => {
    const rows = await services.money.history(ctx.from!.id, HISTORY_PAGE_SIZE + 1, page * HISTORY_PAGE_SIZE);
    await renewal.render(ctx, historyScreen(await renewal.ui(ctx), rows.slice(0, HISTORY_PAGE_SIZE), page, rows.length > HISTORY_PAGE_SIZE, ispName), how);
  };
  const showAccounts = async (ctx: BotContext, how: "edit" | "send") => {
    const saved = await deps.accounts.list(ctx.from!.id);
    await renewal.render(ctx, accountsScreen(await renewal.ui(ctx), saved, ispName), how);
  };
  chat.command("renew", (ctx) => showPicker(ctx, 0, "send"));
  chat.command("wallet", (ctx) => showWallet(ctx, "send"));
  chat.command("history", (ctx) => showHistory(ctx, 0, "send"));
  chat.command("accounts", (ctx) => showAccounts(ctx, "send"));

  // 6. Conversations.
  chat.use(createConversation(renewConversation(deps, renewal), { id: "renew" }));
  chat.use(createConversation(saveAccountConversation(deps), { id: "saveAccount" }));
  chat.use(createConversation(renameAccountConversation(deps), { id: "renameAccount" }));

  const startRenewal = async (ctx: BotContext, ispId: string, preset?: RenewPreset) => {
    ctx.session.ispFilterOpen = false;
    await ctx.conversation.exitAll();
    await ctx.conversation.enter("renew", ispId, preset);
  };

  // Buttons. Data is parsed strictly; anything unknown, altered or stale is "expired".
  const setLanguage = languageButton(deps);
  const buttons = new Composer<BotContext>();
  buttons.on("callback_query:data", async (ctx) => {
    const cb: Callback | undefined = decode(ctx.callbackQuery.data);
    if (!cb) return renewal.expired(ctx);
    const ui = await renewal.ui(ctx);
    switch (cb.k) {
      case "menu":
        // Every menu button just opens a screen: answered at once, then shown.
        await ctx.answerCallbackQuery();
        switch (cb.item) {
          case "home":
            ctx.session.ispFilterOpen = false;
            return void (await renewal.render(ctx, mainMenu(ui)));
          case "renew":
            return showPicker(ctx, 0, "edit");
          case "wallet":
            return showWallet(ctx, "edit");
          case "history":
            return showHistory(ctx, 0, "edit");
          case "accounts":
            return showAccounts(ctx, "edit");
          case "lang":
            return void (await renewal.render(ctx, languageChoice(ui)));
          case "help":
            return void (await renewal.render(ctx, help(ui)));
        }
        return;
      case "isp-page":
        await ctx.answerCallbackQuery();
        return showPicker(ctx, cb.page, "edit");
      case "isp": {
        if (!services.upstream.isp(cb.id)) return renewal.expired(ctx);
        await ctx.answerCallbackQuery();
        // The dialogue edits the provider list into its question.
        return startRenewal(ctx, cb.id);
      }
      case "lang":
        return setLanguage(ctx, cb.locale);
      case "draft":
        return renewal.onDraftButton(ctx, cb);
      case "save": {
        const draft = await deps.drafts.get(cb.id, ctx.from.id);
        if (!draft || draft.state !== "done") return renewal.expired(ctx);
        await ctx.answerCallbackQuery();
        await ctx.editMessageReplyMarkup().catch(() => {});
        await ctx.conversation.exitAll();
        await ctx.conversation.enter("saveAccount", cb.id);
        return;
      }
      case "acc": {
        const account = await deps.accounts.get(cb.id, ctx.from.id);
        if (!account) return renewal.expired(ctx);
        await ctx.answerCallbackQuery();
        if (cb.verb === "open") return void (await renewal.render(ctx, accountActions(ui, account, ispName(account.isp))));
        if (cb.verb === "renew") {
          if (!services.upstream.isp(account.isp)) return renewal.expired(ctx);
          await deps.accounts.touch(account.id);
          await ctx.editMessageReplyMarkup().catch(() => {});
          return startRenewal(ctx, account.isp, { account: account.account, connection: account.connection ?? undefined });
        }
        if (cb.verb === "ren") {
          await ctx.conversation.exitAll();
          await ctx.conversation.enter("renameAccount", account.id);
          return;
        }
        await deps.accounts.remove(account.id, ctx.from.id);
        const saved = await deps.accounts.list(ctx.from.id);
        const s = accountsScreen(ui, saved, ispName);
        await renewal.render(ctx, { ...s, text: `${ui.t("account-removed", { name: account.name })}\n\n${s.text}` });
        return;
      }
      case "hist":
        await ctx.answerCallbackQuery();
        return showHistory(ctx, cb.page, "edit");
      case "rcpt": {
        const p = await services.money.payment({ id: cb.id });
        if (!p || p.payerUserId !== ctx.from.id) return renewal.expired(ctx);
        await ctx.answerCallbackQuery();
        const receipt = await services.money.receipt(p.id);
        if (!receipt) {
          await renewal.render(ctx, plain(ui, ui.t("receipt-none", { state: p.state })));
          return;
        }
        await renewal.render(ctx, receiptScreen(ui, receipt, ispName(p.isp)));
        return;
      }
      case "demo": {
        if (!deps.sandbox) return renewal.expired(ctx);
        await services.money.grant({ userId: ctx.from.id, amountPaisa: DEMO_GRANT_PAISA, adminId: "sandbox", note: "sandbox test money" });
        await ctx.answerCallbackQuery({ text: ui.t("demo-money-added", { amount: ui.money(DEMO_GRANT_PAISA) }) });
        return showWallet(ctx, "edit");
      }
    }
  });
  chat.use(buttons);

  chat.on("message:successful_payment", (ctx) => renewal.successfulPayment(ctx));

  // Text nobody else took: filters the provider list while it is on screen, else a hint.
  chat.on("message:text", async (ctx) => {
    const ui = await renewal.ui(ctx);
    if (ctx.session.ispFilterOpen && !ctx.message.text.startsWith("/")) {
      const s = ispPicker(ui, services.upstream.catalog, { page: 0, favourites: [], filter: ctx.message.text.trim().slice(0, 40) });
      await ctx.reply(s.text, { reply_markup: s.keyboard });
      return;
    }
    const s = mainMenu(ui);
    await ctx.reply(`${ui.t("use-buttons")}\n\n${s.text}`, { reply_markup: s.keyboard });
  });

  bot.catch(async (err) => {
    deps.logger.error({ err: err.error, update: err.ctx.update.update_id }, "update failed");
    const ctx = err.ctx;
    try {
      const locale = ctx.from?.language_code === "ne" ? "ne" : "en";
      const text = deps.t(locale, "error-generic");
      if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text, show_alert: true }).catch(() => ctx.reply(text));
      else if (ctx.chatId !== undefined) await ctx.reply(text);
    } catch {
      // Telegram unreachable: nothing more to do for this update.
    }
  });

  return bot;
}

/** Registers the command list shown in Telegram's menu, in English and Nepali. */
export async function registerCommands(bot: Bot<BotContext>, deps: BotDeps): Promise<void> {
  const names = ["start", "renew", "accounts", "wallet", "history", "language", "help", "cancel"];
  for (const locale of ["en", "ne"] as const) {
    const commands = names.map((command) => ({ command, description: deps.t(locale, `cmd-${command}`) }));
    await bot.api.setMyCommands(commands, locale === "en" ? {} : { language_code: locale });
  }
}
