/**
 * Asking to become an agent (/become_agent): the shop name (re-asked when empty or too long), then
 * the request is stored and sent to every admin with Approve and Decline buttons.
 */
import type { Context } from "grammy";
import type { BotDeps } from "../src/bot/context.js";
import { sendRequestToAdmins } from "../src/bot/features/admin/agents.js";
import { normalizeShopName } from "../src/store/agents.js";
import { type Convo, uiFor, waitForLine } from "./steps.js";

/** The /become_agent dialogue (entered as "becomeAgent"). */
export function becomeAgentConversation(deps: BotDeps) {
  return async function becomeAgent(conversation: Convo, _ctx: Context): Promise<void> {
    const ui = await uiFor(conversation, deps);
    await conversation.external(async (octx) => {
      await deps.activity.touch(octx.chatId!);
      await octx.reply(ui.frame(ui.t("agent-ask-shop")));
    });
    const shop = await waitForLine(conversation, deps, normalizeShopName, () => ui.t("agent-bad-shop"), { touch: false });
    await conversation.external(async (octx) => {
      await deps.activity.clear(octx.chatId!);
      // Stored only when the user has no open request and is not an agent (checked again here).
      const request = await deps.agents.request(octx.from!.id, octx.from!.first_name, shop);
      if (!request) return void (await octx.reply(ui.frame(ui.t("agent-request-waiting"))));
      deps.logger.info({ user: request.userId, request: request.id }, "agent request");
      await octx.reply(ui.frame(ui.t("agent-request-sent", { shop })));
      await sendRequestToAdmins(octx.api, deps, request);
    });
  };
}
