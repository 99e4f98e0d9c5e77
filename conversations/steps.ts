/**
 * Steps the dialogues share. Conversation code is replayed on every update: everything with a side
 * effect runs inside `conversation.external` with the live (outside) context and returns plain data.
 */
import type { Context } from "grammy";
import type { Conversation } from "@grammyjs/conversations";
import type { BotContext, BotDeps } from "../src/bot/context.js";
import { makeUi, type Ui } from "../src/bot/ui.js";

export type Convo = Conversation<BotContext, Context>;

/** The user's language and the sandbox banner, read once (from the session) and replayed after. */
export async function uiFor(conversation: Convo, deps: BotDeps): Promise<Ui> {
  const locale = await conversation.external((octx) => octx.ui.locale);
  return makeUi(locale, deps.t, deps.sandbox);
}

/** Milliseconds a wait may last before the dialogue counts as abandoned. */
export const idleMs = (deps: BotDeps) => deps.config.bot.idleSeconds * 1000;

/**
 * Waits for a line of text (not a command: commands and buttons pass on to the rest of the bot),
 * re-prompting with `invalid(text)` until `accept(text)` gives a value. The dialogue counts as
 * active again, unless `touch` is false (the caller's next step records that itself).
 */
export async function waitForLine<T>(
  conversation: Convo,
  deps: BotDeps,
  accept: (text: string) => T | undefined,
  invalid: (text: string) => string,
  { touch = true }: { touch?: boolean } = {},
): Promise<T> {
  const answer = await conversation
    .waitUntil((c) => typeof c.message?.text === "string" && !c.message.text.startsWith("/"), {
      next: true,
      maxMilliseconds: idleMs(deps),
    })
    .and((c) => accept(c.message!.text!) !== undefined, {
      otherwise: (c) => c.reply(invalid(c.message?.text ?? "")),
    });
  if (touch) await conversation.external((octx) => deps.activity.touch(octx.chatId!));
  return accept(answer.message!.text!)!;
}
