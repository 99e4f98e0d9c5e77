/**
 * The renewal dialogue: ask the username or customer id (re-prompting on bad input), look it up and
 * show the customer with what can be paid. What follows (connection, package, option, confirmation,
 * pay) is driven by buttons on the server-side draft, outside this conversation, so paging costs no
 * stored state. A refused lookup ("Customer not found.") asks again, at most three times.
 */
import type { Context } from "grammy";
import type { BotDeps } from "../src/bot/context.js";
import type { Renewal } from "../src/bot/features/renew/flow.js";
import { accountPrompt, badAccount } from "../src/bot/features/renew/picker.js";
import { render } from "../src/bot/ui.js";
import { normalizeAccountFor } from "../src/providers/catalog.js";
import { type Convo, uiFor, waitForLine } from "./steps.js";

export interface RenewPreset {
  account: string;
  connection?: string;
}

const ATTEMPTS = 3;

export function renewConversation(deps: BotDeps, renewal: Renewal) {
  return async function renew(conversation: Convo, _ctx: Context, ispId: string, preset?: RenewPreset): Promise<void> {
    const isp = deps.services.upstream.isp(ispId);
    if (!isp) return;
    const ui = await uiFor(conversation, deps);
    let account = preset?.account;
    let prompted = false;
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      if (account === undefined) {
        if (!prompted) {
          // The first question replaces the provider list it was chosen from.
          const how = preset || attempt > 1 ? "send" : "edit";
          await conversation.external(async (octx) => {
            await Promise.all([deps.activity.touch(octx.chatId!), render(octx, accountPrompt(ui, isp), how)]);
          });
          prompted = true;
        }
        // The lookup below marks the dialogue active.
        account = await waitForLine(conversation, deps, (t) => normalizeAccountFor(isp, t), (t) => badAccount(ui, isp, t), { touch: false });
      }
      const typed: string = account;
      const step = await conversation.external((octx) =>
        renewal.lookupAndShow(octx, { ispId, account: typed, connection: preset?.connection, canRetry: attempt < ATTEMPTS }),
      );
      if (step.status !== "rejected") return;
      account = undefined; // the rejection message asked for it again
    }
  };
}
