/**
 * My accounts: accounts saved under a name renew in two taps; rename and remove. "Save this
 * account" under a receipt starts the naming dialogue (`conversations/account-name.ts`).
 */
import { Composer, InlineKeyboard } from "grammy";
import { createConversation } from "@grammyjs/conversations";
import { renameAccountConversation, saveAccountConversation } from "../../../../conversations/account-name.js";
import type { SavedAccount } from "../../../store/accounts.js";
import { onData } from "../../codec.js";
import type { BotContext, BotDeps } from "../../context.js";
import { backToMenu, expired, navData, render, type Screen, screen, type Ui } from "../../ui.js";
import { startRenewal } from "../renew/index.js";
import { accountButton, saveButton } from "./callbacks.js";

export function accountsScreen(ui: Ui, saved: SavedAccount[], ispName: (id: string) => string): Screen {
  if (saved.length === 0) return screen(ui, [ui.t("accounts-empty")], backToMenu(ui));
  const kb = new InlineKeyboard();
  for (const a of saved.slice(0, 30)) {
    kb.text(ui.t("account-row", { name: a.name, isp: ispName(a.isp), account: a.connection ?? a.account }), accountButton.encode({ id: a.id, verb: "open" })).row();
  }
  kb.text(ui.t("menu-back"), navData("home"));
  return screen(ui, [ui.t("accounts-title")], kb);
}

export function accountActions(ui: Ui, a: SavedAccount, ispName: string): Screen {
  const kb = new InlineKeyboard()
    .text(ui.t("btn-renew-this"), accountButton.encode({ id: a.id, verb: "renew" }))
    .row()
    .text(ui.t("btn-rename"), accountButton.encode({ id: a.id, verb: "ren" }))
    .text(ui.t("btn-remove"), accountButton.encode({ id: a.id, verb: "del" }))
    .row()
    .text(ui.t("btn-back"), navData("accounts"));
  return screen(ui, [ui.t("account-actions", { name: a.name, isp: ispName, account: a.connection ? `${a.account} · ${a.connection}` : a.account })], kb);
}

export function accountsFeature(deps: BotDeps): Composer<BotContext> {
  const { accounts, drafts } = deps;
  const { upstream } = deps.services;
  const ispName = (id: string) => upstream.isp(id)?.name ?? id;
  const c = new Composer<BotContext>();
  const show = async (ctx: BotContext, how: "edit" | "send", note?: string) => {
    const s = accountsScreen(ctx.ui, await accounts.list(ctx.from!.id), ispName);
    await render(ctx, note ? { ...s, text: `${note}\n\n${s.text}` } : s, how);
  };

  c.command("accounts", (ctx) => show(ctx, "send"));
  c.use(createConversation(saveAccountConversation(deps), { id: "saveAccount" }));
  c.use(createConversation(renameAccountConversation(deps), { id: "renameAccount" }));

  c.callbackQuery(navData("accounts"), async (ctx) => {
    await ctx.answerCallbackQuery();
    await show(ctx, "edit");
  });
  onData(c, saveButton, async (ctx, draftId) => {
    const draft = await drafts.get(draftId, ctx.from.id);
    if (!draft || draft.state !== "done") return expired(ctx);
    await ctx.answerCallbackQuery();
    await ctx.editMessageReplyMarkup().catch(() => {});
    await ctx.conversation.exitAll();
    await ctx.conversation.enter("saveAccount", draftId);
  });
  // Every action first finds the account among the presser's own.
  onData(c, accountButton, async (ctx, { id, verb }) => {
    const account = await accounts.get(id, ctx.from.id);
    if (!account) return expired(ctx);
    await ctx.answerCallbackQuery();
    switch (verb) {
      case "open":
        return void (await render(ctx, accountActions(ctx.ui, account, ispName(account.isp))));
      case "renew":
        if (!upstream.isp(account.isp)) return expired(ctx);
        await accounts.touch(account.id);
        await ctx.editMessageReplyMarkup().catch(() => {});
        return startRenewal(ctx, account.isp, { account: account.account, connection: account.connection ?? undefined });
      case "ren":
        await ctx.conversation.exitAll();
        return ctx.conversation.enter("renameAccount", account.id);
      case "del":
        await accounts.remove(account.id, ctx.from.id);
        return show(ctx, "edit", ctx.ui.t("account-removed", { name: account.name }));
    }
  });
  return c;
}
