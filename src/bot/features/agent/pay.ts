/**
 * Paying for a customer: the renewal's own steps (`features/renew`), on a draft that names the
 * customer. This module holds what differs: the agent's role checked at each step, the float as the
 * payer, the agent's limits and commission, the receipt that names the agent and the customer (a
 * message of its own, forwardable as it is), and handing that receipt to the customer.
 */
import { type Api, InlineKeyboard, type MiddlewareFn } from "grammy";
import type { Logger } from "pino";
import { type CustomerRef, LimitExceeded, type Receipt } from "../../../money/index.js";
import type { Isp, Option } from "../../../providers/index.js";
import type { Draft } from "../../../store/drafts.js";
import type { BotContext, BotDeps } from "../../context.js";
import { receiptLines } from "../../receipt.js";
import { requireRole, type Role } from "../../roles.js";
import { navData, type Screen, screen, short, type Ui, UPSTREAM_TEXT } from "../../ui.js";
import type { ForCustomer } from "../renew/screens.js";
import { customerButton } from "./callbacks.js";

/** Who may pay for customers, cash in and read a statement: agents (and admins, from their own float). */
export const AGENT_ROLES: readonly Role[] = ["agent", "admin"];

/** Whether the caller has one of `roles` now; anyone else is refused politely (and it is logged). */
export async function allowedNow(ctx: BotContext, roles: readonly Role[], logger: Logger): Promise<boolean> {
  let ok = false;
  await (requireRole(roles, logger) as MiddlewareFn<BotContext>)(ctx, async () => {
    ok = true;
  });
  return ok;
}

/** How an agent is named to customers: their shop's name, else `fallback`, else their id. */
export async function agentName(deps: BotDeps, userId: number, fallback?: string): Promise<string> {
  const agent = await deps.agents.get(userId);
  return agent?.shopName ?? fallback ?? String(userId);
}

/** Who an agent's renewal is for, as receipts and statements name them: name, and phone when known. */
export function customerLabel(draft: Pick<Draft, "customer" | "lookup" | "account">): string {
  const c = draft.customer ?? {};
  const name = c.name ?? draft.lookup?.customer.name ?? draft.lookup?.connection ?? draft.account;
  return short(c.phone ? `${name} · ${c.phone}` : name, 120);
}

/** The receipt a customer gets (forwarded by the agent, or sent by the bot): it names the agent and the customer. */
export function customerReceipt(ui: Ui, r: Receipt, ispName: string, agent: string): Screen {
  return screen(ui, [ui.t("customer-receipt-title", { agent: short(agent, 60) }), "", ...receiptLines(ui, r, ispName, ui.t("agent-payer", { name: short(agent, 60) }))]);
}

/**
 * Hands a payment's receipt to the customer it was made for (a Telegram user from a shared
 * contact), once: claimed first, given back when it cannot be sent (they get it at their next
 * /start). Whether it went now.
 */
export async function deliverReceipt(deps: BotDeps, api: Api, ui: Ui, paymentId: number, toUserId: number): Promise<boolean> {
  if (!(await deps.customers.claimReceipt(paymentId, toUserId))) return false;
  try {
    const receipt = await deps.services.money.receipt(paymentId);
    if (!receipt) throw new Error("no receipt");
    const payment = await deps.services.money.payment({ id: paymentId });
    const agent = await agentName(deps, payment!.payerUserId);
    const s = customerReceipt(ui, receipt, receipt.isp.name, agent);
    await api.sendMessage(toUserId, s.text);
    return true;
  } catch (err) {
    deps.logger.info({ err, payment: paymentId, to: toUserId }, "customer's receipt not delivered yet");
    await deps.customers.unclaimReceipt(paymentId);
    return false;
  }
}

/** The agent's side of paying for a customer (used by the renewal's flow and payment). */
export type CustomerPayment = ReturnType<typeof createCustomerPayment>;

/** The agent's side of paying for a customer, over `deps`. */
export function createCustomerPayment(deps: BotDeps) {
  const { money } = deps.services;

  const customerRef = (draft: Draft): CustomerRef => ({
    label: customerLabel(draft),
    ...(draft.customer?.phone ? { phone: draft.customer.phone } : {}),
    ...(draft.customer?.userId !== undefined ? { userId: draft.customer.userId } : {}),
    ...(draft.customer?.savedId !== undefined ? { savedId: draft.customer.savedId } : {}),
  });

  return {
    /** The caller may pay for customers now (refused politely otherwise). */
    allowed: (ctx: BotContext) => allowedNow(ctx, AGENT_ROLES, deps.logger),

    /** What the confirmation shows of the customer and the commission. */
    async confirmation(draft: Draft): Promise<ForCustomer> {
      return { label: customerLabel(draft), rateBp: await money.agents.commissionRate(draft.isp) };
    },

    /** Pays the draft's chosen option from the agent's float, within their limits. */
    pay(draft: Draft, option: Option) {
      return money.agents.payForCustomer({
        intent: { key: draft.intentKey!, payerUserId: draft.userId, lookup: draft.lookup!, optionKey: option.key },
        customer: customerRef(draft),
        limits: deps.config.agents,
      });
    },

    /** A payment a limit refused: which limit, how much, and what the day has used. */
    limitScreen(ui: Ui, err: LimitExceeded): Screen {
      return screen(ui, [limitText(ui, err)], new InlineKeyboard().text(ui.t("menu-back"), navData("home")));
    },

    /**
     * The payment succeeded: its receipt replaces "processing" as a message of its own (no buttons,
     * forwardable as it is); then the commission, the float, whether the customer got the receipt,
     * and what next. A customer known on Telegram gets the receipt now (or at their next /start).
     */
    async paid(ctx: BotContext, args: { draft: Draft; isp: Isp; receipt: Receipt; paymentId: number; show: (s: Screen) => Promise<unknown> }): Promise<void> {
      const { draft, isp, receipt, paymentId } = args;
      const u = ctx.ui;
      const name = await agentName(deps, draft.userId, ctx.from?.first_name);
      const label = customerLabel(draft);
      await args.show(
        screen(u, [u.t("agent-paid-title", { customer: short(label, UPSTREAM_TEXT.name) }), "", ...receiptLines(u, receipt, isp.name, u.t("agent-payer", { name: short(name, 60) }))]),
      );
      const toUserId = draft.customer?.userId;
      const savedId = draft.customer?.savedId;
      const [commission, float, delivered, saved] = await Promise.all([
        money.agents.commissionFor(paymentId),
        money.balance(draft.userId, "float"),
        toUserId !== undefined ? deliverReceipt(deps, ctx.api, u, paymentId, toUserId) : Promise.resolve(false),
        savedId !== undefined
          ? deps.customers.touch(savedId).then(() => true)
          : deps.customers.find(draft.userId, draft.isp, draft.account, draft.lookup?.connection ?? null).then((c) => c !== undefined),
      ]);
      const kb = new InlineKeyboard();
      if (!saved) kb.text(u.t("btn-save-customer"), customerButton.encode({ verb: "s", draftId: draft.id })).row();
      kb.text(u.t("btn-pay-another"), navData("agentpay")).row().text(u.t("menu-back"), navData("home"));
      const lines = [
        commission > 0 ? u.t("agent-commission-credited", { amount: u.money(commission) }) : undefined,
        u.t("agent-float-now", { amount: u.money(float.availablePaisa) }),
        delivered
          ? u.t("agent-receipt-sent")
          : toUserId !== undefined
            ? u.t("agent-receipt-later")
            : u.t("agent-receipt-forward"),
      ];
      await ctx.reply(screen(u, lines, kb).text, { reply_markup: kb });
    },
  };
}

/** Why a limit refused: its name, its size, and what the day has used already. */
export function limitText(ui: Ui, err: LimitExceeded): string {
  return ui.t(`limit-${err.limit}`, { limit: ui.money(err.limitPaisa), used: ui.money(err.usedPaisa), amount: ui.money(err.amountPaisa) });
}
