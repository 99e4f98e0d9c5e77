/**
 * The upstream layer as the rest of the program sees it: the catalogue of ISPs this deployment
 * serves, and `lookup`, `commit` and `status` over whichever aggregator serves an ISP.
 */
import type { UpstreamSettings } from "../config.js";
import { buildCatalog, normalizeAccount } from "./catalog.js";
import type { FamilyAdapter } from "./family.js";
import { GlobalTopupClient } from "./globaltopup/client.js";
import { merosoftAdapter } from "./globaltopup/merosoft.js";
import { KhaltiClient } from "./khalti/client.js";
import { hashcnetAdapter } from "./khalti/hashcnet.js";
import { konnectAdapter } from "./khalti/konnect.js";
import { timesAdapter } from "./khalti/times.js";
import { worldlinkAdapter } from "./khalti/worldlink.js";
import { isNumericReference, isValidReference } from "./reference.js";
import {
  type AggregatorId,
  type Family,
  type Isp,
  type Lookup,
  type Outcome,
  type Route,
  UpstreamRejected,
  UpstreamUnavailable,
} from "./types.js";

export * from "./types.js";
export { isNumericReference, isValidReference, lookupReference, newReference } from "./reference.js";
export { ACCOUNT_RULES, accountFields, normalizeAccount, normalizeAccountFor } from "./catalog.js";
export { type DeliveryReport, parseDeliveryReport } from "./khalti/dlr.js";

/** A request the program should not have made: unknown ISP, bad account, unknown option. */
export class InvalidRequest extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InvalidRequest";
  }
}

export interface LookupOptions {
  /** Use this aggregator's route instead of the first one. */
  via?: AggregatorId;
  /** times: the connection (username) to fetch packages for. */
  connection?: string;
}

export interface Upstream {
  /** The ISPs this deployment serves, each with its enabled routes in priority order. */
  readonly catalog: readonly Isp[];
  readonly enabled: ReadonlySet<AggregatorId>;
  isp(id: string): Isp | undefined;
  /** Looks an account up. Throws `UpstreamError` subclasses or `InvalidRequest`. */
  lookup(ispId: string, account: string, opts?: LookupOptions): Promise<Lookup>;
  /**
   * Pays the option `optionKey` of `lookup`, once, with `reference`. Throws `InvalidRequest`
   * (before any call) when the option or reference is wrong; otherwise always returns an outcome.
   */
  commit(lookup: Lookup, optionKey: string, reference: string): Promise<Outcome>;
  /** What the aggregator of `route` knows of the payment made with `reference`. */
  status(route: Pick<Route, "aggregator">, reference: string): Promise<Outcome>;
  /** The route of `ispId` through `via` (or the first one). */
  route(ispId: string, via?: AggregatorId): Route;
  /**
   * What each enabled aggregator says is left to spend on our account: Khalti's balance API.
   * Global Topup documents no balance call, so it is listed without an amount. Never throws: an
   * aggregator that cannot answer is listed with its error.
   */
  credit(): Promise<AggregatorCredit[]>;
}

/** An aggregator's available credit, or why it is not known. */
export interface AggregatorCredit {
  aggregator: AggregatorId;
  availablePaisa?: number;
  /** No balance API (Global Topup), or the call failed (its message). */
  unknown?: "no-api" | "failed";
  error?: string;
}

export function createUpstream(settings: UpstreamSettings): Upstream {
  const timeouts = { lookupTimeoutMs: settings.lookupTimeoutMs, commitTimeoutMs: settings.commitTimeoutMs };
  const khalti = settings.khalti ? new KhaltiClient(settings.khalti, timeouts) : undefined;
  const gtu = settings.globaltopup ? new GlobalTopupClient(settings.globaltopup, timeouts) : undefined;

  const adapters: Partial<Record<Family, FamilyAdapter>> = {};
  if (khalti) {
    adapters.times = timesAdapter(khalti);
    adapters.konnect = konnectAdapter(khalti);
    adapters["worldlink-v2"] = worldlinkAdapter(khalti);
    adapters["hashcnet-v2"] = hashcnetAdapter(khalti);
  }
  if (gtu) adapters.merosoft = merosoftAdapter(gtu);

  const enabled = new Set<AggregatorId>([...(khalti ? ["khalti" as const] : []), ...(gtu ? ["globaltopup" as const] : [])]);
  const catalog = buildCatalog(enabled, settings.routePriority);
  const byId = new Map(catalog.map((i) => [i.id, i]));

  function adapterFor(route: Route): FamilyAdapter {
    const adapter = adapters[route.family];
    if (!adapter) throw new InvalidRequest(`${route.aggregator} is not enabled`);
    return adapter;
  }

  function route(ispId: string, via?: AggregatorId): Route {
    const isp = byId.get(ispId);
    if (!isp) throw new InvalidRequest(`unknown ISP "${ispId}" (see the isps list)`);
    const r = via ? isp.routes.find((x) => x.aggregator === via) : isp.routes[0];
    if (!r) throw new InvalidRequest(`${isp.name} is not served through ${via}`);
    return r;
  }

  return {
    catalog,
    enabled,
    isp: (id) => byId.get(id),
    route,

    async lookup(ispId, account, opts = {}) {
      const first = route(ispId, opts.via);
      // Without an explicit `via`, the routes are tried in priority order, each with what was typed
      // as its own kind of account (times: a customer id; Global Topup: a username). The next route
      // is tried when one is unreachable, or when one refuses and a later route reads the account
      // as another kind (what was typed may be that kind). A refusal is otherwise the answer: the
      // first refusal is reported when no route finds the account.
      const candidates = opts.via ? [first] : byId.get(ispId)!.routes;
      let refused: UpstreamRejected | undefined;
      let unavailable: UpstreamUnavailable | undefined;
      let tried = false;
      for (const [i, r] of candidates.entries()) {
        const normalized = normalizeAccount(r.accountField, account);
        if (!normalized) continue;
        tried = true;
        try {
          return await adapterFor(r).lookup({ isp: ispId, route: r, account: normalized, connection: opts.connection });
        } catch (err) {
          if (err instanceof UpstreamUnavailable) {
            unavailable = err;
            continue;
          }
          if (!(err instanceof UpstreamRejected)) throw err;
          refused ??= err;
          if (!candidates.slice(i + 1).some((later) => later.accountField !== r.accountField)) break;
        }
      }
      if (!tried) {
        const kinds = [...new Set(candidates.map((r) => (r.accountField === "customer_id" ? "customer id" : "username")))].join(" or ");
        throw new InvalidRequest(`"${account}" is not a valid ${kinds}`);
      }
      throw refused ?? unavailable;
    },

    async commit(lookup, optionKey, reference) {
      if (!isValidReference(reference)) throw new InvalidRequest(`"${reference}" is not a valid reference`);
      // Global Topup's execute types reference_no as a number: a reference that a JSON number cannot
      // hold exactly (2^53 and above) could name another order there.
      if (lookup.route.aggregator === "globaltopup" && !isNumericReference(reference)) {
        throw new InvalidRequest(`"${reference}" does not survive as a JSON number (Global Topup's reference_no)`);
      }
      if (lookup.notPayable) throw new InvalidRequest(`this account cannot be paid online: ${lookup.notPayable.message}`);
      const option = lookup.options.find((o) => o.key === optionKey);
      if (!option) throw new InvalidRequest(`no option "${optionKey}" in this lookup`);
      return adapterFor(lookup.route).commit(lookup, option, reference);
    },

    async credit() {
      const out: AggregatorCredit[] = [];
      if (khalti) {
        try {
          out.push({ aggregator: "khalti", availablePaisa: (await khalti.balance()).availablePaisa });
        } catch (err) {
          out.push({ aggregator: "khalti", unknown: "failed", error: (err as Error).message });
        }
      }
      if (gtu) out.push({ aggregator: "globaltopup", unknown: "no-api" });
      return out;
    },

    async status(r, reference) {
      if (!isValidReference(reference)) throw new InvalidRequest(`"${reference}" is not a valid reference`);
      if (r.aggregator === "khalti") {
        if (!khalti) throw new InvalidRequest("khalti is not enabled");
        return khalti.status(reference);
      }
      if (!gtu) throw new InvalidRequest("globaltopup is not enabled");
      return gtu.status(reference);
    },
  };
}
