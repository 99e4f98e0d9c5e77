/**
 * The one vocabulary the rest of the program speaks about upstream aggregators: ISPs and their
 * routes, a looked-up customer with the options they can pay, and the outcome of a payment.
 *
 * Every value here is plain JSON (no classes, no functions), so a `Lookup` can be kept in a
 * conversation's state or a database row and handed back to `commit` later.
 */
import type { Paisa } from "../shared/amount.js";

export type AggregatorId = "khalti" | "globaltopup";
export type Family = "times" | "konnect" | "worldlink-v2" | "hashcnet-v2" | "merosoft";

/** What the ISP calls the account a customer types in. */
export type AccountField = "username" | "customer_id";

/** One way to reach an ISP: an aggregator, its API family, and the ISP's id there. */
export interface Route {
  aggregator: AggregatorId;
  family: Family;
  /** Khalti `service_slug` (times, konnect, hashcnet-v2; worldlink-v2 has none). */
  slug?: string;
  /** Global Topup `operator_id`. */
  operatorId?: number;
  /** What this route takes as the account (times takes a customer id, the rest a username). */
  accountField: AccountField;
}

/** An ISP as a user sees it: once, whichever aggregators serve it. */
export interface Isp {
  /** kebab-case, stable: used in callbacks, the CLI and stored payments. */
  id: string;
  name: string;
  /** In priority order: the first enabled route is used unless one is asked for. */
  routes: Route[];
}

/** The customer as the aggregator knows them. Every field is optional: families differ. */
export interface Customer {
  name?: string;
  status?: string;
  /** The subscribed plan's name. */
  plan?: string;
  /** ISO date (YYYY-MM-DD) when the aggregator gives an end date. */
  expiresOn?: string;
  daysRemaining?: number;
  /** Outstanding due, when the aggregator reports one. */
  duePaisa?: Paisa;
  /** The aggregator's own words, e.g. "You have due payment." */
  message?: string;
  address?: string;
  mobile?: string;
}

/** A line of an option's breakdown: the package and, where added, the due. */
export interface BreakdownLine {
  kind: "package" | "due";
  label: string;
  amountPaisa: Paisa;
}

/** Something the customer can pay, with everything `commit` needs to pay it. */
export interface Option {
  /** Stable within a lookup and across lookups of the same account (not an array index). */
  key: string;
  /** As shown to the user; for two-level families "Package · Duration". */
  label: string;
  /** `package` for a plan; `due` for a due-only payment (worldlink non-switchable users). */
  kind: "package" | "due";
  /** The total to pay (package plus any due added). */
  amountPaisa: Paisa;
  /** Present when more than one thing makes up the total (package + due). */
  breakdown?: BreakdownLine[];
  /** The customer's current plan. */
  current?: boolean;
  /** First level of a two-level choice (hashcnet: the package; the option is its duration). */
  group?: { key: string; label: string };
  /** Second-level label within the group (hashcnet: the duration title). */
  subLabel?: string;
  /** Family-specific fields sent at commit (package_id, package_code, duration_code, ...). */
  commit: Record<string, string | number>;
}

/** A connection (username) under one customer id: times customers may have several. */
export interface Connection {
  username: string;
  status?: string;
}

/** Why a looked-up account cannot be paid for online. */
export interface NotPayable {
  code: "first-payment-at-office" | "nothing-to-pay";
  /** The aggregator's own explanation. */
  message: string;
}

/** The result of looking an account up: who they are, and what they can pay. */
export interface Lookup {
  isp: string;
  route: Route;
  account: string;
  /** times: the connection (username) the options are for. */
  connection?: string;
  customer: Customer;
  /** times: the customer's connections; when several and none was chosen, `options` is empty. */
  connections?: Connection[];
  options: Option[];
  notPayable?: NotPayable;
  /** What the commit needs besides the option (session id, ...). */
  session: Record<string, string | number>;
  /** ISO time of the lookup. */
  at: string;
}

/** Whether a looked-up account still needs a connection chosen (times, several connections). */
export function needsConnection(lookup: Lookup): boolean {
  return !lookup.connection && (lookup.connections?.length ?? 0) > 1 && lookup.options.length === 0;
}

export type OutcomeState = "success" | "pending" | "failed";

/** What happened to a payment, as far as the aggregator has told us. */
export interface Outcome {
  state: OutcomeState;
  /** Khalti `id` / `response_id`, Global Topup `transaction_id`. */
  upstreamId?: string;
  /** A short, readable explanation (the aggregator's own words where it gave any). */
  message: string;
  /** The aggregator's state word as received ("Success", "Queued", "Failed", ...). */
  upstreamState?: string;
  /** Why the outcome is what it is, for logs and reconciliation. */
  cause: "answer" | "timeout" | "network" | "http-status" | "malformed" | "duplicate-reference" | "not-found";
  httpStatus?: number;
  creditsConsumedPaisa?: Paisa;
  creditsAvailablePaisa?: Paisa;
  /** The aggregator's answer with tokens removed (undefined when there was none). */
  raw?: unknown;
}

/** Base of the errors a lookup can end with; `message` is safe to show a user. */
export class UpstreamError extends Error {
  constructor(
    message: string,
    readonly aggregator?: AggregatorId,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The aggregator answered and refused, with its own reason (e.g. "Customer not found."). */
export class UpstreamRejected extends UpstreamError {
  constructor(
    message: string,
    aggregator?: AggregatorId,
    readonly code?: string,
  ) {
    super(message, aggregator);
  }
}

/** The aggregator could not be reached, timed out, failed, or refused our credentials. */
export class UpstreamUnavailable extends UpstreamError {}

/** The aggregator answered something that does not follow its documents. */
export class UpstreamMalformed extends UpstreamError {}
