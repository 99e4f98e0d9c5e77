/**
 * What a renewal does, step by step, always with the live context of the update at hand (its
 * session, language and API with the bot's transformers). The renew conversation calls
 * `lookupAndShow` inside `conversation.external`; the buttons that follow (connection, page,
 * package, option, back, pay, cancel, top-up) are handled here directly, from the draft.
 */
import { GrammyError } from "grammy";
import { InsufficientFunds, PaymentRefused } from "../money/index.js";
import {
  InvalidRequest,
  type Isp,
  UpstreamMalformed,
  UpstreamRejected,
  UpstreamUnavailable,
} from "../providers/index.js";
import type { Draft } from "../store/drafts.js";
import type { Callback } from "./callbacks.js";
import type { BotContext, BotDeps } from "./context.js";
import {
  confirmScreen,
  failedScreen,
  groupScreen,
  makeUi,
  optionsScreen,
  paidScreen,
  pendingScreen,
  plain,
  type Screen,
  type Ui,
} from "./screens.js";

/** How long a lookup runs before the customer also gets a "looking up" message. */
const SLOW_LOOKUP_MS = 1500;

export type LookupStep =
  | { status: "shown"; draftId: string }
  | { status: "rejected" | "unavailable" | "malformed" | "invalid" };

export function createRenewal(deps: BotDeps) {
  const { services, drafts, activity } = deps;
  const { upstream, money } = services;
  const idleMs = deps.config.bot.idleSeconds * 1000;

  async function ui(ctx: BotContext): Promise<Ui> {
    return makeUi(await ctx.i18n.getLocale(), deps.t, deps.sandbox);
  }

  /** Edits the message the pressed button belongs to, or sends a new one. */
  async function render(ctx: BotContext, s: Screen, how: "edit" | "send" = "edit"): Promise<number | undefined> {
    if (how === "edit" && ctx.callbackQuery?.message) {
      try {
        await ctx.editMessageText(s.text, { reply_markup: s.keyboard });
      } catch (err) {
        if (!(err instanceof GrammyError && /message is not modified/.test(err.description))) throw err;
      }
      return ctx.callbackQuery.message.message_id;
    }
    const sent = await ctx.reply(s.text, { reply_markup: s.keyboard });
    return sent.message_id;
  }

  async function expired(ctx: BotContext): Promise<void> {
    await ctx.answerCallbackQuery({ text: (await ui(ctx)).t("button-expired") }).catch(() => {});
  }

  const ispOf = (id: string): Isp | undefined => upstream.isp(id);

  /**
   * Looks the account up and stores a draft; with `draftId`, refreshes that draft instead (a times
   * connection was chosen). The typing indicator shows at once; a lookup still running after
   * `SLOW_LOOKUP_MS` also gets a "looking up" message, which the result then replaces.
   */
  async function lookupAndShow(
    ctx: BotContext,
    args: { ispId: string; account: string; connection?: string; draftId?: string; canRetry: boolean },
  ): Promise<LookupStep> {
    const u = await ui(ctx);
    const isp = ispOf(args.ispId);
    const userId = ctx.from?.id;
    const chatId = ctx.chatId;
    if (!isp || userId === undefined || chatId === undefined) return { status: "invalid" };
    await Promise.all([activity.touch(chatId), ctx.replyWithChatAction("typing").catch(() => {})]);
    const how = args.draftId ? "edit" : "send";
    let progress: Promise<number | undefined> | undefined;
    const slow = setTimeout(() => {
      const s = plain(u, u.t("looking-up", { account: args.connection ?? args.account, isp: isp.name }));
      progress = render(ctx, s, how).catch(() => undefined);
    }, SLOW_LOOKUP_MS);
    const show = async (s: Screen) => {
      clearTimeout(slow);
      const messageId = progress ? await progress : undefined;
      if (messageId !== undefined) return ctx.api.editMessageText(chatId, messageId, s.text, { reply_markup: s.keyboard });
      return render(ctx, s, how);
    };
    try {
      const lookup = await upstream.lookup(args.ispId, args.account, { connection: args.connection }).finally(() => clearTimeout(slow));
      let draft: Draft;
      if (args.draftId) {
        const refreshed = await drafts.setLookup(args.draftId, userId, lookup);
        if (!refreshed) return { status: "invalid" };
        draft = refreshed;
      } else {
        draft = await drafts.create({ userId, chatId, isp: args.ispId, account: lookup.account, lookup });
      }
      await show(optionsScreen(u, draft, isp));
      if (lookup.notPayable) await activity.clear(chatId);
      return { status: "shown", draftId: draft.id };
    } catch (err) {
      const field = u.t(isp.routes[0]!.accountField === "customer_id" ? "field-customer-id" : "field-username");
      if (err instanceof UpstreamRejected) {
        const key = args.canRetry ? "lookup-rejected" : "lookup-rejected-final";
        await show(plain(u, u.t(key, { isp: isp.name, reason: err.message, field })));
        if (!args.canRetry) await activity.clear(chatId);
        return { status: "rejected" };
      }
      await activity.clear(chatId);
      if (err instanceof UpstreamUnavailable) {
        deps.logger.warn({ isp: args.ispId, err: err.message }, "lookup: aggregator unavailable");
        await show(plain(u, u.t("lookup-unavailable", { isp: isp.name })));
        return { status: "unavailable" };
      }
      if (err instanceof UpstreamMalformed) {
        deps.logger.error({ isp: args.ispId, err: err.message }, "lookup: malformed answer");
        await show(plain(u, u.t("lookup-malformed")));
        return { status: "malformed" };
      }
      if (err instanceof InvalidRequest) {
        await show(plain(u, u.t("lookup-rejected-final", { isp: isp.name, reason: err.message, field })));
        return { status: "invalid" };
      }
      throw err;
    }
  }

  /** Handles a button of a renewal in progress. */
  async function onDraftButton(ctx: BotContext, cb: Extract<Callback, { k: "draft" }>): Promise<void> {
    if (!ctx.from) return expired(ctx);
    // Choosing an option and paying each check and change the draft in one statement.
    if (cb.verb === "o") return choose(ctx, cb.id, cb.n);
    if (cb.verb === "pay") return pay(ctx, cb.id, cb.n);
    const states: Draft["state"][] = cb.verb === "top" ? ["confirming"] : ["open", "confirming"];
    // The presser's own draft, still open and not idle too long (and now marked as used).
    const draft = await drafts.claim(cb.id, ctx.from.id, states, idleMs / 1000);
    if (!draft) return expired(ctx);
    // Top-up carries the index of the option its screen showed; it must still be the chosen one.
    if (cb.verb === "top" && draft.lookup!.options[cb.n]?.key !== draft.optionKey) return expired(ctx);
    const isp = ispOf(draft.isp);
    if (!isp) return expired(ctx);
    const u = await ui(ctx);
    const lookup = draft.lookup!;
    if (cb.verb === "x") {
      await drafts.finish(draft.id, "cancelled");
      await activity.clear(draft.chatId);
      await ctx.answerCallbackQuery();
      await render(ctx, plain(u, u.t("cancelled")));
      return;
    }
    await activity.touch(draft.chatId);
    switch (cb.verb) {
      case "p":
        await ctx.answerCallbackQuery();
        await render(ctx, optionsScreen(u, draft, isp, cb.n));
        return;
      case "g": {
        const s = groupScreen(u, draft, cb.n);
        if (!s) return expired(ctx);
        await ctx.answerCallbackQuery();
        await render(ctx, s);
        return;
      }
      case "c": {
        const connection = lookup.connections?.[cb.n];
        if (!connection || lookup.connection) return expired(ctx);
        await ctx.answerCallbackQuery();
        await lookupAndShow(ctx, { ispId: draft.isp, account: draft.account, connection: connection.username, draftId: draft.id, canRetry: false });
        return;
      }
      case "back":
        await ctx.answerCallbackQuery();
        await render(ctx, optionsScreen(u, draft, isp));
        return;
      case "top":
        await sendInvoice(ctx, draft, isp, u);
        return;
    }
  }

  /** Option `n` chosen: the confirmation screen with the total and the wallet after paying. */
  async function choose(ctx: BotContext, draftId: string, n: number): Promise<void> {
    // The presser's balance is read while the choice is recorded (the draft is theirs, or expired).
    const [draft, balance, u] = await Promise.all([drafts.choose(draftId, ctx.from!.id, n, idleMs / 1000), money.balance(ctx.from!.id), ui(ctx)]);
    const isp = draft ? ispOf(draft.isp) : undefined;
    const option = draft?.lookup?.options[n];
    if (!draft || !isp || !option) return expired(ctx);
    const screen = confirmScreen(u, draft, isp, option, balance, !!deps.config.bot.paymentProviderToken);
    await Promise.all([ctx.answerCallbackQuery(), activity.touch(draft.chatId), render(ctx, screen)]);
  }

  /**
   * Pays option `n` of the draft (it must be the chosen one): the button is answered at once and the
   * message says "processing"; then the money core pays exactly once for the draft's intent key.
   * After a card top-up there is no button (`how` is "send") and no idle limit.
   */
  async function pay(ctx: BotContext, draftId: string, n: number, how: "edit" | "send" = "edit"): Promise<void> {
    const started = await drafts.startPaying(draftId, ctx.from!.id, n, how === "edit" ? idleMs / 1000 : null);
    const draft = started?.draft;
    const isp = draft ? ispOf(draft.isp) : undefined;
    const option = draft?.lookup?.options[n];
    if (!started || !draft || !isp || !option || !draft.intentKey) return expired(ctx);
    const u = await ui(ctx);
    if (started.was === "paying") {
      if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: u.t("already-paying") }).catch(() => {});
      return;
    }
    // The button is answered, "processing" shown and the payment made at the same time; the result
    // replaces "processing" once both are done. A "processing" that cannot be shown does not stop
    // the payment: the result then comes as a new message.
    const processing = plain(u, u.t("processing", { amount: u.money(option.amountPaisa), account: draft.lookup!.connection ?? draft.account }));
    const [, messageId, paid] = await Promise.all([
      ctx.callbackQuery ? ctx.answerCallbackQuery().catch(() => {}) : undefined,
      render(ctx, processing, how).catch((err: unknown) => {
        deps.logger.warn({ err }, "could not show 'processing'");
        return undefined;
      }),
      money.pay({ key: draft.intentKey, payerUserId: draft.userId, lookup: draft.lookup!, optionKey: option.key }).then(
        (result) => ({ result }),
        (error: unknown) => ({ error }),
      ),
    ]);
    const show = (s: Screen) =>
      messageId !== undefined ? ctx.api.editMessageText(draft.chatId, messageId, s.text, { reply_markup: s.keyboard }) : ctx.reply(s.text, { reply_markup: s.keyboard });
    if ("error" in paid) {
      const err = paid.error;
      if (err instanceof InsufficientFunds) {
        await drafts.finish(draft.id, "confirming");
        const balance = await money.balance(draft.userId);
        await show(confirmScreen(u, draft, isp, option, balance, !!deps.config.bot.paymentProviderToken));
        return;
      }
      if (err instanceof PaymentRefused) {
        await drafts.finish(draft.id, "cancelled");
        await activity.clear(draft.chatId);
        await show(failedScreen(u, err.message));
        return;
      }
      // Unknown: the payment may or may not exist; the intent key keeps a retry from paying twice.
      await drafts.finish(draft.id, "confirming");
      throw err;
    }
    const { result } = paid;
    const p = result.payment;
    // The draft's end and the dialogue's end are recorded while the answer is shown.
    const ended = Promise.all([drafts.finish(draft.id, p.state === "failed" ? "cancelled" : "done", p.id), activity.clear(draft.chatId)]);
    try {
      if (p.state === "succeeded") {
        const receipt = result.receipt ?? (await money.receipt(p.id));
        await show(paidScreen(u, receipt!, isp.name, started.saved ? undefined : draft.id));
      } else if (p.state === "failed") {
        await show(failedScreen(u, p.upstreamMessage ?? "—"));
      } else {
        await show(pendingScreen(u, p));
      }
    } finally {
      await ended;
    }
  }

  /** A Telegram Payments invoice for what the wallet is short of. */
  async function sendInvoice(ctx: BotContext, draft: Draft, isp: Isp, u: Ui): Promise<void> {
    const token = deps.config.bot.paymentProviderToken;
    const option = draft.lookup?.options.find((o) => o.key === draft.optionKey);
    if (!token || !option) return expired(ctx);
    const balance = await money.balance(draft.userId);
    const shortPaisa = option.amountPaisa - balance.availablePaisa;
    if (shortPaisa <= 0) {
      await ctx.answerCallbackQuery();
      await render(ctx, confirmScreen(u, draft, isp, option, balance, true));
      return;
    }
    await drafts.setInvoice(draft.id, shortPaisa);
    await ctx.answerCallbackQuery();
    await ctx.replyWithInvoice(
      u.t("invoice-title"),
      u.t("invoice-description", { amount: u.money(shortPaisa), account: draft.lookup!.connection ?? draft.account, isp: isp.name }),
      `top:${draft.id}`,
      "NPR",
      [{ label: u.t("invoice-label"), amount: shortPaisa }],
      { provider_token: token },
    );
  }

  /** Telegram asks whether to take the money: answered within its 10 s, after checking the amount. */
  async function preCheckout(ctx: BotContext, locale: "en" | "ne"): Promise<void> {
    const q = ctx.preCheckoutQuery!;
    const draftId = /^top:([A-Za-z0-9_-]{8,24})$/.exec(q.invoice_payload)?.[1];
    const draft = draftId ? await drafts.get(draftId, q.from.id) : undefined;
    const ok = !!draft && draft.state === "confirming" && q.currency === "NPR" && draft.invoicePaisa === q.total_amount;
    if (ok) await ctx.answerPreCheckoutQuery(true);
    else await ctx.answerPreCheckoutQuery(false, { error_message: deps.t(locale, "topup-refused") });
  }

  /** The card payment went through: credit the wallet once per charge, then finish the renewal. */
  async function successfulPayment(ctx: BotContext): Promise<void> {
    const sp = ctx.message!.successful_payment!;
    const userId = ctx.from!.id;
    const u = await ui(ctx);
    const { credited } = await money.topUp({
      userId,
      amountPaisa: sp.total_amount,
      externalId: sp.telegram_payment_charge_id,
      memo: sp.invoice_payload,
    });
    if (!credited) return; // the same charge again: already credited and acted on
    await ctx.reply(u.t("topup-credited", { amount: u.money(sp.total_amount) }));
    const draftId = /^top:([A-Za-z0-9_-]{8,24})$/.exec(sp.invoice_payload)?.[1];
    const draft = draftId ? await drafts.get(draftId, userId) : undefined;
    const isp = draft ? ispOf(draft.isp) : undefined;
    if (!draft || !isp || draft.state !== "confirming") return;
    await ctx.reply(u.t("topup-continues"));
    await pay(ctx, draft.id, draft.lookup!.options.findIndex((o) => o.key === draft.optionKey), "send");
  }

  return { ui, render, expired, lookupAndShow, onDraftButton, pay, preCheckout, successfulPayment, ispOf };
}

export type Renewal = ReturnType<typeof createRenewal>;
