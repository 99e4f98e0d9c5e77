/**
 * Language: English or Nepali, kept in the session (so it holds everywhere, conversations
 * included). The first choice comes from Telegram's language code (`localeOf`).
 */
import { Composer, InlineKeyboard } from "grammy";
import { type Codec, onData } from "../../codec.js";
import type { BotContext, BotDeps } from "../../context.js";
import { type Locale, navData, render, type Screen, screen, type Ui } from "../../ui.js";
import { mainMenu } from "../menu/index.js";

const languageButton: Codec<Locale> = {
  prefix: "l",
  encode: (locale) => `l:${locale}`,
  decode: ([locale, ...rest]) => (rest.length === 0 && (locale === "en" || locale === "ne") ? locale : undefined),
};

export function languageChoice(ui: Ui): Screen {
  const kb = new InlineKeyboard().text("English", languageButton.encode("en")).text("नेपाली", languageButton.encode("ne"));
  return screen(ui, [ui.t("language-choose")], kb);
}

export function languageFeature(_deps: BotDeps): Composer<BotContext> {
  const c = new Composer<BotContext>();
  c.command("language", (ctx) => render(ctx, languageChoice(ctx.ui), "send"));
  c.callbackQuery(navData("lang"), async (ctx) => {
    await ctx.answerCallbackQuery();
    await render(ctx, languageChoice(ctx.ui));
  });
  onData(c, languageButton, async (ctx, locale) => {
    await ctx.i18n.setLocale(locale);
    // `ctx.ui` follows the session: from here on it speaks the new language.
    const { ui } = ctx;
    await ctx.answerCallbackQuery({ text: ui.t("language-set") });
    const s = mainMenu(ui);
    await render(ctx, { ...s, text: `${ui.t("language-set")}\n\n${s.text}` });
  });
  return c;
}
