/**
 * Agents' buttons: paying for a customer (`ag`), saved customers (`cu`), a cash-in's confirmation
 * (`ci`) and a commission rate's (`cm`). They carry opaque ids and small numbers only: who the
 * customer is, amounts and rates are read on the server, for the presser, at the moment of use.
 */
import { type Codec, FIELD } from "../../codec.js";
import { CONFIRMATION_ID } from "../../../store/customers.js";

/** A step of paying for a customer: new customer, a page of providers, a provider, skip the phone. */
export type AgentStep = { verb: "new" } | { verb: "p"; page: number } | { verb: "i"; isp: string } | { verb: "skip" };

/** `ag:new`, `ag:p:<page>`, `ag:i:<isp>`, `ag:skip`. */
export const agentButton: Codec<AgentStep> = {
  prefix: "ag",
  encode: (s) => (s.verb === "p" ? `ag:p:${s.page}` : s.verb === "i" ? `ag:i:${s.isp}` : `ag:${s.verb}`),
  decode: ([verb, arg, ...rest]) => {
    if (rest.length > 0) return undefined;
    if ((verb === "new" || verb === "skip") && arg === undefined) return { verb };
    if (verb === "p" && FIELD.small.test(arg ?? "")) return { verb, page: Number(arg) };
    if (verb === "i" && arg !== undefined && FIELD.slug.test(arg)) return { verb, isp: arg };
    return undefined;
  },
};

/**
 * Saved customers: a page of the list (renew or remove mode), renew one, remove one, search, and
 * save the customer of a finished renewal (its draft).
 */
export type CustomerAction =
  | { verb: "l"; mode: "r" | "x"; page: number }
  | { verb: "r" | "x"; id: number }
  | { verb: "q" }
  | { verb: "s"; draftId: string };

/** `cu:l:<r|x>:<page>`, `cu:r:<id>`, `cu:x:<id>`, `cu:q`, `cu:s:<draft>`. */
export const customerButton: Codec<CustomerAction> = {
  prefix: "cu",
  encode: (a) => {
    switch (a.verb) {
      case "l":
        return `cu:l:${a.mode}:${a.page}`;
      case "r":
      case "x":
        return `cu:${a.verb}:${a.id}`;
      case "q":
        return "cu:q";
      case "s":
        return `cu:s:${a.draftId}`;
    }
  },
  decode: ([verb, a, b, ...rest]) => {
    if (rest.length > 0) return undefined;
    if (verb === "l" && (a === "r" || a === "x") && FIELD.small.test(b ?? "")) return { verb, mode: a, page: Number(b) };
    if ((verb === "r" || verb === "x") && FIELD.id.test(a ?? "") && b === undefined) return { verb, id: Number(a) };
    if (verb === "q" && a === undefined) return { verb };
    if (verb === "s" && a !== undefined && FIELD.draft.test(a) && b === undefined) return { verb, draftId: a };
    return undefined;
  },
};

/** Yes or no on a confirmation kept on the server (its random id). */
export interface Decision {
  id: string;
  ok: boolean;
}

const decision = (prefix: string): Codec<Decision> => ({
  prefix,
  encode: (d) => `${prefix}:${d.id}:${d.ok ? "ok" : "no"}`,
  decode: ([id, answer, ...rest]) =>
    rest.length === 0 && id !== undefined && CONFIRMATION_ID.test(id) && (answer === "ok" || answer === "no") ? { id, ok: answer === "ok" } : undefined,
});

/** A cash-in's confirmation. */
export const cashInButton = decision("ci");
/** A commission rate's confirmation (admins). */
export const commissionButton = decision("cm");
