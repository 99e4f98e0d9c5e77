/** The renewal's buttons: a provider (`i`), a page of providers (`ip`), a step of a draft (`d`). */
import { type Codec, FIELD } from "../../codec.js";

/** What a draft button does: connection, page, package group, option, pay, back, cancel, top-up. */
export type DraftVerb = "c" | "p" | "g" | "o" | "pay" | "back" | "x" | "top";
const DRAFT_VERBS = new Set<string>(["c", "p", "g", "o", "pay", "back", "x", "top"]);

/** A provider chosen from the list. */
export const ispButton: Codec<string> = {
  prefix: "i",
  encode: (id) => `i:${id}`,
  decode: ([id, ...rest]) => (rest.length === 0 && id !== undefined && FIELD.slug.test(id) ? id : undefined),
};

/** A page of the provider list. */
export const ispPageButton: Codec<number> = {
  prefix: "ip",
  encode: (page) => `ip:${page}`,
  decode: ([page, ...rest]) => (rest.length === 0 && page !== undefined && FIELD.small.test(page) ? Number(page) : undefined),
};

/** A step of a renewal in progress: the draft's id, a verb and an index. */
export interface DraftStep {
  id: string;
  verb: DraftVerb;
  n: number;
}

export const draftButton: Codec<DraftStep> = {
  prefix: "d",
  encode: (s) => `d:${s.id}:${s.verb}:${s.n}`,
  decode: ([id, verb, n, ...rest]) =>
    rest.length === 0 && id !== undefined && FIELD.draft.test(id) && DRAFT_VERBS.has(verb ?? "") && FIELD.small.test(n ?? "")
      ? { id, verb: verb as DraftVerb, n: Number(n) }
      : undefined,
};
