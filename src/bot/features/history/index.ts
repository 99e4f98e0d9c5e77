/** History: the user's payments, paged; each opens its receipt. */
import { Composer, InlineKeyboard } from "grammy";
import type { Payment } from "../../../money/index.js";
import { onData } from "../../codec.js";
import type { BotContext, BotDeps } from "../../context.js";
import { receiptLines } from "../../receipt.js";
import { backToMenu, expired, navData, plain, render, type Screen, screen, short, type Ui } from "../../ui.js";
import { historyPageButton, receiptButton } from "./callbacks.js";

export const HISTORY_PAGE_SIZE = 5;

export function historyScreen(ui: Ui, payments: Payment[], page: number, hasMore: boolean, ispName: (id: string) => string): Screen {
  if (payments.length === 0 && page === 0) return screen(ui, [ui.t("history-empty")], backToMenu(ui));
  const kb = new InlineKeyboard();
  for (const p of payments) {
    const status = p.state === "succeeded" ? "status-succeeded" : p.state === "failed" ? "status-failed" : "status-pending";
    kb.text(
      ui.t("history-row", { status: ui.t(status), date: p.createdAt.slice(0, 10), isp: short(ispName(p.isp), 20), amount: ui.money(p.amountPaisa) }),
      receiptButton.encode(p.id),
    ).row();
  }
  if (page > 0) kb.text(ui.t("btn-prev"), historyPageButton.encode(page - 1));
  if (hasMore) kb.text(ui.t("btn-next"), historyPageButton.encode(page + 1));
  kb.row().text(ui.t("menu-back"), navData("home"));
  return screen(ui, [ui.t("history-title", { page: page + 1 })], kb);
}

export function historyFeature(deps: BotDeps): Composer<BotContext> {
  const { money, upstream } = deps.services;
  const ispName = (id: string) => upstream.isp(id)?.name ?? id;
  const c = new Composer<BotContext>();
  const show = async (ctx: BotContext, page: number, how: "edit" | "send") => {
    const rows = await money.history(ctx.from!.id, HISTORY_PAGE_SIZE + 1, page * HISTORY_PAGE_SIZE);
    await render(ctx, historyScreen(ctx.ui, rows.slice(0, HISTORY_PAGE_SIZE), page, rows.length > HISTORY_PAGE_SIZE, ispName), how);
  };
  c.command("history", (ctx) => show(ctx, 0, "send"));
  c.callbackQuery(navData("history"), async (ctx) => {
    await ctx.answerCallbackQuery();
    await show(ctx, 0, "edit");
  });
  onData(c, historyPageButton, async (ctx, page) => {
    await ctx.answerCallbackQuery();
    await show(ctx, page, "edit");
  });
  // A receipt opens only for its payer.
  onData(c, receiptButton, async (ctx, id) => {
    const p = await money.payment({ id });
    if (!p || p.payerUserId !== ctx.from.id) return expired(ctx);
    await ctx.answerCallbackQuery();
    const receipt = await money.receipt(p.id);
    const back = new InlineKeyboard().text(ctx.ui.t("btn-back"), historyPageButton.encode(0));
    if (!receipt) return void (await render(ctx, plain(ctx.ui, ctx.ui.t("receipt-none", { state: p.state }))));
    await render(ctx, screen(ctx.ui, receiptLines(ctx.ui, receipt, ispName(p.isp)), back));
  });
  return c;
}
