/**
 * The admin feature's buttons. Each carries a verb and an opaque id (a request, a pending credit, a
 * payment); the server checks the presser's role, the id's owner and its state when it is pressed.
 *  - `ar`: approve or decline a request to become an agent;
 *  - `cr`: confirm or cancel a pending credit;
 *  - `pd`: a payment's actions (check now, resolve as success, fail and refund, confirm, back);
 *  - `ap`: the admin panel's shortcuts.
 */
import { type Codec, FIELD } from "../../codec.js";
import { CREDIT_ID } from "../../../store/admin.js";

/** An agent request decided: `a` approve, `d` decline. */
export const agentRequestButton: Codec<{ approve: boolean; id: number }> = {
  prefix: "ar",
  encode: ({ approve, id }) => `ar:${approve ? "a" : "d"}:${id}`,
  decode: ([verb, id, ...rest]) =>
    rest.length === 0 && (verb === "a" || verb === "d") && FIELD.id.test(id ?? "") ? { approve: verb === "a", id: Number(id) } : undefined,
};

/** A pending credit: `y` confirm, `n` cancel. */
export const creditButton: Codec<{ confirm: boolean; id: string }> = {
  prefix: "cr",
  encode: ({ confirm, id }) => `cr:${confirm ? "y" : "n"}:${id}`,
  decode: ([verb, id, ...rest]) =>
    rest.length === 0 && (verb === "y" || verb === "n") && CREDIT_ID.test(id ?? "") ? { confirm: verb === "y", id: id! } : undefined,
};

/** What can be done to a payment whose outcome is unknown. */
export type PaymentVerb = "check" | "success" | "fail" | "refund" | "back";
const VERBS: Record<string, PaymentVerb> = { c: "check", s: "success", f: "fail", x: "refund", b: "back" };
const LETTERS = Object.fromEntries(Object.entries(VERBS).map(([letter, verb]) => [verb, letter])) as Record<PaymentVerb, string>;

/** A payment's action: `fail` asks to confirm, `refund` is the confirmed "fail and refund". */
export const paymentButton: Codec<{ verb: PaymentVerb; id: number }> = {
  prefix: "pd",
  encode: ({ verb, id }) => `pd:${LETTERS[verb]}:${id}`,
  decode: ([letter, id, ...rest]) => {
    const verb = letter !== undefined && Object.hasOwn(VERBS, letter) ? VERBS[letter] : undefined;
    return rest.length === 0 && verb && FIELD.id.test(id ?? "") ? { verb, id: Number(id) } : undefined;
  },
};

/** The admin panel's shortcuts. */
export type PanelItem = "pending" | "stats" | "agents" | "broadcast";
const ITEMS: Record<string, PanelItem> = { p: "pending", s: "stats", a: "agents", b: "broadcast" };

/** A shortcut of the admin panel. */
export const panelButton: Codec<PanelItem> = {
  prefix: "ap",
  encode: (item) => `ap:${item[0]}`,
  decode: ([letter, ...rest]) => (rest.length === 0 && letter !== undefined && Object.hasOwn(ITEMS, letter) ? ITEMS[letter] : undefined),
};
