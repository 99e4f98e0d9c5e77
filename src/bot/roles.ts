/**
 * Who is calling: a customer, an agent or an admin. Admins are the ids in `ADMIN_IDS`; agents are
 * kept in the database. The role is resolved at most once per update, when something first asks
 * (`ctx.role()`), so an update that needs no role costs no database round trip; it is never cached
 * across updates, so a removed agent loses access at once. Features for agents and admins are
 * mounted behind `requireRole`, which refuses politely, does nothing else, and logs the refusal.
 */
import type { Middleware } from "grammy";
import type { Logger } from "pino";
import type { BotContext } from "./context.js";

export type Role = "customer" | "agent" | "admin";

export interface RoleFlavor {
  /** The caller's role for this update (resolved once, on first use). */
  role(): Promise<Role>;
}

export interface RoleSources {
  adminIds: readonly number[];
  /** Whether a user is an active agent now (the database). */
  isAgent?: (userId: number) => Promise<boolean>;
}

/** Installs `ctx.role()` for every update. */
export function roles(sources: RoleSources): Middleware<BotContext> {
  const admins = new Set(sources.adminIds);
  return async (ctx, next) => {
    let resolved: Promise<Role> | undefined;
    ctx.role = () =>
      (resolved ??= (async (): Promise<Role> => {
        const id = ctx.from?.id;
        if (id === undefined) return "customer";
        if (admins.has(id)) return "admin";
        return (await sources.isAgent?.(id)) ? "agent" : "customer";
      })());
    await next();
  };
}

/**
 * Lets the update on only for callers in `allowed`; placed after a feature's trigger (its command or
 * button), so only updates meant for that feature are checked. Anyone else is answered "not
 * allowed", nothing else happens, and the refusal is logged.
 */
export function requireRole(allowed: readonly Role[], logger: Logger): Middleware<BotContext> {
  return async (ctx, next) => {
    const role = await ctx.role();
    if (allowed.includes(role)) return next();
    logger.warn({ user: ctx.from?.id, role, update: ctx.update.update_id, allowed }, "refused: role");
    const text = ctx.ui.t("not-allowed");
    if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text }).catch(() => {});
    else if (ctx.chatId !== undefined) await ctx.reply(text).catch(() => {});
  };
}
