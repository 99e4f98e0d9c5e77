/**
 * The aggregators' available credit (Khalti's balance API), checked on schedule: below
 * `LOW_CREDIT_WARN_RUPEES` every admin is warned, at most once every `LOW_CREDIT_REPEAT_SECONDS`
 * while it stays low (claimed in the database, so one process sends it), and at once again after it
 * has recovered and dropped anew.
 */
import type { Api } from "grammy";
import type { BotDeps } from "../bot/context.js";
import { creditLines } from "../bot/features/admin/screens.js";
import { type ChatStorage, localeIn } from "../bot/storage.js";
import { makeUi } from "../bot/ui.js";
import type { Job } from "./scheduler.js";

/** How often the credit is checked unless told. */
export const CREDIT_CHECK_MS = 15 * 60_000;
/** A warning that still stands is repeated after this long. */
export const LOW_CREDIT_REPEAT_SECONDS = 6 * 3600;

/** The low-credit check as a job (does nothing without admins or with the warning set to 0). */
export function lowCreditJob(deps: BotDeps, api: Api, storage: ChatStorage, everyMs: number): Job {
  const threshold = deps.config.lowCreditWarnPaisa;
  return {
    name: "credit",
    everyMs,
    async run() {
      if (threshold === 0 || deps.config.adminIds.length === 0) return;
      for (const credit of await deps.services.upstream.credit()) {
        if (credit.availablePaisa === undefined) continue;
        const key = `low-credit:${credit.aggregator}`;
        if (credit.availablePaisa >= threshold) {
          await deps.admin.alerts.clear(key);
          continue;
        }
        if (!(await deps.admin.alerts.claim(key, LOW_CREDIT_REPEAT_SECONDS))) continue;
        deps.logger.warn({ aggregator: credit.aggregator, availablePaisa: credit.availablePaisa, threshold }, "low aggregator credit");
        for (const adminId of deps.config.adminIds) {
          const ui = makeUi(await localeIn(storage, adminId), deps.t, deps.sandbox);
          await api
            .sendMessage(adminId, ui.frame(creditLines(ui, credit, threshold).join("\n")))
            .catch((err) => deps.logger.warn({ err, admin: adminId }, "low-credit warning not sent"));
        }
      }
    },
  };
}
