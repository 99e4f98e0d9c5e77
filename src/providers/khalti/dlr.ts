/**
 * Khalti's delivery report (khalti-common/dlr.md): a POST, `multipart/form-data`, with the
 * `reference` we sent, and `amount`, `status`, `detail` and `response_id`. It is not signed: anyone
 * who knows the URL can send one, so it is read only as a hint of which payment to ask about, never
 * as an outcome.
 */
import { z } from "zod";

/** Khalti's default field rule: up to 50 letters and digits (our references are 20 digits). */
const REFERENCE = /^[A-Za-z0-9]{1,50}$/;

const field = z.union([z.string(), z.number()]).transform(String).optional();

const report = z.looseObject({
  reference: z.union([z.string(), z.number()]).transform((v) => String(v).trim()).pipe(z.string().regex(REFERENCE)),
  status: field,
  detail: field,
});

/** What a delivery report says; only `reference` is used, and only to choose what to ask about. */
export interface DeliveryReport {
  reference: string;
  /** As Khalti sent it (for the log only: it decides nothing). */
  status?: string;
  detail?: string;
}

/** The report in `body` (form fields or JSON, as an object); undefined when it is not one. */
export function parseDeliveryReport(body: unknown): DeliveryReport | undefined {
  const parsed = report.safeParse(body);
  if (!parsed.success) return undefined;
  const { reference, status, detail } = parsed.data;
  return { reference, status: status?.slice(0, 40), detail: detail?.slice(0, 200) };
}
