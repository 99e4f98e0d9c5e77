/**
 * Payments as admins handle them: `/pending` (outcome unknown or flagged, each with check now,
 * resolve as success, fail and refund) and `/find <reference|account|user-id>` (matching payments
 * with their receipts). Every action re-reads the payment, is recorded with the admin's id
 * (`admin:<id>` in the payment's history) and says plainly when nothing changed because the payment
 * moved meanwhile. The payer is told by the notifier (`money.onResolved`).
 */
import { Composer } from "grammy";
import { createConversation } from "@grammyjs/conversations";
import { adminResolveConversation } from "../../../../conversations/admin-resolve.js";
import { NothingToResolve, type Payment } from "../../../money/index.js";
import { onData } from "../../codec.js";
import type { BotContext, BotDeps } from "../../context.js";
import { requireRole } from "../../roles.js";
import { expired, plain, render, type Screen, short, type Ui, UPSTREAM_TEXT } from "../../ui.js";
import { paymentButton } from "./callbacks.js";
import { paymentScreen, unsettled } from "./screens.js";

/** How many payments /pending shows (the oldest first). */
export const PENDING_SHOWN = 10;
/** How many payments /find shows (the newest first). */
export const FIND_SHOWN = 5;
/** What /find takes: a reference, an account or connection, or a user id. */
const QUERY = /^[A-Za-z0-9._@:-]{1,64}$/;

/** A payment's screen for admins, with its payer's name and, when it succeeded, its receipt. */
export async function paymentCard(deps: BotDeps, ui: Ui, p: Payment, extra: { note?: string; confirmRefund?: boolean; payerName?: string } = {}): Promise<Screen> {
  const { money, upstream } = deps.services;
  const [payerName, receipt] = await Promise.all([
    extra.payerName ?? deps.admin.names.of(p.payerUserId),
    p.state === "succeeded" ? money.receipt(p.id) : undefined,
  ]);
  return paymentScreen(ui, p, { ispName: upstream.isp(p.isp)?.name ?? p.isp, payerName, receipt, ...extra });
}

/** Sends a title, then one message per payment (its actions under it while its outcome is unknown). */
async function sendCards(deps: BotDeps, ctx: BotContext, title: string, payments: Payment[]): Promise<void> {
  await ctx.reply(plain(ctx.ui, title).text);
  const names = await deps.admin.names.ofMany([...new Set(payments.map((p) => p.payerUserId))]);
  for (const p of payments) await render(ctx, await paymentCard(deps, ctx.ui, p, { payerName: names.get(p.payerUserId) }), "send");
}

/** `/pending`: the payments whose outcome is unknown or flagged, oldest first. */
export async function sendPending(deps: BotDeps, ctx: BotContext): Promise<void> {
  const page = await deps.services.money.unsettled(PENDING_SHOWN);
  if (page.total === 0) return void (await ctx.reply(plain(ctx.ui, ctx.ui.t("admin-pending-none")).text));
  await sendCards(deps, ctx, ctx.ui.t("admin-pending-title", { count: page.total, shown: page.payments.length }), page.payments);
}

/** /pending, /find, the manual-resolve dialogue and a payment's actions (`pd`). */
export function paymentsPart(deps: BotDeps): Composer<BotContext> {
  const { money } = deps.services;
  const c = new Composer<BotContext>();
  c.use(createConversation(adminResolveConversation(deps), { id: "adminResolve" }));
  const adminOnly = requireRole(["admin"], deps.logger);

  c.command("pending", adminOnly, (ctx) => sendPending(deps, ctx));

  c.command("find", adminOnly, async (ctx) => {
    const query = ctx.match.trim();
    if (!QUERY.test(query)) return void (await ctx.reply(plain(ctx.ui, ctx.ui.t("admin-find-usage")).text));
    const page = await money.find(query, FIND_SHOWN);
    if (page.total === 0) return void (await ctx.reply(plain(ctx.ui, ctx.ui.t("admin-find-none", { query })).text));
    await sendCards(deps, ctx, ctx.ui.t("admin-find-title", { count: page.total, shown: page.payments.length, query }), page.payments);
  });

  c.callbackQuery(/^pd(:|$)/, adminOnly);
  onData(c, paymentButton, async (ctx, { verb, id }) => {
    const p = await money.payment({ id });
    if (!p) return expired(ctx);
    const adminId = ctx.from.id;
    const show = async (q: Payment, extra: { note?: string; confirmRefund?: boolean } = {}) => render(ctx, await paymentCard(deps, ctx.ui, q, extra));
    const unchanged = (q: Payment) => ctx.ui.t("admin-nothing-changed", { state: q.state });
    if (verb === "back") {
      await ctx.answerCallbackQuery();
      return show(p);
    }
    if (!unsettled(p)) {
      await ctx.answerCallbackQuery({ text: unchanged(p) });
      return show(p, { note: unchanged(p) });
    }
    deps.logger.info({ admin: adminId, payment: p.id, reference: p.reference, verb }, "admin payment action");
    switch (verb) {
      case "fail":
        await ctx.answerCallbackQuery();
        return show(p, { confirmRefund: true });
      case "success":
        await ctx.answerCallbackQuery();
        await ctx.editMessageReplyMarkup().catch(() => {});
        await ctx.conversation.exitAll();
        ctx.session.ispFilterOpen = false;
        return ctx.conversation.enter("adminResolve", p.id);
      case "check": {
        await ctx.answerCallbackQuery({ text: ctx.ui.t("admin-checking") });
        const r = await money.checkPayment({ reference: p.reference, adminId });
        const q = r.payment;
        const note = !r.outcome
          ? unchanged(q)
          : q.state === "pending"
            ? ctx.ui.t("admin-check-unknown", { message: short(r.outcome.message, UPSTREAM_TEXT.message) })
            : ctx.ui.t("admin-check-settled", { state: q.state });
        return show(q, { note });
      }
      case "refund": {
        // A payment left `submitted` too long becomes pending first, as reconciliation does.
        await money.recover();
        try {
          const q = await money.resolve({ reference: p.reference, adminId, outcome: "failed" });
          await ctx.answerCallbackQuery();
          return show(q, { note: ctx.ui.t("admin-refunded", { amount: ctx.ui.money(q.amountPaisa) }) });
        } catch (err) {
          if (!(err instanceof NothingToResolve)) throw err;
          await ctx.answerCallbackQuery({ text: unchanged(err.payment) });
          return show(err.payment, { note: unchanged(err.payment) });
        }
      }
    }
  });
  return c;
}
