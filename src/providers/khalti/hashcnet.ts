/**
 * Khalti `hashcnet-v2` (khalti-hashcnet-v2.md): details → packages, each with durations → commit
 * one package and duration. `package_code` is not unique (two packages share 9 in the example), so
 * an option is named by everything the aggregator says of it: the package's title and code and the
 * duration's code (`optionKey`), never by its position, so a list that comes back in another order
 * never names another package. The commit keys have underscores (`package_code`,
 * `duration_code`): the page lost them.
 */
import { createHash } from "node:crypto";
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

/** A short, exact fingerprint of a title (any change of a character changes it). */
function fingerprint(title: string): string {
  return createHash("sha256").update(title).digest("hex").slice(0, 8);
}

/** The title in lower-case letters, digits and dashes, at most 32 characters (readability only). */
function slug(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 32).replace(/-+$/, "") || "package";
}

/** A package's group key: its title (readable, and exact through the fingerprint) and code. */
export function packageKey(title: string, packageCode: string | number): string {
  return `${slug(title)}-c${packageCode}-${fingerprint(title)}`;
}

/** An option's key: its package's key and the duration's code. */
export function optionKey(title: string, packageCode: string | number, durationCode: string | number): string {
  return `${packageKey(title, packageCode)}-d${durationCode}`;
}

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
      const options: Option[] = d.available_packages.flatMap((p) => {
        const title = p.title.trim();
        return p.duration.map((dur) => ({
          key: optionKey(title, p.package_code, dur.duration_code),
          label: `${title} · ${dur.duration_title.trim()}`,
          kind: "package" as const,
          amountPaisa: dur.total_cost,
          current: d.current_plan != null && title === d.current_plan.trim(),
          group: { key: packageKey(title, p.package_code), label: title },
          subLabel: dur.duration_title.trim(),
          commit: { package_code: String(p.package_code), duration_code: String(dur.duration_code) },
        }));
      });
      // The same title, code and duration listed twice is one option when the amounts agree; with
      // different amounts nothing the aggregator says tells them apart, so neither is offered.
      const byKey = new Map<string, Option[]>();
      for (const o of options) byKey.set(o.key, [...(byKey.get(o.key) ?? []), o]);
      const distinct = [...byKey.values()].filter((same) => same.every((o) => o.amountPaisa === same[0]!.amountPaisa)).map((same) => same[0]!);
      return {
        isp: req.isp,
        route: req.route,
        account: req.account,
        customer: {
          name: d.customer_name ?? undefined,
          plan: d.current_plan ?? undefined,
          daysRemaining: d.days_remaining ?? undefined,
        },
        options: distinct,
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
