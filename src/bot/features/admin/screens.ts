/** The admin feature's screens and keyboards: pure functions of what they show. */
import { InlineKeyboard } from "grammy";
import type { Figures, Payment, Receipt } from "../../../money/index.js";
import type { AggregatorCredit } from "../../../providers/index.js";
import type { Agent } from "../../../store/agents.js";
import { nepalMinute } from "../../../shared/nepal-time.js";
import { receiptLines } from "../../receipt.js";
import { navData, type Screen, screen, short, type Ui, UPSTREAM_TEXT } from "../../ui.js";
import { agentRequestButton, creditButton, panelButton, paymentButton } from "./callbacks.js";

/** A user as admins see them: their first name as the bot knows it and their id, or the id alone. */
export const who = (userId: number, name?: string | null) => (name ? `${name} (${userId})` : String(userId));

/** The periods of /stats. */
export const PERIODS = ["today", "7d", "30d"] as const;
export type Period = (typeof PERIODS)[number];
/** How many days a period looks back (0: since midnight today, Nepal time). */
export const PERIOD_DAYS: Record<Period, number> = { today: 0, "7d": 7, "30d": 30 };

/** The admin panel: shortcuts, and the commands that take arguments. */
export function panelScreen(ui: Ui): Screen {
  const kb = new InlineKeyboard()
    .text(ui.t("admin-btn-pending"), panelButton.encode("pending"))
    .text(ui.t("admin-btn-stats"), panelButton.encode("stats"))
    .row()
    .text(ui.t("admin-btn-agents"), panelButton.encode("agents"))
    .text(ui.t("admin-btn-broadcast"), panelButton.encode("broadcast"))
    .row()
    .text(ui.t("menu-back"), navData("home"));
  return screen(ui, [ui.t("admin-panel")], kb);
}

/** A request to become an agent, as each admin receives it. */
export function requestScreen(ui: Ui, r: { id: number; userId: number; firstName: string | null; shopName: string }): Screen {
  const kb = new InlineKeyboard()
    .text(ui.t("admin-btn-approve"), agentRequestButton.encode({ approve: true, id: r.id }))
    .text(ui.t("admin-btn-decline"), agentRequestButton.encode({ approve: false, id: r.id }));
  return screen(ui, [ui.t("admin-agent-request", { id: r.id, user: who(r.userId, r.firstName), shop: r.shopName })], kb);
}

/** Every active agent with their float and today's payments for customers. */
export function agentsScreen(
  ui: Ui,
  agents: { agent: Agent; name?: string; floatPaisa: number; today: { count: number; volumePaisa: number } }[],
  max = 40,
): Screen {
  if (agents.length === 0) return screen(ui, [ui.t("admin-agents-none")]);
  const rows = agents.slice(0, max).map(({ agent, name, floatPaisa, today }, i) =>
    ui.t("admin-agents-row", {
      n: i + 1,
      shop: agent.shopName ?? "—",
      user: who(agent.userId, name),
      float: ui.money(floatPaisa),
      volume: ui.money(today.volumePaisa),
      count: today.count,
    }),
  );
  const more = agents.length > max ? ui.t("admin-agents-more", { count: agents.length - max }) : undefined;
  return screen(ui, [ui.t("admin-agents-title", { count: agents.length }), ...rows, more]);
}

/** The confirmation of a /credit: amount, name and account, on the button too. */
export function creditScreen(ui: Ui, c: { id: string; userId: number; name?: string; amountPaisa: number; to: "wallet" | "float"; shop?: string | null; note?: string; minutes: number }): Screen {
  const amount = ui.money(c.amountPaisa);
  const kb = new InlineKeyboard()
    .text(ui.t("admin-btn-credit", { amount, name: c.name ?? String(c.userId) }), creditButton.encode({ confirm: true, id: c.id }))
    .row()
    .text(ui.t("admin-btn-cancel"), creditButton.encode({ confirm: false, id: c.id }));
  return screen(
    ui,
    [
      ui.t(c.to === "float" ? "admin-credit-ask-float" : "admin-credit-ask-wallet", { amount, user: who(c.userId, c.name), shop: c.shop ?? "—" }),
      c.note ? ui.t("admin-credit-note", { note: c.note }) : undefined,
      ui.t("admin-credit-expires", { minutes: c.minutes }),
    ],
    kb,
  );
}

/** The actions on a payment whose outcome is unknown. */
function paymentActions(ui: Ui, id: number): InlineKeyboard {
  return new InlineKeyboard()
    .text(ui.t("admin-btn-check"), paymentButton.encode({ verb: "check", id }))
    .row()
    .text(ui.t("admin-btn-success"), paymentButton.encode({ verb: "success", id }))
    .text(ui.t("admin-btn-fail"), paymentButton.encode({ verb: "fail", id }));
}

/** Whether a payment waits for an answer (it may be checked or resolved). */
export const unsettled = (p: Payment) => p.state === "pending" || p.state === "submitted";

/**
 * A payment as admins see it: its receipt when it succeeded, otherwise its state, amount, payer and
 * the aggregator's last word; the actions while its outcome is unknown. `note` (what the last action
 * did) goes on top; `confirmRefund` asks before failing it.
 */
export function paymentScreen(
  ui: Ui,
  p: Payment,
  o: { ispName: string; payerName?: string; receipt?: Receipt; note?: string; confirmRefund?: boolean },
): Screen {
  const payer = who(p.payerUserId, o.payerName);
  const lines: (string | undefined)[] = [o.note];
  if (o.receipt) {
    lines.push(...receiptLines(ui, o.receipt, o.ispName));
  } else {
    lines.push(
      ui.t("admin-pay-title", { state: p.state, isp: o.ispName, account: p.connection ? `${p.account} · ${p.connection}` : p.account }),
      ui.t("admin-pay-amount", { amount: ui.money(p.amountPaisa), package: short(p.optionLabel, UPSTREAM_TEXT.plan) }),
      ui.t("receipt-reference", { reference: p.reference }),
      ui.t(p.payerAccountId.startsWith("float:") ? "admin-pay-payer-float" : "admin-pay-payer", { payer }),
      p.beneficiary !== "self" ? ui.t("receipt-paid-for", { for: short(p.beneficiary, UPSTREAM_TEXT.name) }) : undefined,
      ui.t("admin-pay-made", { time: nepalMinute(p.createdAt) }),
      p.needsAdmin ? ui.t("admin-pay-flagged", { count: p.unknownChecks }) : undefined,
      p.upstreamMessage ? ui.t("admin-pay-last", { message: short(p.upstreamMessage, UPSTREAM_TEXT.message) }) : undefined,
    );
  }
  if (o.confirmRefund) {
    lines.push("", ui.t("admin-refund-ask", { amount: ui.money(p.amountPaisa), payer }));
    const kb = new InlineKeyboard()
      .text(ui.t("admin-btn-refund"), paymentButton.encode({ verb: "refund", id: p.id }))
      .text(ui.t("btn-back"), paymentButton.encode({ verb: "back", id: p.id }));
    return screen(ui, lines, kb);
  }
  return screen(ui, lines, unsettled(p) ? paymentActions(ui, p.id) : undefined);
}

/** The figures of a period, pending payments, totals and the aggregators' credit. */
export function statsScreen(
  ui: Ui,
  period: Period,
  f: Figures,
  credit: AggregatorCredit[],
  o: { ispName: (id: string) => string; lowCreditPaisa: number; maxIsps?: number },
): Screen {
  const sum = f.byIsp.reduce(
    (a, r) => ({ count: a.count + r.count, succeeded: a.succeeded + r.succeeded, failed: a.failed + r.failed, open: a.open + r.open, volume: a.volume + r.volumePaisa }),
    { count: 0, succeeded: 0, failed: 0, open: 0, volume: 0 },
  );
  const decided = sum.succeeded + sum.failed;
  const max = o.maxIsps ?? 15;
  const lines: (string | undefined)[] = [
    ui.t("admin-stats-title", { days: PERIOD_DAYS[period] }),
    ui.t("admin-stats-payments", { count: sum.count, succeeded: sum.succeeded, failed: sum.failed, open: sum.open }),
    decided > 0 ? ui.t("admin-stats-rate", { rate: ((sum.succeeded * 100) / decided).toFixed(1), decided }) : undefined,
    ui.t("admin-stats-volume", { amount: ui.money(sum.volume) }),
  ];
  if (f.byIsp.length > 0) {
    lines.push(ui.t("admin-stats-by-isp"));
    for (const r of f.byIsp.slice(0, max)) {
      lines.push(ui.t("admin-stats-isp", { isp: o.ispName(r.isp), count: r.count, succeeded: r.succeeded, amount: ui.money(r.volumePaisa) }));
    }
    if (f.byIsp.length > max) lines.push(ui.t("admin-stats-more-isps", { count: f.byIsp.length - max }));
  }
  lines.push(
    "",
    ui.t("admin-stats-pending", { count: f.pendingNow, flagged: f.flaggedNow }),
    ui.t("admin-stats-wallets", { amount: ui.money(f.wallets.balancePaisa), held: ui.money(f.wallets.heldPaisa) }),
    ui.t("admin-stats-floats", { amount: ui.money(f.floats.balancePaisa), held: ui.money(f.floats.heldPaisa) }),
  );
  for (const c of credit) lines.push(...creditLines(ui, c, o.lowCreditPaisa));
  return screen(ui, lines);
}

/** An aggregator's credit, and the warning when it is below the setting. */
export function creditLines(ui: Ui, c: AggregatorCredit, lowCreditPaisa: number): string[] {
  const aggregator = ui.t("admin-aggregator", { aggregator: c.aggregator });
  if (c.availablePaisa === undefined) {
    return [ui.t(c.unknown === "no-api" ? "admin-credit-no-api" : "admin-credit-failed", { aggregator })];
  }
  const line = ui.t("admin-credit-available", { aggregator, amount: ui.money(c.availablePaisa) });
  return lowCreditPaisa > 0 && c.availablePaisa < lowCreditPaisa
    ? [line, ui.t("admin-credit-low", { aggregator, amount: ui.money(c.availablePaisa), limit: ui.money(lowCreditPaisa) })]
    : [line];
}
