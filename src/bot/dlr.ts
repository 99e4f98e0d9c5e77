/**
 * Khalti's delivery reports (webhook mode, at `KHALTI_DLR_PATH`). A report is not signed, so it is
 * only a hint: it makes the money core ask Khalti's status lookup about that one payment now
 * (`money.checkNow`), and what the status lookup says decides, as in reconciliation. A body that is
 * not a report is refused (400) with nothing done; a report of a reference we do not know is
 * answered 200 and changes nothing.
 */
import type { Logger } from "pino";
import type { Money } from "../money/index.js";
import { parseDeliveryReport } from "../providers/index.js";
import { RouteRefused } from "./webhook.js";

/** The webhook route's handler for Khalti's delivery reports. */
export function khaltiDlrRoute(money: Pick<Money, "checkNow">, logger: Logger): (body: unknown) => Promise<void> {
  return async (body) => {
    const report = parseDeliveryReport(body);
    if (!report) throw new RouteRefused("not a Khalti delivery report");
    const checked = await money.checkNow(report.reference, "khalti");
    logger.info({ reference: report.reference, reported: report.status, ...checked }, "Khalti delivery report: a hint, the status lookup decides");
  };
}
