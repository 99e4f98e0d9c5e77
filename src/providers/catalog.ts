/**
 * Every ISP the aggregators' documents list, each once, with its routes in default priority:
 * Khalti first where it serves the ISP (it has a status lookup), Global Topup otherwise.
 * Operators can override the priority per ISP (`ISP_ROUTE_PRIORITY`).
 */
import type { AccountField, AggregatorId, Isp, Route } from "./types.js";

const times = (slug: string): Route => ({ aggregator: "khalti", family: "times", slug, accountField: "customer_id" });
const konnect = (slug: string): Route => ({ aggregator: "khalti", family: "konnect", slug, accountField: "username" });
const hashcnet = (slug: string): Route => ({ aggregator: "khalti", family: "hashcnet-v2", slug, accountField: "username" });
const worldlink = (): Route => ({ aggregator: "khalti", family: "worldlink-v2", accountField: "username" });
const merosoft = (operatorId: number): Route => ({
  aggregator: "globaltopup",
  family: "merosoft",
  operatorId,
  accountField: "username",
});

/**
 * The catalogue, alphabetical by name. Sources: khalti-times.md, khalti-konnect-kcms.md (Chitrawan
 * Unique Net moved off konnect to a service of its own that we have no document for, so it is
 * reached through Global Topup only), khalti-worldlink-v2.md, khalti-hashcnet-v2.md and
 * globaltopup-merosoft-internet.md.
 */
export const ISPS: readonly Isp[] = [
  { id: "acme-internet", name: "ACME Internet", routes: [konnect("acme-internet"), merosoft(85)] },
  { id: "airson-internet", name: "Airson Internet", routes: [hashcnet("airson-internet")] },
  { id: "alisha-communication", name: "Alisha Communication", routes: [merosoft(61)] },
  { id: "arrownet", name: "Arrownet", routes: [merosoft(23)] },
  { id: "bbn-internet", name: "BBN Internet", routes: [hashcnet("bbn-internet")] },
  { id: "broadband-solutions", name: "Broadband Solutions", routes: [hashcnet("broadband-solutions")] },
  { id: "chitrawan-unique-net", name: "Chitrawan Unique Net", routes: [merosoft(47)] },
  { id: "classic-tech", name: "Classic Tech", routes: [merosoft(32)] },
  { id: "dg-link", name: "DG Link", routes: [konnect("dg-link"), merosoft(82)] },
  { id: "dish-home-fiber", name: "Dish Home Fiber", routes: [merosoft(83)] },
  { id: "dolfin-net", name: "Dolfin Net Communication", routes: [merosoft(59)] },
  { id: "everest-wireless", name: "Everest Wireless", routes: [hashcnet("everest-wireless")] },
  { id: "fast-speed", name: "Fast Speed", routes: [hashcnet("fast-speed")] },
  { id: "fiberworld-communication", name: "Fiberworld Communication", routes: [hashcnet("fiberworld-communication")] },
  { id: "grs-internet", name: "GRS Internet", routes: [merosoft(99)] },
  { id: "hons", name: "Hons", routes: [hashcnet("hons")] },
  { id: "izone", name: "Izone", routes: [konnect("izone"), merosoft(84)] },
  { id: "janaki-cable-network", name: "Janaki Cable Network", routes: [hashcnet("janaki-cable-network")] },
  { id: "loop-network", name: "Loop Network", routes: [konnect("loop-network"), merosoft(27)] },
  { id: "meta-link", name: "Meta Link", routes: [merosoft(74)] },
  { id: "net-max", name: "Net Max", routes: [merosoft(60)] },
  { id: "nijgadh-cable", name: "Nijgadh Cable", routes: [merosoft(67)] },
  { id: "palsnet", name: "Palsnet", routes: [times("palsnet"), merosoft(26)] },
  { id: "pathibara-internet", name: "Pathibara Internet", routes: [times("pathibara")] },
  { id: "pds-server-network", name: "PDS Server Network", routes: [merosoft(73)] },
  { id: "pokhara-internet-lekhnath", name: "Pokhara Internet Lekhnath", routes: [hashcnet("pokhara-internet-lekhnath")] },
  { id: "prabhunet", name: "PrabhuNet", routes: [merosoft(25)] },
  { id: "prime-network", name: "Prime Network", routes: [merosoft(70)] },
  { id: "rapid-unique-net", name: "Rapid Unique Net", routes: [merosoft(98)] },
  { id: "reliant-technology", name: "Reliant Technology", routes: [times("reliant-technology-v2")] },
  { id: "sahaj-network", name: "Sahaj Network", routes: [hashcnet("sahaj-network")] },
  { id: "sky-broadband", name: "SKY Broadband", routes: [merosoft(96)] },
  { id: "sky-internet", name: "Sky Internet", routes: [times("sky-internet"), merosoft(24)] },
  { id: "smart-link", name: "Smart Link", routes: [merosoft(94)] },
  { id: "subisu", name: "Subisu", routes: [merosoft(19)] },
  { id: "super-eight-networks", name: "Super Eight Networks", routes: [hashcnet("super-eight-networks")] },
  { id: "techminds", name: "Techminds", routes: [hashcnet("techminds"), merosoft(30)] },
  { id: "ultra-net", name: "Ultra Net", routes: [hashcnet("ultra-net")] },
  { id: "unified-communication-isp", name: "Unified Communication ISP", routes: [hashcnet("unified-communication-isp")] },
  { id: "vianet", name: "Vianet", routes: [merosoft(21)] },
  { id: "vns", name: "VNS", routes: [hashcnet("vns")] },
  { id: "websurfer", name: "Websurfer", routes: [times("websurfer-internet"), merosoft(22)] },
  { id: "wifi-nepal", name: "Wifi Nepal", routes: [merosoft(115)] },
  { id: "world-fiber-net", name: "World Fiber Net", routes: [konnect("world-fiber-net"), merosoft(63)] },
  { id: "worldlink", name: "WorldLink", routes: [worldlink(), merosoft(20)] },
];

/**
 * The catalogue as this deployment serves it: routes of disabled aggregators removed, the
 * preferred aggregator moved first where an operator asked, ISPs with no route left dropped.
 */
export function buildCatalog(
  enabled: ReadonlySet<AggregatorId>,
  priority: Readonly<Record<string, AggregatorId>> = {},
): Isp[] {
  const out: Isp[] = [];
  for (const isp of ISPS) {
    const preferred = priority[isp.id];
    const routes = isp.routes
      .filter((r) => enabled.has(r.aggregator))
      .sort((a, b) => Number(b.aggregator === preferred) - Number(a.aggregator === preferred));
    if (routes.length > 0) out.push({ ...isp, routes });
  }
  return out;
}

/** How an account field is asked for and checked. */
export interface AccountRule {
  field: AccountField;
  example: string;
  pattern: RegExp;
}

/**
 * Only what cannot be an account at all is refused here (spaces, symbols, over-long text); whether
 * an account exists is the aggregator's to say. The times customer id is not required to be digits:
 * the documents show `1000000` and `1112858` as examples, not as a rule, so it takes Khalti's
 * default field rule (up to 50 letters and digits) with the punctuation ids commonly carry.
 */
export const ACCOUNT_RULES: Readonly<Record<AccountField, AccountRule>> = {
  customer_id: { field: "customer_id", example: "1112858", pattern: /^[A-Za-z0-9][A-Za-z0-9._@/-]{0,49}$/ },
  username: { field: "username", example: "online_renew", pattern: /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/ },
};

/** Trims what a person typed; `undefined` when it cannot be an account of that kind. */
export function normalizeAccount(field: AccountField, input: string): string | undefined {
  const value = input.trim();
  return ACCOUNT_RULES[field].pattern.test(value) ? value : undefined;
}

/**
 * The kinds of account an ISP's routes take, in route order, each once: one for most ISPs; two
 * (customer id, username) for the times ISPs also served by Global Topup.
 */
export function accountFields(isp: Isp): AccountField[] {
  return [...new Set(isp.routes.map((r) => r.accountField))];
}

/** Trims what a person typed; `undefined` when it cannot be an account of any kind the ISP takes. */
export function normalizeAccountFor(isp: Isp, input: string): string | undefined {
  for (const field of accountFields(isp)) {
    const value = normalizeAccount(field, input);
    if (value !== undefined) return value;
  }
  return undefined;
}
