/**
 * Khalti worldlink-v2 (khalti-worldlink-v2.md): `details` (username → the user, their options, a
 * session; no service slug) and `commit`. The users are the document's, with its spellings: user 1
 * says `subscribedPackageId` while user 2 says `subscribed_package_id`.
 */
import { type Json, type PayOption, absent, entry, paisa, payOption } from "../common.js";
import { type KhaltiFamilyPlay, type KhaltiSession, byPackageId, refusal } from "./common.js";

/** A package as the details step lists it. */
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

/** A user: their kind and their details answer. */
export interface WorldlinkAccount {
  kind: WorldlinkKind;
  body: Record<string, unknown>;
}

/** By username. */
export const WORLDLINK_ACCOUNTS: Readonly<Record<string, WorldlinkAccount>> = {
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

/** The options a user of each kind may pay (see `WorldlinkKind`). */
function optionsOf(kind: WorldlinkKind, b: Json): PayOption[] {
  const packages = (key: string) => b[key] as WorldlinkPackage[];
  if (kind === "packages") return packages("package_options").map((p) => payOption(p.packageId, p.packageRate, p.packageName));
  if (kind === "dueOnly") return [{ amountPaisa: paisa(Number(b.amount)), name: "Due payment" }];
  const subscribed = String(b.subscribed_package_id);
  const due = paisa(Number(b.due_amount_till_now));
  return packages("available_renew_options").map((p) => {
    const option = payOption(p.packageId, p.packageRate, p.packageName);
    return option.packageId === subscribed ? option : { ...option, amountPaisa: option.amountPaisa + due };
  });
}

/** A due-only user pays the due and names no package; the others choose one by `package_id`. */
function choose(session: KhaltiSession, options: PayOption[], body: Json): PayOption[] {
  if (entry(WORLDLINK_ACCOUNTS, session.account)?.kind !== "dueOnly") return byPackageId(session, options, body);
  if (!absent(body.package_id)) throw refusal("1010", "This customer cannot choose a package: send no package_id.");
  return options;
}

/** Worldlink-v2: a session per `details` (no service slug); the answer to a commit reports no credits. */
export const WORLDLINK: KhaltiFamilyPlay<WorldlinkAccount> = {
  family: "worldlink-v2",
  opening: {
    step: "details",
    accounts: WORLDLINK_ACCOUNTS,
    found: (account) => ({ body: account.body, options: optionsOf(account.kind, account.body) }),
  },
  commit: { choose, successDetail: () => "Transaction successful", withoutCredits: true },
};
