/**
 * Naming a saved account: after a successful renewal ("save this account?") or to rename one.
 * Asks for a name, re-asking when it is empty, too long, or already used by this user.
 */
import type { Context } from "grammy";
import type { BotDeps } from "../src/bot/context.js";
import { normalizeName } from "../src/store/accounts.js";
import { type Convo, uiFor, waitForLine } from "./steps.js";

const ATTEMPTS = 3;

/**
 * Asks for a name until `store` takes it (up to ATTEMPTS lines): a name already used is answered
 * "taken" and asked again. `store` runs inside `conversation.external`.
 */
async function askName(
  conversation: Convo,
  deps: BotDeps,
  ui: Awaited<ReturnType<typeof uiFor>>,
  store: (octx: Context, name: string) => Promise<"taken" | "done">,
): Promise<void> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const name = await waitForLine(conversation, deps, normalizeName, () => ui.t("bad-account-name"));
    const done = await conversation.external(async (octx) => {
      if ((await store(octx, name)) === "taken") {
        await octx.reply(ui.t("account-name-taken", { name }));
        return false;
      }
      await deps.activity.clear(octx.chatId!);
      return true;
    });
    if (done) return;
  }
}

export function saveAccountConversation(deps: BotDeps) {
  return async function saveAccount(conversation: Convo, _ctx: Context, draftId: string): Promise<void> {
    const ui = await uiFor(conversation, deps);
    const ready = await conversation.external(async (octx) => {
      const draft = await deps.drafts.get(draftId, octx.from!.id);
      if (!draft || draft.state !== "done" || !draft.lookup) {
        await octx.reply(ui.t("button-expired"));
        return false;
      }
      if (await deps.accounts.find(draft.userId, draft.isp, draft.account, draft.lookup.connection ?? null)) {
        await octx.reply(ui.t("account-exists"));
        return false;
      }
      await deps.activity.touch(octx.chatId!);
      await octx.reply(ui.t("ask-account-name"));
      return true;
    });
    if (!ready) return;
    await askName(conversation, deps, ui, async (octx, name) => {
      const draft = (await deps.drafts.get(draftId, octx.from!.id))!;
      const r = await deps.accounts.save({ userId: draft.userId, name, isp: draft.isp, account: draft.account, connection: draft.lookup?.connection ?? null });
      if (r === "name-taken") return "taken";
      await octx.reply(ui.t(r === "exists" ? "account-exists" : "account-saved", { name }));
      return "done";
    });
  };
}

export function renameAccountConversation(deps: BotDeps) {
  return async function renameAccount(conversation: Convo, _ctx: Context, accountId: number): Promise<void> {
    const ui = await uiFor(conversation, deps);
    const ok = await conversation.external(async (octx) => {
      const a = await deps.accounts.get(accountId, octx.from!.id);
      if (!a) return false;
      await deps.activity.touch(octx.chatId!);
      await octx.reply(ui.t("ask-account-name"));
      return true;
    });
    if (!ok) return;
    await askName(conversation, deps, ui, async (octx, name) => {
      const r = await deps.accounts.rename(accountId, octx.from!.id, name);
      if (r === "name-taken") return "taken";
      if (r === "ok") await octx.reply(ui.t("account-renamed", { name }));
      return "done";
    });
  };
}
