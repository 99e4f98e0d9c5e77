/**
 * Khalti `worldlink-v2` (khalti-worldlink-v2.md). Three kinds of customer:
 * 1. package switchable: options in `package_options`, no due;
 * 2. switchable with due: options in `available_renew_options`; `due_amount_till_now` is added to
 *    every package other than the subscribed one (`subscribed_package_id`, also spelled
 *    `subscribedPackageId`);
 * 3. due only: no options; `amount` is paid with no `package_id`.
 */
import { z } from "zod";
import { paisaToRupees } from "../../shared/amount.js";
import type { FamilyAdapter, LookupRequest } from "../family.js";
import { nowIso } from "../family.js";
import { anyId, rupees } from "../schema.js";
import type { BreakdownLine, Lookup, Option } from "../types.js";
import { type KhaltiClient, parseKhalti } from "./client.js";

const pkg = z.looseObject({ packageId: anyId, packageName: z.string(), packageRate: rupees });

const details = z.looseObject({
  username: z.string().nullish(),
  full_name: z.string().nullish(),
  subscribed_package_name: z.string().nullish(),
  subscribed_package_id: anyId.nullish(),
  subscribedPackageId: anyId.nullish(),
  days_remaining: z.number().nullish(),
  message: z.string().nullish(),
  package_options: z.array(pkg).nullish(),
  available_renew_options: z.array(pkg).nullish(),
  due_amount_till_now: rupees.nullish(),
  amount: rupees,
  session_id: anyId,
});

export function worldlinkAdapter(client: KhaltiClient): FamilyAdapter {
  return {
    async lookup(req: LookupRequest): Promise<Lookup> {
      const d = parseKhalti(
        details,
        await client.lookup("/api/servicegroup/details/worldlink-v2/", { username: req.account }),
        "customer details (worldlink-v2)",
      );
      const subscribed = d.subscribed_package_id ?? d.subscribedPackageId;
      const isSubscribed = (id: string | number) => subscribed !== undefined && subscribed !== null && String(id) === String(subscribed);
      const due = d.due_amount_till_now ?? 0;
      let options: Option[];
      if (d.package_options && d.package_options.length > 0) {
        options = d.package_options.map((p) => packageOption(p, isSubscribed(p.packageId), 0));
      } else if (d.available_renew_options && d.available_renew_options.length > 0) {
        options = d.available_renew_options.map((p) =>
          packageOption(p, isSubscribed(p.packageId), isSubscribed(p.packageId) ? 0 : due),
        );
      } else if (d.amount > 0) {
        options = [{ key: "due", label: "Due payment", kind: "due", amountPaisa: d.amount, commit: {} }];
      } else {
        options = [];
      }
      const duePaisa = d.due_amount_till_now ?? (options[0]?.kind === "due" ? d.amount : undefined);
      return {
        isp: req.isp,
        route: req.route,
        account: req.account,
        customer: {
          name: d.full_name ?? undefined,
          plan: d.subscribed_package_name ?? undefined,
          daysRemaining: d.days_remaining ?? undefined,
          duePaisa,
          message: d.message ?? undefined,
        },
        options,
        notPayable:
          options.length === 0 ? { code: "nothing-to-pay", message: d.message ?? "Nothing to pay" } : undefined,
        session: { session_id: d.session_id },
        at: nowIso(),
      };
    },

    commit(lookup, option, reference) {
      const body: Record<string, unknown> = {
        session_id: lookup.session.session_id,
        amount: paisaToRupees(option.amountPaisa),
        reference,
      };
      if (option.kind === "package") body.package_id = option.commit.package_id;
      return client.commit("/api/servicegroup/commit/worldlink-v2/", body);
    },
  };
}

function packageOption(p: z.output<typeof pkg>, current: boolean, duePaisa: number): Option {
  const label = p.packageName.trim();
  const breakdown: BreakdownLine[] | undefined =
    duePaisa > 0
      ? [
          { kind: "package", label, amountPaisa: p.packageRate },
          { kind: "due", label: "Due", amountPaisa: duePaisa },
        ]
      : undefined;
  return {
    key: `pkg-${p.packageId}`,
    label,
    kind: "package",
    amountPaisa: p.packageRate + duePaisa,
    breakdown,
    current,
    commit: { package_id: p.packageId },
  };
}
