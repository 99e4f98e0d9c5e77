/**
 * Users' first names, as admins see them next to an id (/credit, /agents, /pending). Recorded in the
 * store when a user's name is first seen or changes: the session keeps the name last written, so an
 * ordinary update costs nothing more.
 */
import type { MiddlewareFn } from "grammy";
import type { BotContext, BotDeps } from "../../context.js";

/** Records the sender's first name when the session has not seen it yet (private chats). */
export function rememberNames(deps: BotDeps): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    const from = ctx.from;
    if (from && !from.is_bot && ctx.chat?.type === "private" && from.first_name && ctx.session.knownName !== from.first_name) {
      // Recorded while the update is handled (the answer does not wait for it); the session learns it
      // before it is written.
      const name = from.first_name;
      const recorded = deps.admin.names.remember(from.id, name).then(
        () => true,
        (err: unknown) => (deps.logger.warn({ err, user: from.id }, "name not recorded"), false),
      );
      try {
        await next();
      } finally {
        if (await recorded) ctx.session.knownName = name;
      }
      return;
    }
    await next();
  };
}
