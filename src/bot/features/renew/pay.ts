/**
 * Paying a renewal: the money core pays exactly once per confirmation (its intent key); a short
 * wallet can be topped up by a Telegram Payments invoice, after which the renewal finishes by itself.
 */
import { InsufficientFunds, LimitExceeded, PaymentInFlight, PaymentRefused } from "../../../money/index.js";
import type { Isp } from "../../../providers/index.js";
import type { Draft } from "../../../store/drafts.js";
import type { BotContext, BotDeps } from "../../context.js";
import { expired, plain, render, type Screen, short } from "../../ui.js";
import { invoicePayload } from "../../../store/invoices.js";
import type { CustomerPayment } from "../agent/pay.js";
import { confirmScreen, failedScreen, inFlightScreen, paidScreen, pendingScreen } from "./screens.js";

/** Paying a renewal; an agent's renewal for a customer pays from the float through `forCustomers`. */
export function createPayment(deps: BotDeps, forCustomers: CustomerPayment) {
  const { services, drafts, activity } = deps;
  const { upstream, money } = services;
  const idleSeconds = deps.config.bot.idleSeconds;
  const ispOf = (id: string): Isp | undefined => upstream.isp(id);

  /**
   * Pays option `n` of the draft (it must be the chosen one): the button is answered at once and the
   * message says "processing"; then the money core pays exactly once for the draft's intent key.
   * After a card top-up there is no button (`how` is "send") and no idle limit.
   */
  async function pay(ctx: BotContext, draftId: string, n: number, how: "edit" | "send" = "edit"): Promise<void> {
    const started = await drafts.startPaying(draftId, ctx.from!.id, n, how === "edit" ? idleSeconds : null);
    const draft = started?.draft;
    const isp = draft ? ispOf(draft.isp) : undefined;
    const option = draft?.lookup?.options[n];
    if (!started || !draft || !isp || !option || !draft.intentKey) return expired(ctx);
    const u = ctx.ui;
    if (started.was === "paying") {
      if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: u.t("already-paying") }).catch(() => {});
      return;
    }
    // An agent's renewal for a customer: only while they are an agent (checked now).
    if (draft.customer && !(await forCustomers.allowed(ctx))) {
      await drafts.finish(draft.id, "confirming");
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
      (draft.customer
        ? forCustomers.pay(draft, option)
        : money.pay({ key: draft.intentKey, payerUserId: draft.userId, lookup: draft.lookup!, optionKey: option.key })
      ).then(
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
        if (draft.customer) {
          const [float, forCustomer] = await Promise.all([money.balance(draft.userId, "float"), forCustomers.confirmation(draft)]);
          await show(confirmScreen(u, draft, isp, option, float, false, forCustomer));
          return;
        }
        const balance = await money.balance(draft.userId);
        await show(confirmScreen(u, draft, isp, option, balance, !!deps.config.bot.paymentProviderToken));
        return;
      }
      if (err instanceof PaymentInFlight) {
        // An earlier payment for this line (another draft, after an unclear answer) is not settled.
        await drafts.finish(draft.id, "cancelled");
        await activity.clear(draft.chatId);
        await show(inFlightScreen(u, draft.lookup!.connection ?? draft.account));
        return;
      }
      if (err instanceof LimitExceeded) {
        await drafts.finish(draft.id, "cancelled");
        await activity.clear(draft.chatId);
        await show(forCustomers.limitScreen(u, err));
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
        if (draft.customer) await forCustomers.paid(ctx, { draft, isp, receipt: receipt!, paymentId: p.id, show });
        else await show(paidScreen(u, receipt!, isp.name, started.saved ? undefined : draft.id));
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
  async function sendInvoice(ctx: BotContext, draft: Draft, isp: Isp): Promise<void> {
    const u = ctx.ui;
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
    const invoice = await deps.invoices.issue({ userId: draft.userId, chatId: draft.chatId, draftId: draft.id, currency: "NPR", amountPaisa: shortPaisa });
    await ctx.answerCallbackQuery();
    await ctx.replyWithInvoice(
      u.t("invoice-title"),
      u.t("invoice-description", { amount: u.money(shortPaisa), account: short(draft.lookup!.connection ?? draft.account, 40), isp: short(isp.name, 40) }),
      invoicePayload.encode(invoice.id),
      "NPR",
      [{ label: u.t("invoice-label"), amount: shortPaisa }],
      { provider_token: token },
    );
  }

  /** What a pre-checkout query or a successful payment says it pays, as an invoice would have it. */
  const paidBy = (from: { id: number }, p: { invoice_payload: string; currency: string; total_amount: number }) => ({
    userId: from.id,
    payload: p.invoice_payload,
    currency: p.currency,
    amountPaisa: p.total_amount,
  });

  /**
   * Telegram asks whether to take the money: answered within its 10 s. Yes only for an invoice this
   * bot issued to this user, not paid yet, in its currency and for exactly its amount.
   */
  async function preCheckout(ctx: BotContext): Promise<void> {
    const q = ctx.preCheckoutQuery!;
    const invoice = await deps.invoices.matching(paidBy(q.from, q));
    if (invoice?.state === "issued") await ctx.answerPreCheckoutQuery(true);
    else await ctx.answerPreCheckoutQuery(false, { error_message: ctx.ui.t("topup-refused") });
  }

  /**
   * The card payment went through. Credited only when it names an invoice issued to this user in
   * NPR for exactly that amount (anything else is logged and credits nothing); once per charge id;
   * a credit that fails is logged and retried until it lands. Then the renewal goes on by itself.
   */
  async function successfulPayment(ctx: BotContext): Promise<void> {
    const sp = ctx.message!.successful_payment!;
    const userId = ctx.from!.id;
    const u = ctx.ui;
    const invoice = sp.currency === "NPR" ? await deps.invoices.matching(paidBy(ctx.from!, sp)) : undefined;
    if (!invoice) {
      deps.logger.error(
        { chargeId: sp.telegram_payment_charge_id, amount: sp.total_amount, currency: sp.currency, userId, payload: sp.invoice_payload.slice(0, 64) },
        "a payment that names no invoice of ours: not credited",
      );
      await ctx.reply(u.t("topup-unmatched", { charge: sp.telegram_payment_charge_id.slice(0, 64) }));
      return;
    }
    const landing = await deps.topUps.land({ userId, chatId: ctx.chatId!, amountPaisa: sp.total_amount, chargeId: sp.telegram_payment_charge_id, invoiceId: invoice.id });
    if (landing === "seen") return; // the same charge again: already credited and acted on
    await deps.invoices.markPaid(invoice.id, sp.telegram_payment_charge_id).catch((err: unknown) => deps.logger.warn({ err, invoice: invoice.id }, "invoice not marked paid"));
    if (landing === "pending") {
      await ctx.reply(u.t("topup-delayed", { amount: u.money(sp.total_amount) }));
      return;
    }
    await ctx.reply(u.t("topup-credited", { amount: u.money(sp.total_amount) }));
    const draft = invoice.draftId ? await drafts.get(invoice.draftId, userId) : undefined;
    const isp = draft ? ispOf(draft.isp) : undefined;
    if (!draft || !isp || draft.state !== "confirming") return;
    await ctx.reply(u.t("topup-continues"));
    await pay(ctx, draft.id, draft.lookup!.options.findIndex((o) => o.key === draft.optionKey), "send");
  }

  return { pay, sendInvoice, preCheckout, successfulPayment };
}
