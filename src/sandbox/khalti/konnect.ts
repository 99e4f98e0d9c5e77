/**
 * Khalti konnect / KCMS (khalti-konnect-kcms.md): `details` (username → customer, subscription,
 * due, packages, a session) and `commit`. The accounts are the document's, verbatim (`due.amount`
 * is a decimal string there); `new` is refused as the document shows.
 */
import { payOption } from "../common.js";
import { type KhaltiFamilyPlay, refusal } from "./common.js";

/** `chitrawan-unique-net` "has been shifted" to its own service, so it is not a konnect slug. */
export const KONNECT_SLUGS: readonly string[] = ["izone", "world-fiber-net", "dg-link", "loop-network", "acme-internet"];

/** A package as the details step lists it. */
export interface KonnectPackage {
  package_id: string;
  package_name: string;
  amount: number;
  current: boolean;
}

/** An account: refused with error 4000 and the document's details, or its details answer. */
export type KonnectAccount =
  | { kind: "refused"; details: string }
  | { kind: "ok"; body: Record<string, unknown> & { packages: KonnectPackage[] } };

/** By username. Every konnect account is served under every konnect slug. */
export const KONNECT_ACCOUNTS: Readonly<Record<string, KonnectAccount>> = {
  new: {
    kind: "refused",
    details: "This customer's first subscription payment cannot be paid online. Please contact the nearest office.",
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

/** Konnect: a session per `details`; a package by `package_id`. */
export const KONNECT: KhaltiFamilyPlay<KonnectAccount> = {
  family: "konnect",
  slugs: KONNECT_SLUGS,
  opening: {
    step: "details",
    accounts: KONNECT_ACCOUNTS,
    found(account) {
      if (account.kind === "refused") throw refusal("4000", account.details);
      return { body: account.body, options: account.body.packages.map((p) => payOption(p.package_id, p.amount, p.package_name)) };
    },
  },
  commit: { successDetail: () => "Payment made successfully. Account will be activated in few minutes" },
};
