/**
 * What every feature shares: the chat's language, a translator bound to it (`Ui`), screens (text and
 * an inline keyboard) with the sandbox banner, `render` (edit the pressed message or send a new one),
 * `expired` (the answer to any button we cannot honour), and the main menu's button data.
 */
import { type Context, GrammyError, InlineKeyboard, type MiddlewareFn } from "grammy";
import { formatRupees } from "../shared/amount.js";

export type Args = Record<string, string | number>;
export type Locale = "en" | "ne";
export type Translate = (locale: string, key: string, args?: Args) => string;

/** A translator bound to one user's language. */
export interface Ui {
  locale: Locale;
  t(key: string, args?: Args): string;
  money(paisa: number): string;
  /** The sandbox line on every screen, or "". */
  banner: string;
  /** `text` as a message: under the sandbox banner when there is one, cut to what Telegram takes. */
  frame(text: string): string;
}

/** A message the bot shows: text and, optionally, its buttons. */
export interface Screen {
  text: string;
  keyboard?: InlineKeyboard;
}

/**
 * The one place a chat's language is worked out: the choice kept in its session, else Telegram's
 * language code of the user (Nepali or English).
 */
export function localeOf(x: { session?: { __language_code?: string }; from?: { language_code?: string } }): Locale {
  const chosen = x.session?.__language_code;
  if (chosen === "en" || chosen === "ne") return chosen;
  return x.from?.language_code === "ne" ? "ne" : "en";
}

/** Telegram's limit is 4,096 characters; a message longer than this is cut. */
const MAX_TEXT = 4000;

/**
 * How long a text from an aggregator may be on screen (names, plans, statuses, reasons): an
 * aggregator that sends 5,000 characters gets them cut, and the message still goes.
 */
export const UPSTREAM_TEXT = { name: 80, plan: 100, status: 40, message: 300 } as const;

const fit = (text: string) => (text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text);

export function makeUi(locale: string, t: Translate, sandbox: boolean): Ui {
  const l: Locale = locale === "ne" ? "ne" : "en";
  const banner = sandbox ? t(l, "sandbox-banner") : "";
  return {
    locale: l,
    t: (key, args) => t(l, key, args),
    money: (paisa) => formatRupees(paisa, l),
    banner,
    frame: (text) => fit(banner ? `${banner}\n\n${text}` : text),
  };
}

/** Builds a `Ui` once per language (they hold no per-chat state). */
export function uiFactory(t: Translate, sandbox: boolean): (locale: string) => Ui {
  const made = { en: makeUi("en", t, sandbox), ne: makeUi("ne", t, sandbox) };
  return (locale) => (locale === "ne" ? made.ne : made.en);
}


/** A screen from lines (empty and missing ones left out), under the sandbox banner. */
export function screen(ui: Ui, lines: (string | undefined | false)[], keyboard?: InlineKeyboard): Screen {
  const body = lines.filter((l): l is string => typeof l === "string" && l.length > 0).join("\n");
  return { text: ui.frame(body), keyboard };
}

/** A screen of one text. */
export function plain(ui: Ui, text: string, keyboard?: InlineKeyboard): Screen {
  return screen(ui, [text], keyboard);
}

/** `text` cut to `max` characters with an ellipsis. */
export function short(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** The main menu's items; each feature answers its own (`navData`). */
export type MenuItem = "home" | "renew" | "accounts" | "wallet" | "history" | "lang" | "help" | "agentpay" | "customers" | "panel";

/** Button data of a main-menu item (matched exactly by the feature that owns the item). */
export const navData = (item: MenuItem) => `m:${item}`;

/** A keyboard with one button: back to the main menu. */
export const backToMenu = (ui: Ui) => new InlineKeyboard().text(ui.t("menu-back"), navData("home"));

/** What `render` and `expired` need of a context. */
interface RenderContext {
  callbackQuery?: { message?: { message_id: number } };
  editMessageText(text: string, other?: { reply_markup?: InlineKeyboard }): Promise<unknown>;
  reply(text: string, other?: { reply_markup?: InlineKeyboard }): Promise<{ message_id: number }>;
}

/** Edits the message the pressed button belongs to (`how` "edit"), or sends a new one. Returns its id. */
export async function render(ctx: RenderContext, s: Screen, how: "edit" | "send" = "edit"): Promise<number | undefined> {
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

/** The answer to a button that is stale, someone else's, altered or not ours: it does nothing. */
export async function expired(ctx: { ui: Ui; answerCallbackQuery(other?: { text?: string }): Promise<unknown> }): Promise<void> {
  await ctx.answerCallbackQuery({ text: ctx.ui.t("button-expired") }).catch(() => {});
}

/**
 * Installs `ctx.ui`: the translator in the chat's language as it stands when read (so a language
 * switch takes effect at once). An update without a chat has no session and speaks the user's
 * Telegram language.
 */
export function uiMiddleware<C extends Context & { ui: Ui }>(t: Translate, sandbox: boolean): MiddlewareFn<C> {
  const uiIn = uiFactory(t, sandbox);
  return async (ctx, next) => {
    Object.defineProperty(ctx, "ui", {
      get: () => {
        const session = ctx.chatId === undefined ? undefined : (ctx as { session?: { __language_code?: string } }).session;
        return uiIn(localeOf({ session, from: ctx.from }));
      },
    });
    await next();
  };
}
