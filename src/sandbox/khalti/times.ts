/**
 * Khalti times (khalti-times.md): `userlist` (customer id → connections, a session), `details`
 * (username → that connection's packages), `commit` (reference optional). Package amounts are
 * integers, as in the document; the Websurfer (`1112858`) and Sky (`1073661`) customers, which
 * the document only names, get small plausible data of the same shape.
 */
import { type Json, type Reply, idText, payOption } from "../common.js";
import { type Khalti, type KhaltiFamilyPlay, refusal } from "./common.js";

/** The service slugs of the ISPs under times. */
export const TIMES_SLUGS: readonly string[] = [
  "websurfer-internet",
  "reliant-technology-v2",
  "palsnet",
  "sky-internet",
  "pathibara",
];

/** A package as the details step lists it. */
export interface TimesPackage {
  package_id: string;
  package_name: string;
  amount: number;
}

/** The document's full package list (31 packages), verbatim. */
export const TIMES_FULL_PACKAGES: readonly TimesPackage[] = [
  { package_id: "132", package_name: "10Mbps Half Yearly - Nepalgunj (HALF YEARLY)", amount: 7451 },
  { package_id: "130", package_name: "10Mbps Monthly - Nepalgunj (MONTHLY)", amount: 1355 },
  { package_id: "131", package_name: "10Mbps Quarterly - Nepalgunj (QUARTERLY)", amount: 3895 },
  { package_id: "134", package_name: "10Mbps Yearly - renew- Nepalgu (YEARLY)", amount: 11000 },
  { package_id: "137", package_name: "15Mbps Half Yearly - Nepalgunj (HALF YEARLY)", amount: 7910 },
  { package_id: "135", package_name: "15Mbps Monthly - Nepalgunj (MONTHLY)", amount: 1412 },
  { package_id: "136", package_name: "15Mbps Quarterly - Nepalgunj (QUARTERLY)", amount: 4068 },
  { package_id: "139", package_name: "15Mbps Yearly - renew- Nepalgu (YEARLY)", amount: 12001 },
  { package_id: "103", package_name: "15Mbps-Half Yearly (HALF YEARLY)", amount: 5101 },
  { package_id: "101", package_name: "15Mbps-Monthly (MONTHLY)", amount: 950 },
  { package_id: "102", package_name: "15Mbps-Quarterly (QUARTERLY)", amount: 2550 },
  { package_id: "104", package_name: "15Mbps-Yearly (YEARLY)", amount: 10201 },
  { package_id: "107", package_name: "20Mbps-Half Yearly (HALF YEARLY)", amount: 5700 },
  { package_id: "105", package_name: "20Mbps-Monthly (MONTHLY)", amount: 950 },
  { package_id: "106", package_name: "20Mbps-Quarterly (QUARTERLY)", amount: 2851 },
  { package_id: "108", package_name: "20Mbps-Yearly (YEARLY)", amount: 11400 },
  { package_id: "111", package_name: "30Mbps-Half Yearly (HALF YEARLY)", amount: 7500 },
  { package_id: "109", package_name: "30Mbps-Monthly (MONTHLY)", amount: 1250 },
  { package_id: "110", package_name: "30Mbps-Quarterly (QUARTERLY)", amount: 3750 },
  { package_id: "112", package_name: "30Mbps-Yearly (YEARLY)", amount: 15000 },
  { package_id: "115", package_name: "40Mbps-Half Yearly (HALF YEARLY)", amount: 9000 },
  { package_id: "119", package_name: "40Mbps-Half Yearly-Nepalgunj (HALF YEARLY)", amount: 7800 },
  { package_id: "113", package_name: "40Mbps-Monthly (MONTHLY)", amount: 1501 },
  { package_id: "141", package_name: "40Mbps-Monthly @ 1000-R (MONTHLY)", amount: 1000 },
  { package_id: "117", package_name: "40Mbps-Monthly-Nepalgunj (MONTHLY)", amount: 1300 },
  { package_id: "118", package_name: "40Mbps-Quarterly-Nepalgunj (QUARTERLY)", amount: 3900 },
  { package_id: "120", package_name: "40Mbps-Yearly-Nepalgunj (YEARLY)", amount: 14501 },
  { package_id: "127", package_name: "5Mbps Half Yearly - Nepalgunj (HALF YEARLY)", amount: 4740 },
  { package_id: "125", package_name: "5Mbps Monthly Old - Nepalgunj (MONTHLY)", amount: 790 },
  { package_id: "126", package_name: "5Mbps Quarterly - Nepalgunj (QUARTERLY)", amount: 2201 },
  { package_id: "129", package_name: "5Mbps Yearly - renew- Nepalgun (YEARLY)", amount: 5901 },
];

/** A shorter list for second connections: the four "15Mbps-*" packages of the document. */
export const TIMES_SHORT_PACKAGES: readonly TimesPackage[] = TIMES_FULL_PACKAGES.filter((p) =>
  p.package_name.startsWith("15Mbps-"),
);

/** A customer and their connections, each with its packages. */
export interface TimesCustomer {
  customer: { cuid: string; first_name: string; last_name: string; status: string };
  connections: { username: string; status: string; packages: readonly TimesPackage[] }[];
}

/** By `customer_id`. Every times customer is served under every times slug. */
export const TIMES_CUSTOMERS: Readonly<Record<string, TimesCustomer>> = {
  // The document's example customer.
  "1000000": {
    customer: { cuid: "1000000", first_name: "rajesh", last_name: "lamichhane", status: "active" },
    connections: [
      { username: "rajesh-lamichhane", status: "active", packages: TIMES_FULL_PACKAGES },
      { username: "rajesh-lamichhane2", status: "active", packages: TIMES_SHORT_PACKAGES },
    ],
  },
  // Websurfer test customer (Khalti's test data), two connections.
  "1112858": {
    customer: { cuid: "1112858", first_name: "ram", last_name: "websurfer", status: "active" },
    connections: [
      { username: "ram_websurfer", status: "active", packages: TIMES_FULL_PACKAGES },
      { username: "ram_websurfer2", status: "active", packages: TIMES_SHORT_PACKAGES },
    ],
  },
  // Sky Internet test customer (Khalti's test data), one connection.
  "1073661": {
    customer: { cuid: "1073661", first_name: "sujan", last_name: "thapa", status: "active" },
    connections: [{ username: "ftth_sujan_thapa", status: "active", packages: TIMES_FULL_PACKAGES }],
  },
};

function details(khalti: Khalti, body: Json): Reply {
  khalti.startLookup(body, TIMES_SLUGS);
  const session = khalti.findSession(body.session_id, "times");
  const username = idText(body.username);
  if (!username) throw refusal("1010", "username is required.");
  const connection = TIMES_CUSTOMERS[session.account]?.connections.find((c) => c.username === username);
  if (!connection) throw refusal("4000", "Connection not found for this customer.");
  session.options = connection.packages.map((p) => payOption(p.package_id, p.amount, p.package_name));
  return khalti.answerFor(session, { packages: connection.packages, session_id: 0, status: true });
}

/** Times: `userlist` opens a session for a customer, `details` lists a connection's packages; the commit's reference is optional. */
export const TIMES: KhaltiFamilyPlay<TimesCustomer> = {
  family: "times",
  slugs: TIMES_SLUGS,
  opening: {
    step: "userlist",
    field: "customer_id",
    accounts: TIMES_CUSTOMERS,
    found: (customer) => ({
      body: {
        customer: customer.customer,
        connection: customer.connections.map((c) => ({ username: c.username, status: c.status })),
        session_id: 0,
        status: true,
      },
      options: undefined,
    }),
  },
  lookups: { details },
  commit: { referenceOptional: true, successDetail: () => "Success" },
};
