/**
 * The wallet: balance, held and available amounts, the latest movements; in the sandbox, a button
 * that adds test money (`demo`).
 */
import { Composer, InlineKeyboard } from "grammy";
import type { Balance, Movement } from "../../../money/index.js";
import { type Codec, onData } from "../../codec.js";
import type { BotContext, BotDeps } from "../../context.js";
import { expired, navData, render, type Screen, screen, type Ui } from "../../ui.js";

/** What one tap of the sandbox's test-money button adds: Rs 10,000. */
export const DEMO_GRANT_PAISA = 1_000_000;

const demoButton: Codec<true> = {
  prefix: "demo",
  encode: () => "demo",
  decode: (fields) => (fields.length === 0 ? true : undefined),
};

const MOVE_KINDS: Record<string, string> = { grant: "move-grant", topup: "move-topup", settle: "move-settle", adjust: "move-adjust", cashin: "move-cashin" };

export function walletScreen(ui: Ui, balance: Balance, moves: Movement[], opts: { demo: boolean; userId?: number }): Screen {
  const lines = [
    ui.t("wallet-title"),
    ui.t("wallet-balance", { amount: ui.money(balance.balancePaisa) }),
    balance.heldPaisa > 0 ? ui.t("wallet-held", { amount: ui.money(balance.heldPaisa) }) : undefined,
    ui.t("wallet-available", { amount: ui.money(balance.availablePaisa) }),
    "",
    moves.length > 0 ? ui.t("wallet-moves") : ui.t("wallet-no-moves"),
    ...moves.map((m) => `${m.at.slice(0, 10)} ${ui.t(MOVE_KINDS[m.kind] ?? "move-adjust", { amount: ui.money(Math.abs(m.amountPaisa)), memo: m.memo ?? "" })}`),
    "",
    ui.t("wallet-topup-how"),
    opts.userId !== undefined ? ui.t("wallet-user-id", { id: String(opts.userId) }) : undefined,
  ];
  const kb = new InlineKeyboard();
  if (opts.demo) kb.text(ui.t("btn-demo-money", { amount: ui.money(DEMO_GRANT_PAISA) }), demoButton.encode(true)).row();
  kb.text(ui.t("menu-back"), navData("home"));
  return screen(ui, lines, kb);
}

export function walletFeature(deps: BotDeps): Composer<BotContext> {
  const { money } = deps.services;
  const c = new Composer<BotContext>();
  const show = async (ctx: BotContext, how: "edit" | "send") => {
    const userId = ctx.from!.id;
    const [balance, moves] = await Promise.all([money.balance(userId), money.movements(userId, 5)]);
    await render(ctx, walletScreen(ctx.ui, balance, moves, { demo: deps.sandbox, userId }), how);
  };
  c.command("wallet", (ctx) => show(ctx, "send"));
  c.callbackQuery(navData("wallet"), async (ctx) => {
    await ctx.answerCallbackQuery();
    await show(ctx, "edit");
  });
  // Test money exists only in the sandbox; anywhere else the button has expired.
  onData(c, demoButton, async (ctx) => {
    if (!deps.sandbox) return expired(ctx);
    await money.grant({ userId: ctx.from!.id, amountPaisa: DEMO_GRANT_PAISA, adminId: "sandbox", note: "sandbox test money" });
    await ctx.answerCallbackQuery({ text: ctx.ui.t("demo-money-added", { amount: ctx.ui.money(DEMO_GRANT_PAISA) }) });
    await show(ctx, "edit");
  });
  return c;
}
