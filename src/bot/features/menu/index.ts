/**
 * /start and the main menu, /help, /cancel (leaves any dialogue), and the answer to text nobody
 * else took (`fallbackFeature`, mounted last).
 */
import { Composer, InlineKeyboard } from "grammy";
import type { BotContext, BotDeps } from "../../context.js";
import type { Role } from "../../roles.js";
import { backToMenu, navData, plain, render, type Screen, screen, type Ui } from "../../ui.js";

/** The main menu of a role: everyone's items, then an agent's (pay for a customer, customers) or an admin's. */
export function mainMenu(ui: Ui, name?: string, role: Role = "customer"): Screen {
  const kb = new InlineKeyboard().text(ui.t("menu-renew"), navData("renew")).row();
  if (role === "agent") kb.text(ui.t("menu-agentpay"), navData("agentpay")).text(ui.t("menu-customers"), navData("customers")).row();
  if (role === "admin") kb.text(ui.t("menu-admin"), navData("panel")).row();
  kb
    .text(ui.t("menu-accounts"), navData("accounts"))
    .text(ui.t("menu-wallet"), navData("wallet"))
    .row()
    .text(ui.t("menu-history"), navData("history"))
    .text(ui.t("menu-language"), navData("lang"))
    .row()
    .text(ui.t("menu-help"), navData("help"));
  return screen(ui, [name ? ui.t("welcome", { name }) : undefined, ui.t("menu-title")], kb);
}

export function help(ui: Ui): Screen {
  return screen(ui, [ui.t("help")], backToMenu(ui));
}

export function menuFeature(deps: BotDeps): Composer<BotContext> {
  const c = new Composer<BotContext>();

  c.command("start", async (ctx) => {
    await ctx.conversation.exitAll();
    ctx.session.ispFilterOpen = false;
    await render(ctx, mainMenu(ctx.ui, ctx.from?.first_name, await ctx.role()), "send");
  });

  c.command("cancel", async (ctx) => {
    const active = Object.keys(await ctx.conversation.active()).length > 0;
    await ctx.conversation.exitAll();
    const drafts = ctx.from ? await deps.drafts.cancelOpen(ctx.from.id) : 0;
    ctx.session.ispFilterOpen = false;
    if (ctx.chatId !== undefined) await deps.activity.clear(ctx.chatId);
    await ctx.reply(plain(ctx.ui, ctx.ui.t(active || drafts > 0 ? "cancelled" : "nothing-to-cancel")).text);
  });

  c.command("help", (ctx) => render(ctx, help(ctx.ui), "send"));

  c.callbackQuery(navData("home"), async (ctx) => {
    await ctx.answerCallbackQuery();
    ctx.session.ispFilterOpen = false;
    await render(ctx, mainMenu(ctx.ui, undefined, await ctx.role()));
  });
  c.callbackQuery(navData("help"), async (ctx) => {
    await ctx.answerCallbackQuery();
    await render(ctx, help(ctx.ui));
  });
  return c;
}

/** Text nobody else took: a hint and the menu. */
export function fallbackFeature(): Composer<BotContext> {
  const c = new Composer<BotContext>();
  c.on("message:text", async (ctx) => {
    const s = mainMenu(ctx.ui);
    await ctx.reply(`${ctx.ui.t("use-buttons")}\n\n${s.text}`, { reply_markup: s.keyboard });
  });
  return c;
}
