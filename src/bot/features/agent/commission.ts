/**
 * Commission rates (admins): `/commission` lists them; `/commission <isp> <percent>` asks to confirm
 * (a button with the random id of a confirmation kept on the server), then records the rate with the
 * admin's id. A rate applies to payments for customers claimed from then on.
 */
import type { Composer } from "grammy";
import type { Isp } from "../../../providers/index.js";
import { onData } from "../../codec.js";
import type { BotContext, BotDeps } from "../../context.js";
import { requireRole } from "../../roles.js";
import { expired, plain, render } from "../../ui.js";
import { percentOf } from "../renew/screens.js";
import { ispMatches } from "../renew/picker.js";
import { commissionButton } from "./callbacks.js";
import { commissionConfirm, commissionList } from "./screens.js";

/** A percentage with at most two decimals, 0-100, as basis points ("1.5" → 150), or `undefined`. */
export function parsePercent(text: string): number | undefined {
  const m = /^(\d{1,3})(?:\.(\d{1,2}))?%?$/.exec(text.trim());
  if (!m) return undefined;
  const bp = Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
  return bp <= 10_000 ? bp : undefined;
}

/** The ISP an admin named: its catalogue id, or a name that matches exactly one ISP. */
export function findIsp(catalog: readonly Isp[], name: string): Isp | undefined {
  const byId = catalog.find((i) => i.id === name.toLowerCase());
  if (byId) return byId;
  const found = catalog.filter((i) => ispMatches(i, name));
  const exact = found.filter((i) => i.name.toLowerCase().replace(/[^a-z0-9]/g, "") === name.toLowerCase().replace(/[^a-z0-9]/g, ""));
  if (exact.length === 1) return exact[0];
  return found.length === 1 ? found[0] : undefined;
}

/** What a commission confirmation keeps on the server. */
interface CommissionPayload {
  isp: string;
  rateBp: number;
}

/** Adds `/commission` and its confirmation buttons (`cm`) to `c`: admins only. */
export function commission(c: Composer<BotContext>, deps: BotDeps): void {
  const { upstream, money } = deps.services;
  const ispName = (id: string) => upstream.isp(id)?.name ?? id;

  c.command("commission", requireRole(["admin"], deps.logger), async (ctx) => {
    const u = ctx.ui;
    const args = ctx.match.trim().split(/\s+/).filter(Boolean);
    if (args.length === 0) return void (await render(ctx, commissionList(u, await money.agents.commissionRates(), ispName), "send"));
    const percent = args.length >= 2 ? parsePercent(args[args.length - 1]!) : undefined;
    const isp = args.length >= 2 ? findIsp(upstream.catalog, args.slice(0, -1).join(" ")) : undefined;
    if (percent === undefined || !isp) return void (await ctx.reply(plain(u, u.t("commission-usage")).text));
    const beforeBp = await money.agents.commissionRate(isp.id);
    const id = await deps.customers.confirmation("commission", ctx.from!.id, { isp: isp.id, rateBp: percent } satisfies CommissionPayload);
    await render(ctx, commissionConfirm(u, { id, isp: isp.name, beforeBp, rateBp: percent }), "send");
  });

  // The admin role is checked again when the button is pressed (the `cm` gate in index.ts).
  onData(c, commissionButton, async (ctx, { id, ok }) => {
    const u = ctx.ui;
    const adminId = ctx.from.id;
    if (!ok) {
      if (!(await deps.customers.cancelConfirmation(id, adminId))) return expired(ctx);
      await ctx.answerCallbackQuery();
      return void (await render(ctx, plain(u, u.t("commission-cancelled"))));
    }
    const asked = await deps.customers.useConfirmation<CommissionPayload>(id, adminId, "commission", deps.config.bot.idleSeconds);
    if (!asked) return expired(ctx);
    await ctx.answerCallbackQuery();
    const beforeBp = await money.agents.setCommissionRate({ isp: asked.isp, rateBp: asked.rateBp, adminId });
    await render(ctx, plain(u, u.t("commission-set", { isp: ispName(asked.isp), rate: percentOf(asked.rateBp), before: percentOf(beforeBp), admin: String(adminId) })));
  });
}
