/**
 * Agents: pay for a customer (the main menu's "Pay for a customer": the renewal's steps, paid from
 * the float, for a customer the agent names: a saved one, or ISP + account with an optional phone or
 * shared contact), saved customers (an address book with search; one tap renews), `/cashin`,
 * `/statement`, and the admins' `/commission`. Every command and button checks the role when it is
 * used: the gates below stand before the dialogue and the buttons of each prefix.
 */
import { Composer } from "grammy";
import { createConversation } from "@grammyjs/conversations";
import { agentCustomerConversation, customerSearchConversation } from "../../../../conversations/agent-customer.js";
import { customerName } from "../../../store/customers.js";
import { onData } from "../../codec.js";
import type { BotContext, BotDeps } from "../../context.js";
import { requireRole } from "../../roles.js";
import { expired, navData, render } from "../../ui.js";
import type { Renewal } from "../renew/flow.js";
import { ispPicker, type PickerButtons } from "../renew/picker.js";
import { agentButton, customerButton } from "./callbacks.js";
import { cashIn } from "./cashin.js";
import { commission } from "./commission.js";
import { AGENT_ROLES, allowedNow, deliverReceipt } from "./pay.js";
import { agentHome, customersScreen } from "./screens.js";
import { statement } from "./statement.js";

/** The agent's provider list: its buttons start paying for a customer. */
const AGENT_PICKER: PickerButtons = {
  isp: (id) => agentButton.encode({ verb: "i", isp: id }),
  page: (page) => agentButton.encode({ verb: "p", page }),
  title: "agent-isp-pick",
};

/** The agents' feature (and the admins' `/commission`); `renewal` is the bot's one renewal flow. */
export function agentFeature(deps: BotDeps, renewal: Renewal): Composer<BotContext> {
  const { upstream, money } = deps.services;
  const { customers, logger } = deps;
  const ispName = (id: string) => upstream.isp(id)?.name ?? id;
  const c = new Composer<BotContext>();

  // Role gates: an agent's buttons (also the dialogue's Skip) and an admin's; refused, they stop here.
  c.callbackQuery(/^(ag|cu|ci)(:|$)/, requireRole(AGENT_ROLES, logger));
  c.callbackQuery(/^cm(:|$)/, requireRole(["admin"], logger));

  c.use(createConversation(agentCustomerConversation(deps, renewal), { id: "agentCustomer" }));
  c.use(createConversation(customerSearchConversation(deps), { id: "customerSearch" }));

  const home = async (ctx: BotContext, how: "edit" | "send") => {
    const agentId = ctx.from!.id;
    ctx.session.ispFilterOpen = false;
    const [float, use, recent] = await Promise.all([money.balance(agentId, "float"), money.agents.dayUse(agentId), customers.list(agentId, 0)]);
    await render(ctx, agentHome(ctx.ui, { float, usedPaisa: use.payPaisa, limits: deps.config.agents, recent: recent.customers, ispName }), how);
  };
  const picker = async (ctx: BotContext, page: number, how: "edit" | "send", filter?: string) => {
    if (page === 0 && filter === undefined) await ctx.conversation.exitAll();
    const favourites = page === 0 && filter === undefined ? await customers.favouriteIsps(ctx.from!.id) : (ctx.session.ispFavourites ?? []);
    ctx.session.ispFavourites = favourites;
    ctx.session.ispFilterOpen = "agent";
    await render(ctx, ispPicker(ctx.ui, upstream.catalog, { page, favourites, filter, buttons: AGENT_PICKER }), how);
  };
  const list = async (ctx: BotContext, mode: "r" | "x", page: number, how: "edit" | "send", note?: string) => {
    const found = await customers.list(ctx.from!.id, page);
    if (found.customers.length === 0 && page > 0) return list(ctx, mode, 0, how, note);
    await render(ctx, customersScreen(ctx.ui, { ...found, page, mode, ispName, note }), how);
  };

  c.callbackQuery(navData("agentpay"), requireRole(AGENT_ROLES, logger), async (ctx) => {
    await ctx.answerCallbackQuery();
    await home(ctx, "edit");
  });
  c.callbackQuery(navData("customers"), requireRole(AGENT_ROLES, logger), async (ctx) => {
    await ctx.answerCallbackQuery();
    await list(ctx, "r", 0, "edit");
  });

  onData(c, agentButton, async (ctx, step) => {
    switch (step.verb) {
      case "new":
        await ctx.answerCallbackQuery();
        return picker(ctx, 0, "edit");
      case "p":
        await ctx.answerCallbackQuery();
        return picker(ctx, step.page, "edit");
      case "i":
        if (!upstream.isp(step.isp)) return expired(ctx);
        await ctx.answerCallbackQuery();
        ctx.session.ispFilterOpen = false;
        await ctx.conversation.exitAll();
        return ctx.conversation.enter("agentCustomer", step.isp);
      case "skip":
        // Only the dialogue that asked takes Skip; here it has ended.
        return expired(ctx);
    }
  });

  onData(c, customerButton, async (ctx, action) => {
    const agentId = ctx.from.id;
    switch (action.verb) {
      case "l":
        await ctx.answerCallbackQuery();
        return list(ctx, action.mode, action.page, "edit");
      case "q":
        await ctx.answerCallbackQuery();
        ctx.session.ispFilterOpen = false;
        await ctx.conversation.exitAll();
        return ctx.conversation.enter("customerSearch");
      case "r": {
        const saved = await customers.get(action.id, agentId);
        if (!saved || !upstream.isp(saved.isp)) return expired(ctx);
        await ctx.answerCallbackQuery();
        await customers.touch(saved.id);
        await ctx.editMessageReplyMarkup().catch(() => {});
        ctx.session.ispFilterOpen = false;
        await ctx.conversation.exitAll();
        const customer = {
          name: saved.name,
          ...(saved.phone ? { phone: saved.phone } : {}),
          ...(saved.contactUserId !== null ? { userId: saved.contactUserId } : {}),
          savedId: saved.id,
        };
        return ctx.conversation.enter("agentCustomer", saved.isp, { account: saved.account, connection: saved.connection ?? undefined, customer });
      }
      case "x": {
        const saved = await customers.get(action.id, agentId);
        if (!saved || !(await customers.remove(saved.id, agentId))) return expired(ctx);
        await ctx.answerCallbackQuery();
        return list(ctx, "x", 0, "edit", ctx.ui.t("customer-removed", { name: saved.name }));
      }
      case "s": {
        const draft = await deps.drafts.get(action.draftId, agentId);
        if (!draft || draft.state !== "done" || !draft.customer || !draft.lookup) return expired(ctx);
        const name = customerName(draft.customer.name ?? draft.lookup.customer.name ?? draft.lookup.connection ?? draft.account)!;
        const { customer, created } = await customers.save({
          agentUserId: agentId,
          name,
          isp: draft.isp,
          account: draft.account,
          connection: draft.lookup.connection ?? null,
          phone: draft.customer.phone ?? null,
          contactUserId: draft.customer.userId ?? null,
        });
        await ctx.answerCallbackQuery({ text: ctx.ui.t(created ? "customer-saved" : "customer-updated", { name: customer.name }) });
        // The Save button goes; the others stay.
        const kb = ctx.callbackQuery.message?.reply_markup?.inline_keyboard.filter((row) => !row.some((b) => "callback_data" in b && b.callback_data === ctx.callbackQuery.data));
        await ctx.editMessageReplyMarkup({ reply_markup: { inline_keyboard: kb ?? [] } }).catch(() => {});
        return;
      }
    }
  });

  cashIn(c, deps);
  statement(c, deps);
  commission(c, deps);

  // Typed text filters the agent's provider list while it is on screen.
  c.on("message:text", async (ctx, next) => {
    if (ctx.session.ispFilterOpen !== "agent" || ctx.message.text.startsWith("/")) return next();
    if (!(await allowedNow(ctx, AGENT_ROLES, logger))) return;
    await picker(ctx, 0, "send", ctx.message.text.trim().slice(0, 40));
  });
  return c;
}

/**
 * Receipts of payments agents made for this user (they shared the user's contact) that the user has
 * not had yet: handed over after /start's menu. Mounted before the menu, which ends /start.
 */
export function customerReceiptsFeature(deps: BotDeps): Composer<BotContext> {
  const c = new Composer<BotContext>();
  c.command("start", async (ctx, next) => {
    await next();
    const userId = ctx.from?.id;
    if (userId === undefined) return;
    try {
      const waiting = await deps.customers.undelivered(await deps.services.money.agents.paidFor(userId));
      for (const paymentId of waiting) await deliverReceipt(deps, ctx.api, ctx.ui, paymentId, userId);
    } catch (err) {
      deps.logger.warn({ err, user: userId }, "receipts for this customer not handed over yet");
    }
  });
  return c;
}
