/** The renewal's first screens: the provider list (paged, favourites first, filtered) and the account question. */
import { InlineKeyboard } from "grammy";
import { ACCOUNT_RULES, accountFields } from "../../../providers/catalog.js";
import type { Isp } from "../../../providers/types.js";
import { backToMenu, navData, type Screen, screen, short, type Ui } from "../../ui.js";
import { ispButton, ispPageButton } from "./callbacks.js";

export const ISP_PAGE_SIZE = 10;

/** Matches a typed filter against an ISP name, ignoring case, spaces and punctuation. */
export function ispMatches(isp: Isp, filter: string): boolean {
  const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9\u0900-\u097f]/g, "");
  const f = norm(filter);
  return f.length > 0 && (norm(isp.name).includes(f) || norm(isp.id).includes(f));
}

/** What the provider list's buttons carry: a renewal's (`i`, `ip`) unless another feature's are given. */
export interface PickerButtons {
  isp(id: string): string;
  page(n: number): string;
  /** The question above the list (a text key; "isp-pick" unless given). */
  title?: string;
}

const RENEW_PICKER: PickerButtons = { isp: (id) => ispButton.encode(id), page: (n) => ispPageButton.encode(n) };

/** The provider list: favourites (saved and recent) first, then everyone, paged; or a filtered list. */
export function ispPicker(
  ui: Ui,
  catalog: readonly Isp[],
  opts: { page: number; favourites: string[]; filter?: string; buttons?: PickerButtons },
): Screen {
  const buttons = opts.buttons ?? RENEW_PICKER;
  const kb = new InlineKeyboard();
  if (opts.filter !== undefined) {
    const found = catalog.filter((i) => ispMatches(i, opts.filter!));
    if (found.length === 0) return screen(ui, [ui.t("isp-none", { filter: opts.filter })], backToMenu(ui));
    found.slice(0, 20).forEach((isp, n) => {
      kb.text(isp.name, buttons.isp(isp.id));
      if (n % 2 === 1) kb.row();
    });
    kb.row().text(ui.t("menu-back"), navData("home"));
    return screen(ui, [ui.t("isp-pick-filtered", { filter: opts.filter })], kb);
  }
  const favourites = opts.favourites.map((id) => catalog.find((i) => i.id === id)).filter((i): i is Isp => !!i);
  const pages = Math.max(1, Math.ceil(catalog.length / ISP_PAGE_SIZE));
  const page = Math.min(Math.max(0, opts.page), pages - 1);
  if (page === 0) {
    for (const fav of favourites.slice(0, 4)) kb.text(ui.t("isp-recent", { name: fav.name }), buttons.isp(fav.id)).row();
  }
  catalog.slice(page * ISP_PAGE_SIZE, (page + 1) * ISP_PAGE_SIZE).forEach((isp, n) => {
    kb.text(isp.name, buttons.isp(isp.id));
    if (n % 2 === 1) kb.row();
  });
  kb.row();
  if (pages > 1) {
    kb.text(ui.t("btn-prev"), buttons.page((page - 1 + pages) % pages))
      .text(ui.t("page-of", { page: page + 1, pages }), buttons.page(page))
      .text(ui.t("btn-next"), buttons.page((page + 1) % pages))
      .row();
  }
  kb.text(ui.t("menu-back"), navData("home"));
  return screen(ui, [ui.t(buttons.title ?? "isp-pick")], kb);
}

/**
 * The account question. An ISP whose routes take different accounts (a times ISP also served by
 * Global Topup) asks for either, so that whichever route answers can be used: the lookup tries
 * each route with what was typed.
 */
export function accountPrompt(ui: Ui, isp: Isp): Screen {
  const fields = accountFields(isp);
  if (fields.length > 1) {
    return screen(ui, [
      ui.t("ask-account-either", { isp: isp.name, customerId: ACCOUNT_RULES.customer_id.example, username: ACCOUNT_RULES.username.example }),
    ]);
  }
  const rule = ACCOUNT_RULES[fields[0]!];
  const key = rule.field === "customer_id" ? "ask-account-customer-id" : "ask-account-username";
  return screen(ui, [ui.t(key, { isp: isp.name, example: rule.example })]);
}

/** The re-prompt for text that cannot be an account of the ISP. */
export function badAccount(ui: Ui, isp: Isp, input: string): string {
  const fields = accountFields(isp);
  if (fields.length > 1) return ui.t("bad-account-either", { input: short(input, 40) });
  const rule = ACCOUNT_RULES[fields[0]!];
  const key = rule.field === "customer_id" ? "bad-account-customer-id" : "bad-account-username";
  return ui.t(key, { input: short(input, 40), example: rule.example });
}

/** What the ISP calls the account, as the re-prompts name it ("customer ID or username" for two). */
export function accountFieldName(ui: Ui, isp: Isp): string {
  const fields = accountFields(isp);
  if (fields.length > 1) return ui.t("field-customer-id-or-username");
  return ui.t(fields[0] === "customer_id" ? "field-customer-id" : "field-username");
}
