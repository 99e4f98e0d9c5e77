/** Saved accounts' buttons: an action on one (`a`), and "save this account" after a renewal (`s`). */
import { type Codec, FIELD } from "../../codec.js";

export type AccountVerb = "open" | "renew" | "ren" | "del";
const ACCOUNT_VERBS = new Set<string>(["open", "renew", "ren", "del"]);

export const accountButton: Codec<{ id: number; verb: AccountVerb }> = {
  prefix: "a",
  encode: (a) => `a:${a.id}:${a.verb}`,
  decode: ([id, verb, ...rest]) =>
    rest.length === 0 && FIELD.id.test(id ?? "") && ACCOUNT_VERBS.has(verb ?? "") ? { id: Number(id), verb: verb as AccountVerb } : undefined,
};

/** "Save this account" under a receipt: the finished draft's id. */
export const saveButton: Codec<string> = {
  prefix: "s",
  encode: (draftId) => `s:${draftId}`,
  decode: ([id, ...rest]) => (rest.length === 0 && id !== undefined && FIELD.draft.test(id) ? id : undefined),
};
