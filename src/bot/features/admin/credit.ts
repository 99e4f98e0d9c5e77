/**
 * `/credit <user-id> <rupees> [note]`: an admin funds a wallet, or an active agent's float. The
 * command only opens a pending credit (server-side, this admin's, expiring); its button, which
 * names the amount and the person, credits once: role, owner, state and expiry are checked when it
 * is pressed, and the grant is once per pending credit in the ledger, with the admin's id.
 */
import { Composer } from "grammy";
import { rupeesToPaisa } from "../../../shared/amount.js";
import { onData } from "../../codec.js";
import type { BotContext, BotDeps } from "../../context.js";
import { requireRole } from "../../roles.js";
import { expired, plain, render } from "../../ui.js";
import { creditButton } from "./callbacks.js";
import { tell } from "./common.js";
import { creditScreen, who } from "./screens.js";

/** How long a /credit waits for its confirmation. */
export const CREDIT_TTL_MINUTES = 10;
const NOTE_MAX = 200;

/** The arguments of /credit, or `undefined` when they do not parse. */
export function parseCredit(text: string): { userId: number; amountPaisa: number; note?: string } | undefined {
  const m = /^(\d{1,15})\s+(\d[\d.]*)(?:\s+([\s\S]+))?$/.exec(text.trim());
  if (!m) return undefined;
  const amountPaisa = rupeesToPaisa(m[2]);
  if (amountPaisa === undefined || amountPaisa <= 0) return undefined;
  const note = m[3]?.replace(/\s+/g, " ").trim().slice(0, NOTE_MAX);
  return { userId: Number(m[1]), amountPaisa, ...(note ? { note } : {}) };
}

/** /credit and its confirmation (`cr`). */
export function creditPart(deps: BotDeps): Composer<BotContext> {
  const { money } = deps.services;
  const { credits, names } = deps.admin;
  const c = new Composer<BotContext>();
  const adminOnly = requireRole(["admin"], deps.logger);

  c.command("credit", adminOnly, async (ctx) => {
    const args = parseCredit(ctx.match);
    if (!args) return void (await ctx.reply(plain(ctx.ui, ctx.ui.t("admin-credit-usage")).text));
    const agent = await deps.agents.get(args.userId);
    const to = agent?.active ? "float" : "wallet";
    const id = await credits.open({ adminId: ctx.from!.id, ...args, to, ttlSeconds: CREDIT_TTL_MINUTES * 60 });
    const name = await names.of(args.userId);
    await render(ctx, creditScreen(ctx.ui, { id, ...args, name, to, shop: agent?.shopName, minutes: CREDIT_TTL_MINUTES }), "send");
  });

  c.callbackQuery(/^cr(:|$)/, adminOnly);
  onData(c, creditButton, async (ctx, { confirm, id }) => {
    const adminId = ctx.from.id;
    const pending = await credits.get(id, adminId);
    if (!pending) return expired(ctx);
    const finish = async (key: string, args: Record<string, string | number> = {}) => {
      await ctx.answerCallbackQuery();
      await render(ctx, plain(ctx.ui, ctx.ui.t(key, args)));
    };
    if (pending.state !== "open") return finish(pending.state === "done" ? "admin-credit-already" : "admin-credit-cancelled");
    if (!confirm) {
      await credits.close(id, adminId, "cancelled");
      return finish("admin-credit-cancelled");
    }
    if (pending.expired) {
      await credits.close(id, adminId, "cancelled");
      return finish("admin-credit-expired");
    }
    const name = await names.of(pending.userId);
    const user = who(pending.userId, name);
    // The float was chosen because they were an agent: if they are not any more, nothing is credited.
    if (pending.to === "float" && !(await deps.agents.isAgent(pending.userId))) {
      await credits.close(id, adminId, "cancelled");
      return finish("admin-credit-not-agent", { user });
    }
    const granted = await money.grant({
      userId: pending.userId,
      amountPaisa: pending.amountPaisa,
      adminId,
      note: pending.note ?? undefined,
      to: pending.to,
      externalId: `credit:${pending.id}`,
    });
    await credits.close(id, adminId, "done");
    if (!granted.credited) return finish("admin-credit-already");
    deps.logger.info({ admin: adminId, user: pending.userId, amountPaisa: pending.amountPaisa, to: pending.to, entry: granted.entryId }, "credit");
    const amount = ctx.ui.money(pending.amountPaisa);
    await finish(pending.to === "float" ? "admin-credit-done-float" : "admin-credit-done-wallet", { amount, user, balance: ctx.ui.money(granted.balance.balancePaisa) });
    await tell(ctx.api, deps, pending.userId, (ui) =>
      plain(ui, ui.t(pending.to === "float" ? "credit-received-float" : "credit-received-wallet", {
        amount: ui.money(pending.amountPaisa),
        balance: ui.money(granted.balance.balancePaisa),
      })),
    );
  });
  return c;
}
