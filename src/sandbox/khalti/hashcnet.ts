/**
 * Khalti hashcnet-v2 (khalti-hashcnet-v2.md): `details` (username → the customer, packages with
 * durations, a session) and `commit` by `package_code` and `duration_code`. The document's account
 * is verbatim (its `package_code` 9 appears twice); `pnt_test`, which it only names, is invented
 * with the same shape.
 */
import { type Json, type PayOption, idText, payOption } from "../common.js";
import { type KhaltiFamilyPlay, type KhaltiSession, refusal } from "./common.js";

/** The service slugs of the ISPs under hashcnet-v2. */
export const HASHCNET_SLUGS: readonly string[] = [
  "airson-internet",
  "broadband-solutions",
  "everest-wireless",
  "fast-speed",
  "fiberworld-communication",
  "hons",
  "janaki-cable-network",
  "sahaj-network",
  "super-eight-networks",
  "ultra-net",
  "unified-communication-isp",
  "bbn-internet",
  "pokhara-internet-lekhnath",
  "vns",
  "techminds",
];

/** A package and its durations, as the details step lists them. */
export interface HashcnetPackage {
  title: string;
  package_code: number;
  duration: { total_cost: number; duration_code: string; duration_title: string }[];
}

/** An account's details answer. */
export type HashcnetAccount = Record<string, unknown> & { available_packages: HashcnetPackage[] };

/** Every hashcnet account is served under every hashcnet slug. */
export const HASHCNET_ACCOUNTS: Readonly<Record<string, HashcnetAccount>> = {
  jeetenaug4: {
    customer_name: "jeetenaug4(23123213)",
    current_plan: "Fiber Gold",
    accept_advance_payment: true,
    days_remaining: 314,
    has_due: "false",
    plan_detail: [
      { duration: "1 month(s)", duration_title: "1 month", total_cost: 1232.0, duration_code: "1" },
      { duration: "3 month(s)", duration_title: "3 months", total_cost: 7876.0, duration_code: "3" },
      { duration: "6 month(s)", duration_title: "6 months", total_cost: 15750.0, duration_code: "6" },
      { duration: "12 month(s)", duration_title: "12 months", total_cost: 15750.0, duration_code: "12" },
      { duration: "custom_2 month(s)", duration_title: "15 Days", total_cost: 1634.0, duration_code: "custom_2" },
      { duration: "custom_3 month(s)", duration_title: "60 Days", total_cost: 859.0, duration_code: "custom_3" },
    ],
    available_packages: [
      {
        title: "Fiber Gold",
        package_code: 9,
        duration: [
          { total_cost: 1232, duration_code: "1", duration_title: "1 Month" },
          { total_cost: 7876, duration_code: "3", duration_title: "3 Months" },
          { total_cost: 15750, duration_code: "6", duration_title: "6 Months" },
          { total_cost: 15750, duration_code: "12", duration_title: "12 Months" },
          { total_cost: 1634, duration_code: "custom_2", duration_title: "15 Days" },
          { total_cost: 859, duration_code: "custom_3", duration_title: "60 Days" },
        ],
      },
      {
        title: "FTTH-50Mbps",
        package_code: 9,
        duration: [
          { total_cost: 999, duration_code: "1", duration_title: "1 Month" },
          { total_cost: 2800, duration_code: "3", duration_title: "3 Months" },
          { total_cost: 5300, duration_code: "6", duration_title: "6 Months" },
          { total_cost: 9999, duration_code: "12", duration_title: "12 Months" },
          { total_cost: 13500, duration_code: "custom_1", duration_title: "12M + 1 IPTV" },
        ],
      },
      {
        title: "TESTING",
        package_code: 71,
        duration: [{ total_cost: 2, duration_code: "1", duration_title: "1 Month" }],
      },
    ],
    session_id: 6466,
    status: true,
  },
  // BBN Internet test account: invented, same shape as the document's example.
  pnt_test: {
    customer_name: "pnt_test(40021)",
    current_plan: "BBN Fiber 40Mbps",
    accept_advance_payment: true,
    days_remaining: 12,
    has_due: "false",
    plan_detail: [
      { duration: "1 month(s)", duration_title: "1 month", total_cost: 1130.0, duration_code: "1" },
      { duration: "3 month(s)", duration_title: "3 months", total_cost: 3390.0, duration_code: "3" },
    ],
    available_packages: [
      {
        title: "BBN Fiber 40Mbps",
        package_code: 12,
        duration: [
          { total_cost: 1130, duration_code: "1", duration_title: "1 Month" },
          { total_cost: 3390, duration_code: "3", duration_title: "3 Months" },
        ],
      },
      {
        title: "BBN Fiber 100Mbps",
        package_code: 14,
        duration: [
          { total_cost: 1695, duration_code: "1", duration_title: "1 Month" },
          { total_cost: 16950, duration_code: "12", duration_title: "12 Months" },
        ],
      },
    ],
    session_id: 6467,
    status: true,
  },
};

/** The document's page shows keys with spaces and curly quotes: refuse them by name. */
function screen(body: Json): void {
  const spaced = Object.keys(body).filter((k) => /\s|[\u2018\u2019\u201c\u201d]/.test(k));
  if (spaced.length > 0) {
    throw refusal("1010", `Unknown field(s): ${spaced.join(", ")}. Expected session_id, reference, token, package_code, duration_code, amount.`);
  }
}

/** The options with the body's `package_code` and `duration_code` (codes are not unique). */
function choose(_session: KhaltiSession, options: PayOption[], body: Json): PayOption[] {
  const code = idText(body.package_code);
  const duration = idText(body.duration_code);
  if (!code) throw refusal("1010", "package_code is required.");
  if (!duration) throw refusal("1010", "duration_code is required.");
  const found = options.filter((o) => o.packageId === code && o.durationCode === duration);
  if (found.length === 0) throw refusal("1010", "No package of this session has this package_code and duration_code.");
  return found;
}

/** Hashcnet-v2, numbering each sandbox's successful commits (their `detail`) from 2532. */
export function hashcnet(): KhaltiFamilyPlay<HashcnetAccount> {
  let nextDetail = 2532;
  return {
    family: "hashcnet-v2",
    slugs: HASHCNET_SLUGS,
    opening: {
      step: "details",
      accounts: HASHCNET_ACCOUNTS,
      found: (account) => ({
        body: account,
        options: account.available_packages.flatMap((p) =>
          p.duration.map((d) => ({
            ...payOption(p.package_code, d.total_cost, `${p.title} · ${d.duration_title}`),
            durationCode: String(d.duration_code),
          })),
        ),
      }),
    },
    commit: { screen, choose, successDetail: () => String(nextDetail++) },
  };
}
