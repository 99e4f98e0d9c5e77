/**
 * Callback data: what a button carries. It comes back from the client, so it is never trusted: it
 * holds only an opaque id (a draft, a saved account, a payment) and small numbers, parsed strictly;
 * owners, options and amounts are looked up on the server. Each feature owns a prefix and a codec;
 * `onData` routes that prefix to it, and data a codec does not accept is an expired button.
 */
import type { CallbackQueryContext, Composer } from "grammy";
import { DRAFT_ID } from "../store/drafts.js";
import type { BotContext } from "./context.js";
import { expired } from "./ui.js";

/** Longest data we accept (Telegram allows 64 bytes). */
const MAX_DATA = 64;

/** Field patterns every codec uses. */
export const FIELD = {
  /** A page number or an index. */
  small: /^(0|[1-9]\d{0,4})$/,
  /** A database id. */
  id: /^[1-9]\d{0,15}$/,
  /** A renewal draft's id. */
  draft: DRAFT_ID,
  /** A catalogue id (an ISP). */
  slug: /^[a-z0-9]+(-[a-z0-9]+)*$/,
} as const;

/** A feature's button data: `prefix:field:field...`. */
export interface Codec<T> {
  prefix: string;
  encode(value: T): string;
  /** The value of data we made, or `undefined` (the fields after the prefix are given). */
  decode(fields: string[]): T | undefined;
}

/** Splits data of `prefix` into its fields; `undefined` when it is not ours or too long. */
export function fieldsOf(prefix: string, raw: string | undefined): string[] | undefined {
  if (!raw || raw.length > MAX_DATA) return undefined;
  const parts = raw.split(":");
  return parts[0] === prefix ? parts.slice(1) : undefined;
}

/**
 * Routes the buttons of `codec`'s prefix to `handle`, with the data decoded; data of the prefix that
 * does not decode is answered "expired".
 */
export function onData<T>(c: Composer<BotContext>, codec: Codec<T>, handle: (ctx: CallbackQueryContext<BotContext>, value: T) => Promise<unknown>): void {
  const trigger = new RegExp(`^${codec.prefix}(:|$)`);
  c.callbackQuery(trigger, async (ctx) => {
    const fields = fieldsOf(codec.prefix, ctx.callbackQuery.data);
    const value = fields ? codec.decode(fields) : undefined;
    if (value === undefined) return expired(ctx);
    await handle(ctx, value);
  });
}
