/**
 * An admin resolves a payment as a success by hand (from /pending or /find): the aggregator's
 * transaction id is asked (re-asked when it does not look like one), then the payment is settled
 * with it, recorded with the admin's id. The role is checked again when the id is typed, and a
 * payment that moved meanwhile is left as it is, and said so. The notifier tells the payer.
 */
import type { Context } from "grammy";
import type { BotDeps } from "../src/bot/context.js";
import { unsettled } from "../src/bot/features/admin/screens.js";
import { NothingToResolve } from "../src/money/index.js";
import { type Convo, uiFor, waitForLine } from "./steps.js";

/** An aggregator's transaction id as typed: one word of 1-64 letters, digits and `. _ : / -`. */
export function normalizeUpstreamId(text: string): string | undefined {
  const id = text.trim();
  return /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}$/.test(id) ? id : undefined;
}

/** The manual "resolve as success" dialogue (entered as "adminResolve" with the payment's id). */
export function adminResolveConversation(deps: BotDeps) {
  const { money } = deps.services;
  return async function adminResolve(conversation: Convo, _ctx: Context, paymentId: number): Promise<void> {
    const ui = await uiFor(conversation, deps);
    const reference = await conversation.external(async (octx) => {
      const p = await money.payment({ id: paymentId });
      if (!p || !unsettled(p)) {
        await octx.reply(ui.frame(ui.t("admin-nothing-changed", { state: p?.state ?? "gone" })));
        return undefined;
      }
      await deps.activity.touch(octx.chatId!);
      await octx.reply(ui.frame(ui.t("admin-resolve-ask", { reference: p.reference, amount: ui.money(p.amountPaisa) })));
      return p.reference;
    });
    if (!reference) return;
    const upstreamId = await waitForLine(conversation, deps, normalizeUpstreamId, () => ui.t("admin-resolve-bad-id"), { touch: false });
    await conversation.external(async (octx) => {
      await deps.activity.clear(octx.chatId!);
      const adminId = octx.from!.id;
      if ((await octx.role()) !== "admin") {
        deps.logger.warn({ user: adminId, payment: paymentId }, "refused: role (manual resolve)");
        return void (await octx.reply(ui.t("not-allowed")));
      }
      await money.recover();
      try {
        const p = await money.resolve({ reference, adminId, outcome: "success", upstreamId });
        deps.logger.info({ admin: adminId, payment: p.id, reference, upstreamId }, "resolved as success by an admin");
        await octx.reply(ui.frame(ui.t("admin-resolved-success", { reference, id: upstreamId, amount: ui.money(p.amountPaisa) })));
      } catch (err) {
        if (!(err instanceof NothingToResolve)) throw err;
        await octx.reply(ui.frame(ui.t("admin-nothing-changed", { state: err.payment.state })));
      }
    });
  };
}
