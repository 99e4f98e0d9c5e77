/**
 * Renew internet (`/renew`, the menu's first button): the provider list (favourites first, paged,
 * filtered by typed text) → the account dialogue (`conversations/renew.ts`) → options, confirmation
 * and payment on the server-side draft (`flow.ts`, `pay.ts`).
 */
import { Composer } from "grammy";
import { createConversation } from "@grammyjs/conversations";
import { type RenewPreset, renewConversation } from "../../../../conversations/renew.js";
import { onData } from "../../codec.js";
import type { BotContext, BotDeps } from "../../context.js";
import { expired, navData, render } from "../../ui.js";
import { draftButton, ispButton, ispPageButton } from "./callbacks.js";
import { createRenewal, type Renewal } from "./flow.js";
import { ispPicker } from "./picker.js";

/** Starts the renewal of `ispId` (leaving any other dialogue); `preset` skips the account question. */
export async function startRenewal(ctx: BotContext, ispId: string, preset?: RenewPreset): Promise<void> {
  ctx.session.ispFilterOpen = false;
  await ctx.conversation.exitAll();
  await ctx.conversation.enter("renew", ispId, preset);
}

export function renewFeature(deps: BotDeps, renewal: Renewal = createRenewal(deps)): Composer<BotContext> {
  const { upstream } = deps.services;
  const c = new Composer<BotContext>();

  const showPicker = async (ctx: BotContext, page: number, how: "edit" | "send") => {
    // A new choice of provider leaves any dialogue: typed text now filters the list.
    if (page === 0) await ctx.conversation.exitAll();
    // Favourites come from PostgreSQL when the list opens; flipping pages reuses them.
    const favourites =
      page === 0 || !ctx.session.ispFavourites ? (ctx.from ? await deps.accounts.favouriteIsps(ctx.from.id) : []) : ctx.session.ispFavourites;
    ctx.session.ispFavourites = favourites;
    ctx.session.ispFilterOpen = true;
    await render(ctx, ispPicker(ctx.ui, upstream.catalog, { page, favourites }), how);
  };

  c.command("renew", (ctx) => showPicker(ctx, 0, "send"));
  c.use(createConversation(renewConversation(deps, renewal), { id: "renew" }));

  c.callbackQuery(navData("renew"), async (ctx) => {
    await ctx.answerCallbackQuery();
    await showPicker(ctx, 0, "edit");
  });
  onData(c, ispPageButton, async (ctx, page) => {
    await ctx.answerCallbackQuery();
    await showPicker(ctx, page, "edit");
  });
  onData(c, ispButton, async (ctx, id) => {
    if (!upstream.isp(id)) return expired(ctx);
    await ctx.answerCallbackQuery();
    // The dialogue edits the provider list into its question.
    await startRenewal(ctx, id);
  });
  onData(c, draftButton, (ctx, step) => renewal.onDraftButton(ctx, step));

  // Typed text filters the provider list while it is on screen.
  c.on("message:text", async (ctx, next) => {
    if (ctx.session.ispFilterOpen !== true || ctx.message.text.startsWith("/")) return next();
    const s = ispPicker(ctx.ui, upstream.catalog, { page: 0, favourites: [], filter: ctx.message.text.trim().slice(0, 40) });
    await render(ctx, s, "send");
  });
  return c;
}
