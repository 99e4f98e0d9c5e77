/**
 * Tells payers how their pending payments ended: at once when this process resolves one
 * (`money.onResolved`), and on every run for the ones still unnotified (resolved by another
 * process, an admin's CLI, or while a message could not be sent). Each payment is told once: it is
 * claimed in the database before its message is sent, and given back when sending fails.
 */
import { GrammyError, type Api } from "grammy";
import type { Payment } from "../money/index.js";
import type { BotDeps } from "../bot/context.js";
import { receiptLines } from "../bot/receipt.js";
import { makeUi } from "../bot/ui.js";
import { type ChatStorage, localeIn } from "../bot/storage.js";
import type { Job } from "./scheduler.js";

/** How often the unnotified payments are swept unless told. */
export const NOTIFY_INTERVAL_MS = 30_000;

/** Telling payers: `notify` one payment, `sweep` every unnotified one. */
export function createNotifier(deps: BotDeps, api: Api, storage: ChatStorage) {
  const { money } = deps.services;
  async function send(p: Payment): Promise<void> {
    const ui = makeUi(await localeIn(storage, p.payerUserId), deps.t, deps.sandbox);
    const isp = deps.services.upstream.isp(p.isp)?.name ?? p.isp;
    const args = { amount: ui.money(p.amountPaisa), account: p.connection ?? p.account, isp };
    let text: string;
    if (p.state === "succeeded") {
      const receipt = await money.receipt(p.id);
      text = [ui.t("resolved-success", args), "", ...(receipt ? receiptLines(ui, receipt, isp) : [])].join("\n");
    } else {
      text = ui.t("resolved-failed", args);
    }
    await api.sendMessage(p.payerUserId, ui.frame(text));
  }
  /** Tells the payer, unless someone else has; throws (and gives the claim back) when it fails. */
  async function notify(p: Payment): Promise<void> {
    if (!(await money.markNotified(p.id))) return;
    try {
      await send(p);
    } catch (err) {
      // Blocked or deleted chats will never be reachable; anything else is tried again later.
      if (err instanceof GrammyError && err.error_code === 403) return;
      await money.unmarkNotified(p.id);
      throw err;
    }
  }
  return {
    notify,
    /** Every unnotified payment; one that fails is logged and left for a later sweep. */
    async sweep(): Promise<void> {
      for (const p of await money.unnotified()) {
        await notify(p).catch((err) => deps.logger.warn({ err, payment: p.id }, "payer not told yet"));
      }
    },
  };
}

/** The notifier as a job: listens to resolutions while this process runs, sweeps on schedule. */
export function notifyJob(deps: BotDeps, api: Api, storage: ChatStorage, everyMs: number): Job {
  const notifier = createNotifier(deps, api, storage);
  const inFlight = new Set<Promise<void>>();
  let unsubscribe: (() => void) | undefined;
  return {
    name: "notify",
    everyMs,
    async start() {
      unsubscribe = deps.services.money.onResolved((r) => {
        const told = notifier
          .notify(r.payment)
          .catch((err) => deps.logger.warn({ err, payment: r.payment.id }, "payer not told yet"))
          .finally(() => inFlight.delete(told));
        inFlight.add(told);
      });
    },
    run: () => notifier.sweep(),
    async stop() {
      unsubscribe?.();
      await Promise.allSettled([...inFlight]);
    },
  };
}
