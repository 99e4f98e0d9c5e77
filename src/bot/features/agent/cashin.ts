/**
 * Cash-in: `/cashin <user-id> <rupees>` moves money from the agent's float to a customer's wallet
 * after a confirmation that shows both names and the amount. The confirmation is kept on the server
 * (its button carries a random id), used once, by the agent it was shown to, while still an agent;
 * the money moves in one `cashin` journal entry, and the customer is told.
 */
import { type Composer, GrammyError } from "grammy";
import { InsufficientFunds, LimitExceeded } from "../../../money/index.js";
import { rupeesToPaisa } from "../../../shared/amount.js";
import { onData } from "../../codec.js";
import type { BotContext, BotDeps } from "../../context.js";
import { requireRole } from "../../roles.js";
import { expired, plain, render, short } from "../../ui.js";
import { cashInButton } from "./callbacks.js";
import { AGENT_ROLES, agentName, limitText } from "./pay.js";
import { cashInConfirm } from "./screens.js";

/** What a cash-in's confirmation keeps on the server. */
interface CashInPayload {
  customerId: number;
  customerName: string;
  amountPaisa: number;
}

/** `/cashin 7000002 500` or `/cashin 7000002 499.50`: the customer and the amount, or `undefined`. */
export function parseCashIn(text: string): { customerId: number; amountPaisa: number } | undefined {
  const m = /^\s*(\d{1,15})\s+(?:rs\.?\s*)?(\d{1,9}(?:\.\d{1,2})?)\s*$/i.exec(text);
  if (!m) return undefined;
  const amountPaisa = rupeesToPaisa(m[2]!);
  return amountPaisa !== undefined && amountPaisa > 0 ? { customerId: Number(m[1]), amountPaisa } : undefined;
}

/** How Telegram names a user: first and last name. */
const nameOf = (chat: { first_name?: string; last_name?: string; title?: string }) =>
  [chat.first_name, chat.last_name].filter(Boolean).join(" ") || chat.title || "?";

/** Adds `/cashin` and its confirmation buttons (`ci`) to `c`. */
export function cashIn(c: Composer<BotContext>, deps: BotDeps): void {
  const { money } = deps.services;
  const limits = deps.config.agents;

  c.command("cashin", requireRole(AGENT_ROLES, deps.logger), async (ctx) => {
    const u = ctx.ui;
    const agentId = ctx.from!.id;
    const asked = parseCashIn(ctx.match);
    if (!asked) return void (await ctx.reply(plain(u, u.t("cashin-usage")).text));
    const { customerId, amountPaisa } = asked;
    if (customerId === agentId) return void (await ctx.reply(plain(u, u.t("cashin-self")).text));
    if (amountPaisa > limits.cashInMaxPaisa) {
      return void (await ctx.reply(plain(u, limitText(u, new LimitExceeded("cashin-transaction", limits.cashInMaxPaisa, 0, amountPaisa))).text));
    }
    // The customer must be someone the bot knows (they opened it): their name is shown to confirm.
    const chat = await ctx.api.getChat(customerId).catch(() => undefined);
    if (!chat || chat.type !== "private") return void (await ctx.reply(plain(u, u.t("cashin-unknown", { id: String(customerId) })).text));
    const customerName = short(nameOf(chat), 60);
    const float = await money.balance(agentId, "float");
    if (float.availablePaisa < amountPaisa) {
      return void (await ctx.reply(plain(u, u.t("cashin-short", { float: u.money(float.availablePaisa), amount: u.money(amountPaisa) })).text));
    }
    const id = await deps.customers.confirmation("cashin", agentId, { customerId, customerName, amountPaisa } satisfies CashInPayload);
    const agent = await agentName(deps, agentId, ctx.from!.first_name);
    await render(ctx, cashInConfirm(u, { id, agent, customer: customerName, customerId, amountPaisa, float }), "send");
  });

  // The role is checked again when the button is pressed (the `ci` gate in index.ts).
  onData(c, cashInButton, async (ctx, { id, ok }) => {
    const u = ctx.ui;
    const agentId = ctx.from.id;
    if (!ok) {
      if (!(await deps.customers.cancelConfirmation(id, agentId))) return expired(ctx);
      await ctx.answerCallbackQuery();
      return void (await render(ctx, plain(u, u.t("cashin-cancelled"))));
    }
    const asked = await deps.customers.useConfirmation<CashInPayload>(id, agentId, "cashin", deps.config.bot.idleSeconds);
    if (!asked) return expired(ctx);
    await ctx.answerCallbackQuery();
    const { customerId, customerName, amountPaisa } = asked;
    let done;
    try {
      done = await money.agents.cashIn({ agentUserId: agentId, customerUserId: customerId, amountPaisa, externalId: `cashin:${id}`, limits, memo: `cash-in to ${customerId}` });
    } catch (err) {
      if (err instanceof LimitExceeded) return void (await render(ctx, plain(u, limitText(u, err))));
      if (err instanceof InsufficientFunds) {
        return void (await render(ctx, plain(u, u.t("cashin-short", { float: u.money(err.availablePaisa), amount: u.money(amountPaisa) }))));
      }
      if (err instanceof RangeError) return void (await render(ctx, plain(u, u.t("cashin-self"))));
      throw err;
    }
    const agent = await agentName(deps, agentId, ctx.from.first_name);
    // The customer is told in the agent's language (the bot keeps no other record of theirs here).
    const told = await ctx.api
      .sendMessage(customerId, plain(u, u.t("cashin-received", { agent: short(agent, 60), amount: u.money(amountPaisa), balance: u.money(done.wallet.availablePaisa) })).text)
      .then(
        () => true,
        (err: unknown) => {
          deps.logger.info({ err: err instanceof GrammyError ? err.description : err, customer: customerId }, "cash-in: customer not told");
          return false;
        },
      );
    await render(
      ctx,
      plain(
        u,
        [
          u.t("cashin-done", { amount: u.money(amountPaisa), customer: customerName, float: u.money(done.float.availablePaisa) }),
          u.t(told ? "cashin-told" : "cashin-not-told", { customer: customerName }),
        ].join("\n"),
      ),
    );
  });
}
