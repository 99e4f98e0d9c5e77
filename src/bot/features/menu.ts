/** /start, the main menu, help, language, and /cancel. */
import { Composer } from "grammy";
import type { BotContext, BotDeps } from "../context.js";
import type { Renewal } from "../renewal.js";
import { help, languageChoice, mainMenu, makeUi, plain } from "../screens.js";

export function menuFeature(deps: BotDeps, renewal: Renewal) {
  const c = new Composer<BotContext>();

  c.command("start", async (ctx) => {
    await ctx.conversation.exitAll();
    ctx.session.ispFilterOpen = false;
    const ui = await renewal.ui(ctx);
    const s = mainMenu(ui, ctx.from?.first_name);
    await ctx.reply(s.text, { reply_markup: s.keyboard });
  });

  c.command("cancel", async (ctx) => {
    const active = Object.keys(await ctx.conversation.active()).length > 0;
    await ctx.conversation.exitAll();
    const drafts = ctx.from ? await deps.drafts.cancelOpen(ctx.from.id) : 0;
    ctx.session.ispFilterOpen = false;
    if (ctx.chatId !== undefined) await deps.activity.clear(ctx.chatId);
    const ui = await renewal.ui(ctx);
    const s = plain(ui, ui.t(active || drafts > 0 ? "cancelled" : "nothing-to-cancel"));
    await ctx.reply(s.text);
  });

  c.command("help", async (ctx) => {
    const s = help(await renewal.ui(ctx));
    await ctx.reply(s.text, { reply_markup: s.keyboard });
  });

  c.command("language", async (ctx) => {
    const s = languageChoice(await renewal.ui(ctx));
    await ctx.reply(s.text, { reply_markup: s.keyboard });
  });

  return c;
}

/** Language buttons: saved in the session, so it holds everywhere, conversations included. */
export function languageButton(deps: BotDeps) {
  return async (ctx: BotContext, locale: "en" | "ne") => {
    await ctx.i18n.setLocale(locale);
    const ui = makeUi(locale, deps.t, deps.sandbox);
    await ctx.answerCallbackQuery({ text: ui.t("language-set") });
    const s = mainMenu(ui);
    await ctx.editMessageText(`${ui.t("language-set")}\n\n${s.text}`, { reply_markup: s.keyboard });
  };
}
