/**
 * `/statement [today|yesterday|YYYY-MM-DD|YYYY-MM-DD..YYYY-MM-DD]`: the agent's payments for
 * customers, cash-ins, commissions and other float movements of those Nepal days, as a CSV document
 * with totals, and a summary message.
 *
 * The CSV is data: its column names and row types are fixed English identifiers, amounts are rupees
 * with two decimals and no grouping (`-4915.00`), times are Nepal time. Every row's `float_npr` is
 * what it moved in or out of the float, so they add up to the net change.
 */
import { type Composer, InputFile } from "grammy";
import type { AgentStatement } from "../../../money/index.js";
import { nepalDate, nepalDay, type NepalDay, nepalTime } from "../../../shared/nepal-time.js";
import type { BotContext, BotDeps } from "../../context.js";
import { requireRole } from "../../roles.js";
import { plain, type Ui } from "../../ui.js";
import { AGENT_ROLES } from "./pay.js";

/** The longest statement, in days. */
export const MAX_STATEMENT_DAYS = 92;

/** The Nepal days a `/statement` argument names, or why not. */
export function parseStatementRange(arg: string, now: Date = new Date()): { from: NepalDay; to: NepalDay } | "bad" | "too-long" {
  const a = arg.trim().toLowerCase();
  const today = nepalDay(now);
  if (a === "" || a === "today") return { from: today, to: today };
  if (a === "yesterday") {
    const y = nepalDay(new Date(today.start.getTime() - 1));
    return { from: y, to: y };
  }
  const m = /^(\d{4}-\d{2}-\d{2})(?:\s*\.\.\s*(\d{4}-\d{2}-\d{2}))?$/.exec(a);
  const from = m ? nepalDate(m[1]!) : undefined;
  const to = m ? nepalDate(m[2] ?? m[1]!) : undefined;
  if (!from || !to || to.start < from.start) return "bad";
  if ((to.end.getTime() - from.start.getTime()) / 86_400_000 > MAX_STATEMENT_DAYS) return "too-long";
  return { from, to };
}

/** Paisa as rupees for a CSV: "-4915.00". */
export function csvRupees(paisa: number): string {
  const sign = paisa < 0 ? "-" : "";
  const abs = Math.abs(paisa);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

/** One CSV cell: quoted when it must be; text that a spreadsheet would run as a formula is defused. */
function cell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  let s = String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(s) && !/^-\d+(\.\d+)?$/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The CSV's columns, in order. */
export const STATEMENT_COLUMNS = [
  "time_npt", "type", "reference", "isp", "account", "customer", "phone", "package", "state", "amount_npr", "commission_npr", "float_npr", "note",
] as const;

type Row = Partial<Record<(typeof STATEMENT_COLUMNS)[number], string | number | null>>;

/** What a float movement that is not a payment is called in the CSV. */
const MOVE_TYPES: Record<string, string> = { grant: "funding", float: "funding", cashin: "cashin", commission: "commission", reversal: "reversal", adjust: "adjustment" };

/** The statement's totals (also the summary message's figures). */
export interface StatementTotals {
  succeeded: { count: number; paisa: number };
  pending: { count: number; paisa: number };
  failed: { count: number; paisa: number };
  cashIns: { count: number; paisa: number };
  commissions: { count: number; paisa: number };
  reversals: { count: number; paisa: number };
  funding: { count: number; paisa: number };
}

/** Counts and sums of a statement, by kind. */
export function statementTotals(st: AgentStatement): StatementTotals {
  const zero = () => ({ count: 0, paisa: 0 });
  const t: StatementTotals = { succeeded: zero(), pending: zero(), failed: zero(), cashIns: zero(), commissions: zero(), reversals: zero(), funding: zero() };
  const add = (x: { count: number; paisa: number }, paisa: number) => {
    x.count += 1;
    x.paisa += paisa;
  };
  for (const p of st.payments) {
    const state = p.payment.state;
    add(state === "succeeded" ? t.succeeded : state === "failed" ? t.failed : t.pending, p.payment.amountPaisa);
  }
  for (const m of st.moves) {
    const type = MOVE_TYPES[m.kind] ?? "adjustment";
    if (type === "cashin") add(t.cashIns, -m.amountPaisa);
    else if (type === "commission") add(t.commissions, m.amountPaisa);
    else if (type === "reversal") add(t.reversals, -m.amountPaisa);
    else if (type === "funding") add(t.funding, m.amountPaisa);
  }
  return t;
}

/** The statement as CSV: one row per payment and per float movement, by time, then the totals. */
export function statementCsv(st: AgentStatement, ispName: (id: string) => string): string {
  const rows: { at: string; row: Row }[] = [];
  for (const p of st.payments) {
    const pay = p.payment;
    rows.push({
      at: pay.createdAt,
      row: {
        time_npt: nepalTime(pay.createdAt),
        type: "payment",
        reference: pay.reference,
        isp: ispName(pay.isp),
        account: pay.connection ? `${pay.account} / ${pay.connection}` : pay.account,
        customer: p.customerLabel ?? pay.beneficiary,
        phone: p.customerPhone,
        package: pay.optionLabel,
        state: pay.state,
        amount_npr: csvRupees(pay.amountPaisa),
        commission_npr: p.commissionPaisa > 0 ? csvRupees(p.commissionPaisa) : "",
        float_npr: csvRupees(pay.state === "succeeded" ? -pay.amountPaisa : 0),
        note: pay.state === "failed" ? (pay.upstreamMessage ?? "").slice(0, 200) : pay.state === "succeeded" ? "" : "held until the outcome is known",
      },
    });
  }
  for (const m of st.moves) {
    const wallet = /^wallet:(\d+)$/.exec(m.counterpart ?? "");
    rows.push({
      at: m.at,
      row: {
        time_npt: nepalTime(m.at),
        type: MOVE_TYPES[m.kind] ?? "adjustment",
        reference: m.reference,
        customer: wallet ? `user ${wallet[1]}` : null,
        state: "done",
        amount_npr: csvRupees(Math.abs(m.amountPaisa)),
        commission_npr: m.kind === "commission" ? csvRupees(m.amountPaisa) : m.kind === "reversal" ? csvRupees(m.amountPaisa) : "",
        float_npr: csvRupees(m.amountPaisa),
        note: (m.memo ?? "").slice(0, 200),
      },
    });
  }
  rows.sort((a, b) => a.at.localeCompare(b.at));
  const t = statementTotals(st);
  const total = (what: string, x: { count: number; paisa: number }, float?: number): Row => ({
    type: "total",
    state: what,
    amount_npr: csvRupees(x.paisa),
    float_npr: float === undefined ? "" : csvRupees(float),
    note: `count ${x.count}`,
  });
  const totals: Row[] = [
    total("payments succeeded", t.succeeded, -t.succeeded.paisa),
    total("payments pending", t.pending),
    total("payments failed", t.failed),
    total("cash-ins", t.cashIns, -t.cashIns.paisa),
    { ...total("commissions", t.commissions, t.commissions.paisa), commission_npr: csvRupees(t.commissions.paisa) },
    total("commission reversals", t.reversals, -t.reversals.paisa),
    total("float funding", t.funding, t.funding.paisa),
    { type: "total", state: "float at start", float_npr: csvRupees(st.openingPaisa) },
    { type: "total", state: "float at end", float_npr: csvRupees(st.closingPaisa) },
    { type: "total", state: "net float change", float_npr: csvRupees(st.closingPaisa - st.openingPaisa) },
  ];
  const line = (r: Row) => STATEMENT_COLUMNS.map((c) => cell(r[c])).join(",");
  return [STATEMENT_COLUMNS.join(","), ...rows.map((r) => line(r.row)), ...totals.map(line)].join("\r\n") + "\r\n";
}

/** The summary message sent with the CSV. */
export function statementSummary(ui: Ui, range: { from: NepalDay; to: NepalDay }, st: AgentStatement): string {
  const t = statementTotals(st);
  const days = range.from.date === range.to.date ? range.from.date : `${range.from.date} … ${range.to.date}`;
  return [
    ui.t("statement-title", { days }),
    "",
    ui.t("statement-payments", { count: t.succeeded.count, amount: ui.money(t.succeeded.paisa) }),
    t.pending.count > 0 ? ui.t("statement-pending", { count: t.pending.count, amount: ui.money(t.pending.paisa) }) : undefined,
    t.failed.count > 0 ? ui.t("statement-failed", { count: t.failed.count }) : undefined,
    ui.t("statement-cashins", { count: t.cashIns.count, amount: ui.money(t.cashIns.paisa) }),
    ui.t("statement-commissions", { amount: ui.money(t.commissions.paisa - t.reversals.paisa) }),
    t.funding.count > 0 ? ui.t("statement-funding", { amount: ui.money(t.funding.paisa) }) : undefined,
    ui.t("statement-float", { from: ui.money(st.openingPaisa), to: ui.money(st.closingPaisa) }),
  ]
    .filter((l): l is string => l !== undefined)
    .join("\n");
}

/** Adds `/statement` to `c`. */
export function statement(c: Composer<BotContext>, deps: BotDeps): void {
  const ispName = (id: string) => deps.services.upstream.isp(id)?.name ?? id;
  c.command("statement", requireRole(AGENT_ROLES, deps.logger), async (ctx) => {
    const u = ctx.ui;
    const range = parseStatementRange(ctx.match);
    if (range === "bad") return void (await ctx.reply(plain(u, u.t("statement-usage")).text));
    if (range === "too-long") return void (await ctx.reply(plain(u, u.t("statement-too-long", { days: MAX_STATEMENT_DAYS })).text));
    const agentId = ctx.from!.id;
    await ctx.replyWithChatAction("upload_document").catch(() => {});
    const st = await deps.services.money.agents.statement(agentId, { from: range.from.start, to: range.to.end });
    const name = `statement-${agentId}-${range.from.date}${range.to.date === range.from.date ? "" : `_${range.to.date}`}.csv`;
    await ctx.replyWithDocument(new InputFile(Buffer.from(statementCsv(st, ispName), "utf8"), name));
    await ctx.reply(plain(u, statementSummary(u, range, st)).text);
  });
}
