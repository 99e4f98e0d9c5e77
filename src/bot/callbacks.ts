/**
 * Callback data: what a button carries. It comes back from the client, so it is never trusted:
 * it holds only an opaque id (a draft, a saved account, a payment) and small indexes, parsed
 * strictly here; owners, options and amounts are looked up on the server. Anything that does not
 * parse is treated as an expired button.
 */

export type MenuItem = "home" | "renew" | "accounts" | "wallet" | "history" | "lang" | "help";
export type DraftVerb = "c" | "p" | "g" | "o" | "pay" | "back" | "x" | "top";
export type AccountVerb = "open" | "renew" | "ren" | "del";

export type Callback =
  | { k: "menu"; item: MenuItem }
  | { k: "isp-page"; page: number }
  | { k: "isp"; id: string }
  | { k: "lang"; locale: "en" | "ne" }
  | { k: "draft"; id: string; verb: DraftVerb; n: number }
  | { k: "save"; id: string }
  | { k: "acc"; id: number; verb: AccountVerb }
  | { k: "hist"; page: number }
  | { k: "rcpt"; id: number }
  | { k: "demo" };

const MENU_ITEMS = new Set<MenuItem>(["home", "renew", "accounts", "wallet", "history", "lang", "help"]);
const DRAFT_VERBS = new Set<DraftVerb>(["c", "p", "g", "o", "pay", "back", "x", "top"]);
const ACCOUNT_VERBS = new Set<AccountVerb>(["open", "renew", "ren", "del"]);

export function encode(cb: Callback): string {
  switch (cb.k) {
    case "menu":
      return `m:${cb.item}`;
    case "isp-page":
      return `ip:${cb.page}`;
    case "isp":
      return `i:${cb.id}`;
    case "lang":
      return `l:${cb.locale}`;
    case "draft":
      return `d:${cb.id}:${cb.verb}:${cb.n}`;
    case "save":
      return `s:${cb.id}`;
    case "acc":
      return `a:${cb.id}:${cb.verb}`;
    case "hist":
      return `h:${cb.page}`;
    case "rcpt":
      return `r:${cb.id}`;
    case "demo":
      return "demo";
  }
}

const SMALL = /^(0|[1-9]\d{0,4})$/;
const ID = /^[1-9]\d{0,15}$/;

/** Parses callback data strictly; `undefined` for anything we did not make. */
export function decode(data: string | undefined): Callback | undefined {
  if (!data || data.length > 64) return undefined;
  const parts = data.split(":");
  const [kind, a, b, c] = parts;
  switch (kind) {
    case "m":
      return parts.length === 2 && MENU_ITEMS.has(a as MenuItem) ? { k: "menu", item: a as MenuItem } : undefined;
    case "ip":
      return parts.length === 2 && SMALL.test(a ?? "") ? { k: "isp-page", page: Number(a) } : undefined;
    case "i":
      return parts.length === 2 && /^[a-z0-9]+(-[a-z0-9]+)*$/.test(a ?? "") ? { k: "isp", id: a! } : undefined;
    case "l":
      return parts.length === 2 && (a === "en" || a === "ne") ? { k: "lang", locale: a } : undefined;
    case "d":
      return parts.length === 4 && /^[A-Za-z0-9_-]{8,24}$/.test(a ?? "") && DRAFT_VERBS.has(b as DraftVerb) && SMALL.test(c ?? "")
        ? { k: "draft", id: a!, verb: b as DraftVerb, n: Number(c) }
        : undefined;
    case "s":
      return parts.length === 2 && /^[A-Za-z0-9_-]{8,24}$/.test(a ?? "") ? { k: "save", id: a! } : undefined;
    case "a":
      return parts.length === 3 && ID.test(a ?? "") && ACCOUNT_VERBS.has(b as AccountVerb)
        ? { k: "acc", id: Number(a), verb: b as AccountVerb }
        : undefined;
    case "h":
      return parts.length === 2 && SMALL.test(a ?? "") ? { k: "hist", page: Number(a) } : undefined;
    case "r":
      return parts.length === 2 && ID.test(a ?? "") ? { k: "rcpt", id: Number(a) } : undefined;
    case "demo":
      return parts.length === 1 ? { k: "demo" } : undefined;
    default:
      return undefined;
  }
}
