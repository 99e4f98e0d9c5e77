/**
 * Khalti `times` (khalti-times.md): userlist by customer id → the connections; details for one
 * connection → packages; commit one package. A customer with several connections chooses one first
 * (the lookup then has `connections` and no options).
 */
import { z } from "zod";
import { paisaToRupees } from "../../shared/amount.js";
import type { FamilyAdapter, LookupRequest } from "../family.js";
import { nowIso } from "../family.js";
import { anyId, rupees } from "../schema.js";
import { type Lookup, type Option, UpstreamRejected } from "../types.js";
import { type KhaltiClient, parseKhalti } from "./client.js";

const userlist = z.looseObject({
  customer: z.looseObject({
    cuid: anyId.optional(),
    first_name: z.string().nullish(),
    last_name: z.string().nullish(),
    status: z.string().nullish(),
  }),
  connection: z.array(z.looseObject({ username: z.string().min(1), status: z.string().nullish() })),
  session_id: anyId,
});

const details = z.looseObject({
  packages: z.array(z.looseObject({ package_id: anyId, package_name: z.string(), amount: rupees })),
  session_id: anyId,
});

export function timesAdapter(client: KhaltiClient): FamilyAdapter {
  return {
    async lookup(req: LookupRequest): Promise<Lookup> {
      const slug = req.route.slug ?? "";
      const found = parseKhalti(
        userlist,
        await client.lookup("/api/servicegroup/userlist/times/", { customer_id: req.account, service_slug: slug }),
        "customer list (times)",
      );
      const name = [found.customer.first_name, found.customer.last_name].filter(Boolean).join(" ") || undefined;
      const connections = found.connection.map((c) => ({ username: c.username, status: c.status ?? undefined }));
      const base = {
        isp: req.isp,
        route: req.route,
        account: req.account,
        customer: { name, status: found.customer.status ?? undefined },
        connections,
        at: nowIso(),
      };
      if (connections.length === 0) {
        throw new UpstreamRejected("This customer has no connection to renew.", "khalti");
      }
      let connection = req.connection;
      if (connection === undefined) {
        if (connections.length > 1) {
          return { ...base, options: [], session: { session_id: found.session_id } };
        }
        connection = connections[0]!.username;
      } else if (!connections.some((c) => c.username === connection)) {
        throw new UpstreamRejected(`This customer has no connection named "${connection}".`, "khalti");
      }
      const packages = parseKhalti(
        details,
        await client.lookup("/api/servicegroup/details/times/", {
          username: connection,
          session_id: found.session_id,
          service_slug: slug,
        }),
        "package list (times)",
      );
      const options: Option[] = packages.packages.map((p) => ({
        key: `pkg-${p.package_id}`,
        label: p.package_name.trim(),
        kind: "package",
        amountPaisa: p.amount,
        commit: { package_id: p.package_id },
      }));
      const status = connections.find((c) => c.username === connection)?.status;
      return {
        ...base,
        customer: { ...base.customer, status: status ?? base.customer.status },
        connection,
        options,
        session: { session_id: packages.session_id },
      };
    },

    commit(lookup, option, reference) {
      // The page's example has no `reference`; Khalti's changelog added it to every multistep API.
      return client.commit("/api/servicegroup/commit/times/", {
        session_id: lookup.session.session_id,
        amount: paisaToRupees(option.amountPaisa),
        package_id: option.commit.package_id,
        reference,
      });
    },
  };
}
