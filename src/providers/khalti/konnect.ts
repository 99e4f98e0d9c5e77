/**
 * Khalti `konnect` (KCMS, khalti-konnect-kcms.md): details → packages (the subscribed one has
 * `current: true`) → commit. A "new" customer's first payment must be made at the ISP's office:
 * that is a result with no options, not an error.
 */
import { z } from "zod";
import { paisaToRupees } from "../../shared/amount.js";
import type { FamilyAdapter, LookupRequest } from "../family.js";
import { nowIso } from "../family.js";
import { anyId, rupees } from "../schema.js";
import { type Lookup, UpstreamRejected } from "../types.js";
import { type KhaltiClient, parseKhalti } from "./client.js";

const details = z.looseObject({
  customer: z.looseObject({
    username: z.string().nullish(),
    name: z.string().nullish(),
    mobile: z.string().nullish(),
    status: z.string().nullish(),
  }),
  current_subscription: z
    .looseObject({ package: z.string().nullish(), end_date: z.string().nullish(), status: z.string().nullish() })
    .nullish(),
  due: z.looseObject({ amount: rupees.nullish(), message: z.string().nullish() }).nullish(),
  packages: z.array(
    z.looseObject({ package_id: anyId, package_name: z.string(), amount: rupees, current: z.boolean().nullish() }),
  ),
  session_id: anyId,
});

/** How Khalti words a customer whose first payment cannot be made online. */
const FIRST_PAYMENT = /first subscription|cannot be paid online|nearest office/i;

export function konnectAdapter(client: KhaltiClient): FamilyAdapter {
  return {
    async lookup(req: LookupRequest): Promise<Lookup> {
      let body: unknown;
      try {
        body = await client.lookup("/api/servicegroup/details/konnect/", {
          username: req.account,
          service_slug: req.route.slug ?? "",
        });
      } catch (err) {
        if (err instanceof UpstreamRejected && FIRST_PAYMENT.test(err.message)) {
          return {
            isp: req.isp,
            route: req.route,
            account: req.account,
            customer: { status: "New" },
            options: [],
            notPayable: { code: "first-payment-at-office", message: err.message },
            session: {},
            at: nowIso(),
          };
        }
        throw err;
      }
      const d = parseKhalti(details, body, "customer details (konnect)");
      const end = d.current_subscription?.end_date ?? undefined;
      return {
        isp: req.isp,
        route: req.route,
        account: req.account,
        customer: {
          name: d.customer.name ?? undefined,
          status: d.customer.status ?? d.current_subscription?.status ?? undefined,
          plan: d.current_subscription?.package ?? undefined,
          expiresOn: end && /^\d{4}-\d{2}-\d{2}/.test(end) ? end.slice(0, 10) : undefined,
          duePaisa: d.due?.amount ?? undefined,
          message: d.due?.message ?? undefined,
          mobile: d.customer.mobile || undefined,
        },
        options: d.packages.map((p) => ({
          key: `pkg-${p.package_id}`,
          label: p.package_name.trim(),
          kind: "package" as const,
          amountPaisa: p.amount,
          current: p.current === true,
          commit: { package_id: p.package_id },
        })),
        session: { session_id: d.session_id },
        at: nowIso(),
      };
    },

    commit(lookup, option, reference) {
      return client.commit("/api/servicegroup/commit/konnect/", {
        reference,
        package_id: option.commit.package_id,
        amount: paisaToRupees(option.amountPaisa),
        session_id: lookup.session.session_id,
      });
    },
  };
}
