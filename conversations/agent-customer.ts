/**
 * An agent names the customer they pay for: the ISP's account (re-asked on bad input), then,
 * optionally, the customer's phone number or their shared Telegram contact (for the receipt; Skip
 * is a button); then the renewal's lookup, on a draft that names the customer. A saved customer
 * skips the questions. Also the search of an agent's saved customers: one line, then the matches.
 * Bounded like the renewal's: at most three lookups, re-prompts through `otherwise`.
 */
import type { Context } from "grammy";
import type { BotDeps } from "../src/bot/context.js";
import { agentButton } from "../src/bot/features/agent/callbacks.js";
import { customerPrompt, searchPrompt, searchResults } from "../src/bot/features/agent/screens.js";
import type { Renewal } from "../src/bot/features/renew/flow.js";
import { accountPrompt, badAccount } from "../src/bot/features/renew/picker.js";
import { render } from "../src/bot/ui.js";
import { normalizeAccount } from "../src/providers/catalog.js";
import { customerName, normalizePhone } from "../src/store/customers.js";
import type { DraftCustomer } from "../src/store/drafts.js";
import { type Convo, idleMs, uiFor, waitForLine } from "./steps.js";

/** A saved customer's renewal: no questions. */
export interface AgentPreset {
  account: string;
  connection?: string;
  customer: DraftCustomer;
}

const ATTEMPTS = 3;
const SKIP = agentButton.encode({ verb: "skip" });

/** Waits for the customer's phone, shared contact or Skip; a line that is no phone number is asked again. */
async function askCustomer(conversation: Convo, deps: BotDeps, bad: string): Promise<DraftCustomer> {
  const answer = await conversation
    .waitUntil(
      (c) =>
        c.callbackQuery?.data === SKIP ||
        c.message?.contact !== undefined ||
        (typeof c.message?.text === "string" && !c.message.text.startsWith("/")),
      { next: true, maxMilliseconds: idleMs(deps) },
    )
    .and((c) => c.callbackQuery !== undefined || c.message?.contact !== undefined || normalizePhone(c.message?.text ?? "") !== undefined, {
      otherwise: (c) => c.reply(bad),
    });
  if (answer.callbackQuery) {
    await answer.answerCallbackQuery();
    await answer.editMessageReplyMarkup().catch(() => {});
    return {};
  }
  const contact = answer.message?.contact;
  if (contact) {
    // A shared contact's user id says only where the receipt goes.
    const name = customerName([contact.first_name, contact.last_name].filter(Boolean).join(" "));
    const phone = normalizePhone(contact.phone_number);
    return { ...(name ? { name } : {}), ...(phone ? { phone } : {}), ...(contact.user_id !== undefined ? { userId: contact.user_id } : {}) };
  }
  return { phone: normalizePhone(answer.message!.text!)! };
}

/** Paying for a customer: the account, the customer's phone or contact, the lookup (or a saved customer's lookup at once). */
export function agentCustomerConversation(deps: BotDeps, renewal: Renewal) {
  return async function agentCustomer(conversation: Convo, _ctx: Context, ispId: string, preset?: AgentPreset): Promise<void> {
    const isp = deps.services.upstream.isp(ispId);
    if (!isp) return;
    if (preset) {
      await conversation.external((octx) =>
        renewal.lookupAndShow(octx, { ispId, account: preset.account, connection: preset.connection, canRetry: false, customer: preset.customer }),
      );
      return;
    }
    const ui = await uiFor(conversation, deps);
    const field = isp.routes[0]!.accountField;
    let customer: DraftCustomer | undefined;
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      if (attempt === 1) {
        // The question replaces the provider list it was chosen from.
        await conversation.external(async (octx) => {
          await Promise.all([deps.activity.touch(octx.chatId!), render(octx, accountPrompt(ui, isp), "edit")]);
        });
      }
      const account = await waitForLine(conversation, deps, (t) => normalizeAccount(field, t), (t) => badAccount(ui, isp, t));
      if (!customer) {
        await conversation.external((octx) => render(octx, customerPrompt(ui), "send"));
        customer = await askCustomer(conversation, deps, ui.t("agent-bad-phone"));
      }
      const who = customer;
      const step = await conversation.external((octx) => renewal.lookupAndShow(octx, { ispId, account, canRetry: attempt < ATTEMPTS, customer: who }));
      if (step.status !== "rejected") return;
    }
  };
}

/** One search of the agent's saved customers: a line of text, then the matches (one tap renews). */
export function customerSearchConversation(deps: BotDeps) {
  return async function customerSearch(conversation: Convo): Promise<void> {
    const ui = await uiFor(conversation, deps);
    await conversation.external(async (octx) => {
      await Promise.all([deps.activity.touch(octx.chatId!), render(octx, searchPrompt(ui), "edit")]);
    });
    const text = await waitForLine(
      conversation,
      deps,
      (t) => {
        const q = t.replace(/\s+/g, " ").trim();
        return q.length >= 1 && q.length <= 40 ? q : undefined;
      },
      () => ui.t("customers-search-bad"),
    );
    await conversation.external(async (octx) => {
      const found = await deps.customers.search(octx.from!.id, text);
      await deps.activity.clear(octx.chatId!);
      await render(octx, searchResults(ui, text, found, (id) => deps.services.upstream.isp(id)?.name ?? id), "send");
    });
  };
}
