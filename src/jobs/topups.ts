/** Card top-ups whose credit failed (`src/bot/topup-credits.ts`) are tried again until they land. */
import type { Api } from "grammy";
import type { BotDeps } from "../bot/context.js";
import { type ChatStorage, localeIn } from "../bot/storage.js";
import { makeUi } from "../bot/ui.js";
import type { Job } from "./scheduler.js";

/** How often pending top-up credits are tried again unless told. */
export const TOPUP_RETRY_MS = 15_000;

export function topUpJob(deps: BotDeps, api: Api, storage: ChatStorage, everyMs: number): Job {
  return {
    name: "topups",
    everyMs,
    run: () =>
      deps.topUps.retry(async (c) => {
        const ui = makeUi(await localeIn(storage, c.chatId), deps.t, deps.sandbox);
        await api.sendMessage(c.chatId, ui.frame(ui.t("topup-credited", { amount: ui.money(c.amountPaisa) })));
      }),
  };
}
