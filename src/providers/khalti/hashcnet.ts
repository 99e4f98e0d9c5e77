/**
 * Khalti `hashcnet-v2` (khalti-hashcnet-v2.md): details → packages, each with durations → commit
 * one package and duration. `package_code` is not unique (two packages share 9 in the example), so
 * an option's key is the package's position and the duration code. The commit keys have
 * underscores (`package_code`, `duration_code`): the page lost them.
 */
import { z } from "zod";
import { paisaToRupees } from "../../shared/amount.js";
import type { FamilyAdapter, LookupRequest } from "../family.js";
import { nowIso } from "../family.js";
import { anyId, rupees } from "../schema.js";
import type { Lookup, Option } from "../types.js";
import { type KhaltiClient, parseKhalti } from "./client.js";

const details = z.looseObject({
  customer_name: z.string().nullish(),
  current_plan: z.string().nullish(),
  days_remaining: z.number().nullish(),
  has_due: z.union([z.string(), z.boolean()]).nullish(),
  available_packages: z.array(
    z.looseObject({
      title: z.string(),
      package_code: anyId,
      duration: z.array(z.looseObject({ total_cost: rupees, duration_code: anyId, duration_title: z.string() })),
    }),
  ),
  session_id: anyId,
});

export function hashcnetAdapter(client: KhaltiClient): FamilyAdapter {
  return {
    async lookup(req: LookupRequest): Promise<Lookup> {
      const d = parseKhalti(
        details,
        await client.lookup("/api/servicegroup/details/hashcnet-v2/", {
          username: req.account,
          service_slug: req.route.slug ?? "",
        }),
        "customer details (hashcnet-v2)",
      );
      const options: Option[] = d.available_packages.flatMap((p, i) =>
        p.duration.map((dur) => ({
          key: `p${i}-d${dur.duration_code}`,
          label: `${p.title.trim()} · ${dur.duration_title.trim()}`,
          kind: "package" as const,
          amountPaisa: dur.total_cost,
          current: d.current_plan != null && p.title.trim() === d.current_plan.trim(),
          group: { key: `p${i}`, label: p.title.trim() },
          subLabel: dur.duration_title.trim(),
          commit: { package_code: String(p.package_code), duration_code: String(dur.duration_code) },
        })),
      );
      return {
        isp: req.isp,
        route: req.route,
        account: req.account,
        customer: {
          name: d.customer_name ?? undefined,
          plan: d.current_plan ?? undefined,
          daysRemaining: d.days_remaining ?? undefined,
        },
        options,
        session: { session_id: d.session_id },
        at: nowIso(),
      };
    },

    commit(lookup, option, reference) {
      return client.commit("/api/servicegroup/commit/hashcnet-v2/", {
        session_id: lookup.session.session_id,
        reference,
        package_code: option.commit.package_code,
        duration_code: option.commit.duration_code,
        amount: paisaToRupees(option.amountPaisa),
      });
    },
  };
}
