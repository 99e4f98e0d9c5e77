/**
 * A renewal step by step, always with the live context of the update at hand (its session,
 * language and API with the bot's transformers). The renew conversation calls `lookupAndShow` inside
 * `conversation.external`; the buttons that follow (connection, page, package, option, back,
 * cancel, top-up, pay) are handled here from the server-side draft.
 */
import { InvalidRequest, type Isp, UpstreamMalformed, UpstreamRejected, UpstreamUnavailable } from "../../../providers/index.js";
import type { Draft, DraftCustomer } from "../../../store/drafts.js";
import type { BotContext, BotDeps } from "../../context.js";
import { expired, plain, render, type Screen, short, UPSTREAM_TEXT } from "../../ui.js";
import type { DraftStep } from "./callbacks.js";
import { createCustomerPayment } from "../agent/pay.js";
import { createPayment } from "./pay.js";
import { confirmScreen, groupScreen, optionsScreen } from "./screens.js";
import { accountFieldName } from "./picker.js";

/** How long a lookup runs before the customer also gets a "looking up" message. */
const SLOW_LOOKUP_MS = 1500;

export type LookupStep =
  | { status: "shown"; draftId: string }
  | { status: "rejected" | "unavailable" | "malformed" | "invalid" };

export type Renewal = ReturnType<typeof createRenewal>;

export function createRenewal(deps: BotDeps) {
  const { services, drafts, activity } = deps;
  const { upstream, money } = services;
  const idleSeconds = deps.config.bot.idleSeconds;
  const ispOf = (id: string): Isp | undefined => upstream.isp(id);
  const forCustomers = createCustomerPayment(deps);
  const payment = createPayment(deps, forCustomers);

  /**
   * Looks the account up and stores a draft; with `draftId`, refreshes that draft instead (a times
   * connection was chosen). The typing indicator shows at once; a lookup still running after
   * `SLOW_LOOKUP_MS` also gets a "looking up" message, which the result then replaces.
   */
  async function lookupAndShow(
    ctx: BotContext,
    args: { ispId: string; account: string; connection?: string; draftId?: string; canRetry: boolean; customer?: DraftCustomer },
  ): Promise<LookupStep> {
    const u = ctx.ui;
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
        draft = await drafts.create({ userId, chatId, isp: args.ispId, account: lookup.account, lookup, customer: args.customer });
      }
      await show(optionsScreen(u, draft, isp));
      if (lookup.notPayable) await activity.clear(chatId);
      return { status: "shown", draftId: draft.id };
    } catch (err) {
      const field = accountFieldName(u, isp);
      if (err instanceof UpstreamRejected) {
        const key = args.canRetry ? "lookup-rejected" : "lookup-rejected-final";
        await show(plain(u, u.t(key, { isp: isp.name, reason: short(err.message, UPSTREAM_TEXT.message), field })));
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
        await show(plain(u, u.t("lookup-rejected-final", { isp: isp.name, reason: short(err.message, UPSTREAM_TEXT.message), field })));
        return { status: "invalid" };
      }
      throw err;
    }
  }

  /** Handles a button of a renewal in progress. */
  async function onDraftButton(ctx: BotContext, cb: DraftStep): Promise<void> {
    if (!ctx.from) return expired(ctx);
    // Choosing an option and paying each check and change the draft in one statement.
    if (cb.verb === "o") return choose(ctx, cb.id, cb.n);
    if (cb.verb === "pay") return payment.pay(ctx, cb.id, cb.n);
    const states: Draft["state"][] = cb.verb === "top" ? ["confirming"] : ["open", "confirming"];
    // The presser's own draft, still open and not idle too long (and now marked as used).
    const draft = await drafts.claim(cb.id, ctx.from.id, states, idleSeconds);
    if (!draft) return expired(ctx);
    // An agent's renewal for a customer: its buttons are the agent's, checked now; it is paid from
    // the float, never by a card top-up.
    if (draft.customer) {
      if (cb.verb === "top") return expired(ctx);
      if (!(await forCustomers.allowed(ctx))) return;
    }
    // Top-up carries the index of the option its screen showed; it must still be the chosen one.
    if (cb.verb === "top" && draft.lookup!.options[cb.n]?.key !== draft.optionKey) return expired(ctx);
    const isp = ispOf(draft.isp);
    if (!isp) return expired(ctx);
    const u = ctx.ui;
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
        await payment.sendInvoice(ctx, draft, isp);
        return;
    }
  }

  /** Option `n` chosen: the confirmation screen with the total and the wallet after paying. */
  async function choose(ctx: BotContext, draftId: string, n: number): Promise<void> {
    // The presser's balance is read while the choice is recorded (the draft is theirs, or expired).
    const u = ctx.ui;
    const [draft, balance] = await Promise.all([drafts.choose(draftId, ctx.from!.id, n, idleSeconds), money.balance(ctx.from!.id)]);
    const isp = draft ? ispOf(draft.isp) : undefined;
    const option = draft?.lookup?.options[n];
    if (!draft || !isp || !option) return expired(ctx);
    if (draft.customer) {
      // An agent pays for a customer from their float (and must still be an agent).
      if (!(await forCustomers.allowed(ctx))) return;
      const [float, forCustomer] = await Promise.all([money.balance(draft.userId, "float"), forCustomers.confirmation(draft)]);
      await Promise.all([ctx.answerCallbackQuery(), activity.touch(draft.chatId), render(ctx, confirmScreen(u, draft, isp, option, float, false, forCustomer))]);
      return;
    }
    const screen = confirmScreen(u, draft, isp, option, balance, !!deps.config.bot.paymentProviderToken);
    await Promise.all([ctx.answerCallbackQuery(), activity.touch(draft.chatId), render(ctx, screen)]);
  }

  return { lookupAndShow, onDraftButton, ...payment };
}
