/**
 * Running the service: the admin panel (`navData("panel")`), agents (`/agent`, `/agents`, and
 * `/become_agent` for anyone), `/credit`, `/pending`, `/find` and `/stats`. Every admin command
 * and button checks the role at the moment of use (`requireRole`): anyone else is refused
 * politely, nothing happens, and the refusal is logged.
 */
import { Composer } from "grammy";
import { startOfNepalDay } from "../../../shared/nepal-time.js";
import { onData } from "../../codec.js";
import type { BotContext, BotDeps } from "../../context.js";
import { requireRole } from "../../roles.js";
import { navData, plain, render, type Screen, type Ui } from "../../ui.js";
import { agentsList, agentsPart } from "./agents.js";
import { panelButton } from "./callbacks.js";
import { creditPart } from "./credit.js";
import { paymentsPart, sendPending } from "./payments.js";
import { panelScreen, type Period, PERIOD_DAYS, PERIODS, statsScreen } from "./screens.js";

const DAY_MS = 24 * 3600_000;

/** `/stats` of a period: today (since midnight in Nepal), or the last 7 or 30 days. */
export async function statsOf(deps: BotDeps, ui: Ui, period: Period): Promise<Screen> {
  const { money, upstream } = deps.services;
  const to = new Date();
  const days = PERIOD_DAYS[period];
  const from = days === 0 ? startOfNepalDay(to) : new Date(to.getTime() - days * DAY_MS);
  const [figures, credit] = await Promise.all([money.figures({ from, to }), upstream.credit()]);
  return statsScreen(ui, period, figures, credit, { ispName: (id) => upstream.isp(id)?.name ?? id, lowCreditPaisa: deps.config.lowCreditWarnPaisa });
}

/** The admin feature: its parts, /stats and the panel. */
export function adminFeature(deps: BotDeps): Composer<BotContext> {
  const c = new Composer<BotContext>();
  const adminOnly = requireRole(["admin"], deps.logger);
  // Parts with a dialogue register it before their buttons.
  c.use(agentsPart(deps));
  c.use(paymentsPart(deps));
  c.use(creditPart(deps));

  c.command("stats", adminOnly, async (ctx) => {
    const period = (ctx.match.trim().toLowerCase() || "today") as Period;
    if (!PERIODS.includes(period)) return void (await ctx.reply(plain(ctx.ui, ctx.ui.t("admin-stats-usage")).text));
    await render(ctx, await statsOf(deps, ctx.ui, period), "send");
  });

  c.callbackQuery(navData("panel"), adminOnly, async (ctx) => {
    await ctx.answerCallbackQuery();
    await render(ctx, panelScreen(ctx.ui));
  });
  c.callbackQuery(/^ap(:|$)/, adminOnly);
  onData(c, panelButton, async (ctx, item) => {
    if (item === "broadcast") return void (await ctx.answerCallbackQuery({ text: ctx.ui.t("admin-use-broadcast"), show_alert: true }));
    await ctx.answerCallbackQuery();
    if (item === "pending") return sendPending(deps, ctx);
    await render(ctx, item === "stats" ? await statsOf(deps, ctx.ui, "today") : await agentsList(deps, ctx), "send");
  });
  return c;
}
