/**
 * What an aggregator says reaches people cut to a safe length: a 5,000-character name, plan, status,
 * message or reason still makes a message Telegram takes (at most 4,096 characters), on every screen
 * and in a settled payment's notice.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { translator } from "../src/bot/app.js";
import { confirmScreen, failedScreen, optionsScreen, paidScreen } from "../src/bot/features/renew/screens.js";
import { receiptLines } from "../src/bot/receipt.js";
import { makeUi } from "../src/bot/ui.js";
import type { Receipt } from "../src/money/index.js";
import type { Isp, Lookup } from "../src/providers/types.js";
import type { Draft } from "../src/store/drafts.js";

const ui = makeUi("en", translator(join(import.meta.dirname, "..", "src", "locales")), true);
const huge = (c: string) => c.repeat(5_000);
const isp = { id: "worldlink", name: "WorldLink", routes: [{ aggregator: "khalti", family: "worldlink-v2", service: "worldlink-v2", accountField: "username" }] } as unknown as Isp;
const lookup = {
  isp: "worldlink",
  route: isp.routes[0],
  account: "online_renew",
  customer: { name: huge("N"), plan: huge("P"), status: huge("S"), message: huge("M") },
  options: [{ key: "pkg-1", label: huge("L"), kind: "package", amountPaisa: 491_500 }],
  session: {},
  at: "2026-12-01T00:00:00Z",
} as unknown as Lookup;
const draft = { id: "AAAAAAAAAAAA", userId: 1, chatId: 1, isp: "worldlink", account: "online_renew", lookup, optionKey: "pkg-1", state: "confirming" } as unknown as Draft;
const receipt: Receipt = {
  number: 1,
  issuedAt: "2026-12-01T00:00:00Z",
  issuedAtNepal: "2026-12-01 05:45:00 (Asia/Kathmandu)",
  isp: { id: "worldlink", name: "WorldLink" },
  account: "online_renew",
  connection: null,
  customerName: huge("N"),
  package: huge("P"),
  amountPaisa: 491_500,
  breakdown: null,
  upstreamId: "1",
  reference: "12345",
  via: "khalti",
  paidBy: 1,
  paidFor: "self",
};

describe("upstream text on screen", () => {
  it("is cut on the options, confirmation, receipt and failure screens", () => {
    const balance = { balancePaisa: 1_000_000, heldPaisa: 0, availablePaisa: 1_000_000 };
    const screens = [optionsScreen(ui, draft, isp), confirmScreen(ui, draft, isp, lookup.options[0]!, balance, false), paidScreen(ui, receipt, "WorldLink"), failedScreen(ui, huge("R"))];
    for (const s of screens) {
      expect(s.text.length).toBeLessThanOrEqual(4096);
      expect(s.text).not.toMatch(/N{81}|P{101}|S{41}|M{301}|R{301}|L{101}/);
    }
    expect(screens[0]!.text).toContain(`${"N".repeat(79)}…`);
    for (const b of screens[0]!.keyboard!.inline_keyboard.flat()) expect(b.text.length).toBeLessThanOrEqual(100);
  });

  it("a notice framed by ui.frame never passes Telegram's limit", () => {
    const text = ui.frame([ui.t("resolved-success", { amount: ui.money(1), account: huge("A"), isp: "WorldLink" }), ...receiptLines(ui, receipt, "WorldLink")].join("\n"));
    expect(text.length).toBeLessThanOrEqual(4096);
  });
});
