/**
 * Global Topup internet packages (Merosoft, globaltopup-merosoft-internet.md):
 * `/np/recharge/package` → the customer and options → `/np/recharge/execute`.
 * The execute body is ASSUMED by globaltopup-execute-and-status.md:
 * `{operator_id, operator_type_id, connection_no, reference_no, amount, package_id, package_name, session_id}`.
 */
import { z } from "zod";
import { paisaToRupees } from "../../shared/amount.js";
import type { FamilyAdapter, LookupRequest } from "../family.js";
import { nowIso } from "../family.js";
import { lookupReference } from "../reference.js";
import { anyId, parseOrMalformed, rupees } from "../schema.js";
import type { Lookup, Option } from "../types.js";
import type { GlobalTopupClient } from "./client.js";

/** The internet operator type id used throughout Global Topup's examples. */
export const INTERNET_OPERATOR_TYPE_ID = 5;

const packageData = z.looseObject({
  session_id: anyId,
  packages: z.looseObject({
    customer: z.string().nullish(),
    address: z.string().nullish(),
    message: z.string().nullish(),
    bill: rupees.nullish(),
    bill_type: z.string().nullish(),
    options: z.array(z.looseObject({ id: anyId, name: z.string(), amount: rupees })),
  }),
});

const REMAINING = /remaining days:\s*(\d+)|(\d+)\s*day\(s\)\s*remaining/i;

export function merosoftAdapter(client: GlobalTopupClient): FamilyAdapter {
  return {
    async lookup(req: LookupRequest): Promise<Lookup> {
      const operatorId = req.route.operatorId ?? 0;
      const data = parseOrMalformed(
        packageData,
        await client.lookup("/np/recharge/package", () => ({
          operator_id: operatorId,
          operator_type_id: INTERNET_OPERATOR_TYPE_ID,
          connection_no: req.account,
          reference_no: lookupReference(),
        })),
        "globaltopup",
        "package list",
      );
      const p = data.packages;
      const days = p.message ? REMAINING.exec(p.message) : null;
      const options: Option[] = p.options.map((o) => ({
        key: `pkg-${o.id}`,
        label: o.name.trim(),
        kind: "package",
        amountPaisa: o.amount,
        current: p.bill_type != null && o.name.trim() === p.bill_type.trim(),
        commit: { package_id: o.id, package_name: o.name },
      }));
      return {
        isp: req.isp,
        route: req.route,
        account: req.account,
        customer: {
          name: p.customer ?? undefined,
          address: p.address ?? undefined,
          plan: p.bill_type ?? undefined,
          duePaisa: p.bill ?? undefined,
          message: p.message ?? undefined,
          daysRemaining: days ? Number(days[1] ?? days[2]) : undefined,
        },
        options,
        notPayable: options.length === 0 ? { code: "nothing-to-pay", message: p.message ?? "No package to pay" } : undefined,
        session: { session_id: data.session_id },
        at: nowIso(),
      };
    },

    commit(lookup, option, reference) {
      return client.execute({
        operator_id: lookup.route.operatorId,
        operator_type_id: INTERNET_OPERATOR_TYPE_ID,
        connection_no: lookup.account,
        reference_no: reference,
        amount: paisaToRupees(option.amountPaisa),
        package_id: option.commit.package_id,
        package_name: option.commit.package_name,
        session_id: lookup.session.session_id,
      });
    },
  };
}
