/**
 * The sandbox's test accounts, copied from the upstream documents' examples
 * (/work/shared/upstream-docs). Field names, spellings and value types are kept exactly as the
 * documents show them: worldlink user 1 says `subscribedPackageId` while user 2 says
 * `subscribed_package_id`; konnect `due.amount` is a decimal string; hashcnet `package_code` 9
 * appears twice; times package amounts are integers. Accounts the documents only name (Websurfer
 * `1112858`, Sky `1073661`, hashcnet `pnt_test`, Global Topup `rameshsah_fbrgj`) get small
 * plausible data of the same shape.
 *
 * `session_id` values in these bodies are the documents' examples; the server replaces them with
 * its own session ids when it answers.
 */

export const DEFAULT_KHALTI_TOKEN = "TEST:sandbox";
export const DEFAULT_GLOBALTOPUP_TOKEN = "sandbox";

/** Credits of the sandbox's Khalti account at start and after `reset()`. */
export const KHALTI_START_CREDITS = 10_000_000.0;
/** First Khalti session id (`session_id`) handed out. */
export const KHALTI_FIRST_SESSION_ID = 2800;
/** First Khalti commit id (`id`, status `response_id`). */
export const KHALTI_FIRST_COMMIT_ID = 42353;
/** First Global Topup package session id. */
export const GLOBALTOPUP_FIRST_SESSION_ID = 24109;
/** First Global Topup `transaction_id`. */
export const GLOBALTOPUP_FIRST_TRANSACTION_ID = 880001;

// ---------------------------------------------------------------------------------------------
// Khalti: service slugs (khalti-times.md, khalti-konnect-kcms.md, khalti-hashcnet-v2.md)

export const TIMES_SLUGS: readonly string[] = [
  "websurfer-internet",
  "reliant-technology-v2",
  "palsnet",
  "sky-internet",
  "pathibara",
];

/** `chitrawan-unique-net` "has been shifted" to its own service, so it is not a konnect slug. */
export const KONNECT_SLUGS: readonly string[] = ["izone", "world-fiber-net", "dg-link", "loop-network", "acme-internet"];

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

// ---------------------------------------------------------------------------------------------
// Khalti times (khalti-times.md)

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

// ---------------------------------------------------------------------------------------------
// Khalti konnect / KCMS (khalti-konnect-kcms.md)

export interface KonnectPackage {
  package_id: string;
  package_name: string;
  amount: number;
  current: boolean;
}

export type KonnectAccount =
  | { kind: "refused"; httpStatus: number; body: Record<string, unknown> }
  | { kind: "ok"; body: Record<string, unknown> & { packages: KonnectPackage[] } };

export const KONNECT_ACCOUNTS: Readonly<Record<string, KonnectAccount>> = {
  new: {
    kind: "refused",
    httpStatus: 400,
    body: {
      status: false,
      error_code: "4000",
      message: "Can't fulfill request",
      error: "client_error",
      details: "This customer's first subscription payment cannot be paid online. Please contact the nearest office.",
      error_data: {},
      state: "Error",
    },
  },
  active: {
    kind: "ok",
    body: {
      customer: {
        username: "9779869045195",
        name: "Chandra Mani Neupane",
        mobile: "9869045195",
        status: "Active",
      },
      current_subscription: {
        package: "Fiber Internet (First Installation 20Mbps Home)",
        end_date: "2021-04-30",
        status: "Active",
      },
      due: {
        amount: "0.00000",
        message: "Due Amount is NIL",
      },
      packages: [
        {
          package_id: "1-13286-5-3",
          package_name: "Fiber Internet (First Installation) - 3 Month(s)",
          amount: 5999,
          current: true,
        },
        {
          package_id: "1-13286-5-12",
          package_name: "Fiber Internet (First Installation) - 12 Month(s)",
          amount: 15500,
          current: false,
        },
      ],
      session_id: 179,
      status: true,
    },
  },
  expired: {
    kind: "ok",
    body: {
      customer: {
        username: "9779803074977",
        name: "koshish bortaula",
        mobile: "",
        status: "Expired",
      },
      current_subscription: {
        package: "NET+TV - 30Mbps",
        end_date: "2021-01-31",
        status: "Expired",
      },
      due: {
        amount: "0",
        message: "Due Amount is NIL",
      },
      packages: [
        { package_id: "1-4412-8-1", package_name: "NET+TV - 30Mbps - 1 Month(s)", amount: 1850, current: false },
        { package_id: "1-4412-8-3", package_name: "NET+TV - 30Mbps - 3 Month(s)", amount: 5550, current: false },
        { package_id: "1-4412-8-6", package_name: "NET+TV - 30Mbps - 6 Month(s)", amount: 9250, current: false },
        { package_id: "1-4412-8-12", package_name: "NET+TV - 30Mbps - 12 Month(s)", amount: 18500, current: true },
      ],
      session_id: 180,
      status: true,
    },
  },
};

// ---------------------------------------------------------------------------------------------
// Khalti worldlink-v2 (khalti-worldlink-v2.md)

export interface WorldlinkPackage {
  packageId: number;
  packageName: string;
  packageRate: number;
  packageLabel: string;
  [more: string]: unknown;
}

/**
 * How the commit is checked, per kind of user:
 * - `packages`: `package_id` from `package_options`, amount = its `packageRate`;
 * - `packagesWithDue`: `package_id` from `available_renew_options`, amount = `packageRate`, plus
 *   `due_amount_till_now` when the package is not `subscribed_package_id`;
 * - `dueOnly`: no `package_id`, amount = `amount`.
 */
export type WorldlinkKind = "packages" | "packagesWithDue" | "dueOnly";

export const WORLDLINK_ACCOUNTS: Readonly<Record<string, { kind: WorldlinkKind; body: Record<string, unknown> }>> = {
  online_renew: {
    kind: "packages",
    body: {
      username: "online_renew",
      full_name: "Online Renew",
      subscribed_package_name: "Value Standard 25mbps/3mths 1TV (Renew)",
      subscribed_package_type: "Unlimited",
      subscribedPackageId: 1888314,
      days_remaining: 0,
      message: "You have due payment.",
      package_options: [
        {
          packageId: 1888117,
          packageName: "Fiber Smart home 2019-25mbps/3 mths(Renew)",
          packageRate: 4915,
          packageLabel: "Fiber Smart home 2019-25mbps/3 mths(Renew) [Rs. 4915]",
        },
        {
          packageId: 1888314,
          packageName: "Value Standard 25mbps/3mths 1TV (Renew)",
          packageRate: 4915,
          packageLabel: "Value Standard 25mbps/3mths 1TV (Renew) [Rs. 4915]",
        },
        {
          packageId: 1888118,
          packageName: "Fiber Smart home 2019-40mbps/3 mths(Renew)",
          packageRate: 5932,
          packageLabel: "Fiber Smart home 2019-40mbps/3 mths(Renew) [Rs. 5932]",
        },
        {
          packageId: 1888119,
          packageName: "Fiber Smart home 2019-60mbps/3 mths(Renew)",
          packageRate: 8475,
          packageLabel: "Fiber Smart home 2019-60mbps/3 mths(Renew) [Rs. 8475]",
        },
        {
          packageId: 1888123,
          packageName: "Fiber Smart home 2019-25mbps/12mths(Renew)",
          packageRate: 16272,
          packageLabel: "Fiber Smart home 2019-25mbps/12mths(Renew) [Rs. 16272]",
        },
        {
          packageId: 1888124,
          packageName: "Fiber Smart home 2019-40mbps/12mths(Renew)",
          packageRate: 19097,
          packageLabel: "Fiber Smart home 2019-40mbps/12mths(Renew) [Rs. 19097]",
        },
        {
          packageId: 1888125,
          packageName: "Fiber Smart home 2019-60mbps/12mths(Renew)",
          packageRate: 28250,
          packageLabel: "Fiber Smart home 2019-60mbps/12mths(Renew) [Rs. 28250]",
        },
      ],
      renew_option: false,
      first_online_payment: false,
      amount_detail: [
        {
          particular: "Internet",
          amount: 4915,
        },
      ],
      amount: 4915,
      session_id: 109,
      status: true,
    },
  },
  online_due_and_package: {
    kind: "packagesWithDue",
    body: {
      username: "online_due_and_package",
      account_type: "PERSONAL",
      full_name: "online_due_and_package",
      branch: "REGION2-NBU4",
      subscribed_package_name: "BTL 120Mbps/12mths With 1TV New Year Dhamaka 079",
      subscribed_package_type: "Unlimited",
      subscribed_package_id: 1888768,
      days_remaining: 0,
      message: "You have due payment.",
      package_options: [],
      vatrefund_eligible: true,
      available_renew_options: [
        {
          packageId: 18881068,
          packageName: "WorldLink TurboSpeed Plus 150Mbps/12M\t",
          packageRate: 13108,
          packageLabel: "WorldLink TurboSpeed Plus 150Mbps/12M\t [Rs. 13108]",
          recommendOrder: 1,
          packageDuration: "365",
          tvEligiblePackage: 0,
          packageEligibility: false,
        },
        {
          packageId: 1888857,
          packageName: "Smart Offer (1TV) 2079 200mbps/12mths",
          packageRate: 16272,
          packageLabel: "Smart Offer (1TV) 2079 200mbps/12mths [Rs. 16272]",
          recommendOrder: 2,
          packageDuration: "365",
          tvEligiblePackage: 1,
          packageEligibility: false,
        },
        {
          packageId: 1888767,
          packageName: "BTL 120Mbps/3mths With 1TV New Year Dhamaka 079",
          packageRate: 3220,
          packageLabel: "BTL 120Mbps/3mths With 1TV New Year Dhamaka 079 [Rs. 3220]",
          recommendOrder: 3,
          packageDuration: "90",
          tvEligiblePackage: 0,
          packageEligibility: false,
        },
        {
          packageId: 1888668,
          packageName: "Special BTL 120Mbps/mth (1TV)",
          packageRate: 1356,
          packageLabel: "Special BTL 120Mbps/mth (1TV) [Rs. 1356]",
          recommendOrder: 4,
          packageDuration: "30",
          tvEligiblePackage: 0,
          packageEligibility: false,
        },
        {
          packageId: 1888858,
          packageName: "Smart Offer (1TV) 2079 250mbps/12mths",
          packageRate: 16950,
          packageLabel: "Smart Offer (1TV) 2079 250mbps/12mths [Rs. 16950]",
          recommendOrder: 5,
          packageDuration: "365",
          tvEligiblePackage: 1,
          packageEligibility: false,
        },
        {
          packageId: 18881115,
          packageName: "New Smart Offer (1TV) 2081 200Mbps/6mths",
          packageRate: 8927,
          packageLabel: "New Smart Offer (1TV) 2081 200Mbps/6mths [Rs. 8927]",
          recommendOrder: 6,
          packageDuration: "180",
          tvEligiblePackage: 0,
          packageEligibility: false,
        },
        {
          packageId: 18881116,
          packageName: "New smart Offer (1TV) 2081 200Mbps/24mths",
          packageRate: 23041,
          packageLabel: "New smart Offer (1TV) 2081 200Mbps/24mths [Rs. 23041]",
          recommendOrder: 7,
          packageDuration: "730",
          tvEligiblePackage: 0,
          packageEligibility: false,
        },
        {
          packageId: 1888768,
          packageName: "BTL 120Mbps/12mths With 1TV New Year Dhamaka 079",
          packageRate: 12204,
          packageLabel: "BTL 120Mbps/12mths With 1TV New Year Dhamaka 079 [Rs.12204]",
          tvEligiblePackage: 0,
          packageEligibility: true,
          packageDuration: 0,
          recommendOrder: 0,
        },
      ],
      renew_option: true,
      due_amount_till_now: 301,
      due_remarks: "used 9 days of BTL 120Mbps/12mths With 1TV New Year Dhamaka 079 (1888768)",
      first_online_payment: false,
      amount_detail: [
        {
          amount: 12204,
          creditor: "worldlink",
          particular: "Internet",
          creditorPan: "300073250",
        },
      ],
      amount: 12204,
      session_id: 22906,
      status: true,
    },
  },
  online_due_payment: {
    kind: "dueOnly",
    body: {
      username: "online_due_payment",
      full_name: "Online Due Payment",
      branch: "MANIGRAM",
      subscribed_package_name: "Value Standard 25mbps/3mths 1TV (Renew)",
      subscribed_package_type: "Unlimited",
      days_remaining: 0,
      message: "You have due payment.",
      package_options: [],
      renew_option: false,
      first_online_payment: false,
      amount_detail: [
        {
          particular: "Internet",
          amount: 4950,
        },
      ],
      amount: 4950,
      session_id: 224,
      status: true,
    },
  },
};

// ---------------------------------------------------------------------------------------------
// Khalti hashcnet-v2 (khalti-hashcnet-v2.md)

export interface HashcnetPackage {
  title: string;
  package_code: number;
  duration: { total_cost: number; duration_code: string; duration_title: string }[];
}

/** Every hashcnet account is served under every hashcnet slug. */
export const HASHCNET_ACCOUNTS: Readonly<Record<string, Record<string, unknown> & { available_packages: HashcnetPackage[] }>> = {
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

// ---------------------------------------------------------------------------------------------
// Global Topup (globaltopup-merosoft-internet.md, globaltopup-execute-and-status.md)

/** The 29 internet operators under Merosoft, by operator id. */
export const GLOBALTOPUP_OPERATORS: Readonly<Record<number, string>> = {
  19: "Subisu",
  20: "Worldlink",
  21: "Vianet",
  22: "Websurfer",
  23: "Arrownet",
  24: "SKY Internet",
  25: "PrabhuNet",
  26: "Palsnet",
  27: "Loop Network",
  30: "Techminds",
  32: "Classic Tech",
  47: "Chitrawan",
  59: "Dolfin Net Communication",
  60: "Net Max",
  61: "Alisha Communication",
  63: "World Fiber Net",
  67: "Nijgadh Cable",
  70: "Prime Network",
  73: "PDS Server Network",
  74: "Meta Link",
  82: "DG Link",
  83: "Dish Home Fiber",
  84: "Izone",
  85: "ACME Internet",
  94: "Smart Link",
  96: "SKY Broadband",
  98: "Rapid Unique Net",
  99: "GRS Internet",
  115: "Wifi Nepal",
};

/** The internet operator type id of every example. */
export const GLOBALTOPUP_INTERNET_TYPE_ID = 5;

export interface GlobalTopupPackages {
  customer: string;
  address: string;
  message: string;
  bill: number;
  bill_type: string;
  options: { id: number; name: string; amount: number }[];
}

/** By `connection_no`; served under every one of the 29 operators. */
export const GLOBALTOPUP_CUSTOMERS: Readonly<Record<string, GlobalTopupPackages>> = {
  // The document's example response.
  online_renew: {
    customer: "Majdur family",
    address: "CHITWAN",
    message: "You have 233 day(s) remaining. You could pay in advance but it is not yet supported. | Remaining Days: 233",
    bill: 0,
    bill_type: "Dealdaar offer-50Mbps/12mths",
    options: [
      { id: 800011, name: "Dealdaar offer-50Mbps/12mths", amount: 4520 },
      { id: 800012, name: "Dealdaar offer-80Mbps/3mths", amount: 1808 },
      { id: 800013, name: "Dealdaar offer-80mbps/6mths", amount: 3616 },
      { id: 800014, name: "Dealdaar offer-80Mbps/12mths", amount: 6780 },
    ],
  },
  // The connection number of the document's code samples: invented data, with a bill.
  rameshsah_fbrgj: {
    customer: "Ramesh Sah",
    address: "BIRGUNJ",
    message: "You have due of Rs. 500. | Remaining Days: 0",
    bill: 500,
    bill_type: "Fiber 60Mbps/1mth",
    options: [
      { id: 800021, name: "Fiber 60Mbps/1mth", amount: 1243 },
      { id: 800022, name: "Fiber 60Mbps/3mths", amount: 3390 },
      { id: 800023, name: "Fiber 100Mbps/12mths", amount: 14690 },
    ],
  },
};
