/**
 * Agents' money against real PostgreSQL and embedded PGlite, paying into the sandbox aggregators over
 * HTTP: payments for customers from a float, commission credited exactly once when (and only when)
 * such a payment succeeds, cash-ins, limits that hold under concurrency, the reversal of a
 * commission, and the statement's data.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { commissionOf, createMoney, InsufficientFunds, LimitExceeded, type Money } from "../src/money/index.js";
import { nepalDate, nepalDay } from "../src/shared/nepal-time.js";
import type { Upstream } from "../src/providers/index.js";
import type { Sandbox } from "../src/sandbox/server.js";
import { BACKENDS, type TestDb } from "./support/db.js";
import { sandboxAndUpstream } from "./support/upstream.js";

const LIMITS = { cashInMaxPaisa: 2_500_000, cashInDayPaisa: 2_500_000, payMaxPaisa: 5_000_000, payDayPaisa: 30_000_000 };

describe.each(BACKENDS)("agents' money on $name", ({ name, open }) => {
  let t: TestDb;
  let sandbox: Sandbox;
  let upstream: Upstream;
  let money: Money;
  let nextUser = 5000;
  let agent: number;

  beforeAll(async () => {
    t = await open("agentmoney");
    ({ sandbox, upstream } = await sandboxAndUpstream({ commitTimeoutMs: 400 }));
    money = createMoney({ db: t.db, upstream, reconcileDelaySeconds: 0, staleSubmittedSeconds: 3600, maxUnknownChecks: 3 });
  });
  afterAll(async () => {
    await sandbox?.close();
    await t?.drop();
  });
  beforeEach(async () => {
    agent = nextUser++;
    return async () => {
      expect((await money.audit()).problems).toEqual([]);
    };
  });

  const lookupRenew = () => upstream.lookup("worldlink", "online_renew");
  const key = (label: string) => `${name}-${agent}-${label}`;
  const payFor = async (label: string, optionKey = "pkg-1888118", limits = LIMITS) =>
    money.agents.payForCustomer({
      intent: { key: key(label), payerUserId: agent, lookup: await lookupRenew(), optionKey },
      customer: { label: "Sita Sharma · 9841234567", phone: "9841234567", userId: 99_000_001 },
      limits,
    });
  const commissionEntries = async (paymentId: number) =>
    (await t.db.query<{ kind: string }>("SELECT kind FROM journal_entries WHERE payment_id = $1 AND kind IN ('commission', 'reversal') ORDER BY id", [paymentId])).rows.map((r) => r.kind);

  it("pays for a customer from the float: the customer is the beneficiary, the commission (floor) is credited on success", async () => {
    await money.agents.setCommissionRate({ isp: "worldlink", rateBp: 133, adminId: 1 });
    await money.grant({ userId: agent, amountPaisa: 1_000_000, adminId: 1, to: "float" });
    const paid = await payFor("a");
    expect(paid.payment).toMatchObject({ state: "succeeded", payerAccountId: `float:${agent}`, beneficiary: "Sita Sharma · 9841234567", amountPaisa: 593_200 });
    expect(paid.commissionBp).toBe(133);
    // 593,200 × 1.33% = 7,889.56 paisa: floored to 7,889.
    expect(commissionOf(593_200, 133)).toBe(7_889);
    expect(await money.agents.commissionFor(paid.payment.id)).toBe(7_889);
    expect(await money.balance(agent, "float")).toEqual({ balancePaisa: 1_000_000 - 593_200 + 7_889, heldPaisa: 0, availablePaisa: 1_000_000 - 593_200 + 7_889 });
    // The agent's own wallet is not touched.
    expect((await money.balance(agent)).balancePaisa).toBe(0);
    expect((await money.receipt(paid.payment.id))?.paidFor).toBe("Sita Sharma · 9841234567");
    // The same confirmation again: the same payment, no second commission.
    const again = await payFor("a");
    expect(again).toMatchObject({ replayed: true, payment: { id: paid.payment.id } });
    expect(await commissionEntries(paid.payment.id)).toEqual(["commission"]);
    expect(await money.agents.paidFor(99_000_001)).toContain(paid.payment.id);
  });

  it("no commission while pending; credited once when reconciliation settles it; none for a failed payment", async () => {
    await money.agents.setCommissionRate({ isp: "worldlink", rateBp: 200, adminId: 1 });
    await money.grant({ userId: agent, amountPaisa: 2_000_000, adminId: 1, to: "float" });
    sandbox.injectFault({ fault: "timeout", on: "commit", delayMs: 2_000, processed: true, settleTo: "Success" });
    const pending = await payFor("pending", "pkg-1888314");
    expect(pending.payment.state).toBe("pending");
    expect(await money.agents.commissionFor(pending.payment.id)).toBe(0);
    expect(await money.balance(agent, "float")).toMatchObject({ balancePaisa: 2_000_000, heldPaisa: 491_500 });
    await money.reconcile({ all: true });
    expect((await money.payment({ id: pending.payment.id }))?.state).toBe("succeeded");
    expect(await money.agents.commissionFor(pending.payment.id)).toBe(9_830);
    await money.reconcile({ all: true });
    expect(await commissionEntries(pending.payment.id)).toEqual(["commission"]);

    sandbox.injectFault({ fault: "failed", on: "commit" });
    const failed = await payFor("failed", "pkg-1888314");
    expect(failed.payment.state).toBe("failed");
    expect(await commissionEntries(failed.payment.id)).toEqual([]);
    expect(await money.balance(agent, "float")).toEqual({ balancePaisa: 2_000_000 - 491_500 + 9_830, heldPaisa: 0, availablePaisa: 2_000_000 - 491_500 + 9_830 });
  });

  it("an admin's resolution of a pending payment for a customer credits the commission once", async () => {
    await money.agents.setCommissionRate({ isp: "worldlink", rateBp: 100, adminId: 1 });
    await money.grant({ userId: agent, amountPaisa: 1_000_000, adminId: 1, to: "float" });
    sandbox.injectFault({ fault: "queued", on: "commit", settleAfterMs: 3_600_000 });
    const res = await payFor("resolve", "pkg-1888314");
    expect(res.payment.state).toBe("pending");
    await money.resolve({ reference: res.payment.reference, adminId: 77, outcome: "success", upstreamId: "KH-1" });
    expect(await money.agents.commissionFor(res.payment.id)).toBe(4_915);
    expect(await commissionEntries(res.payment.id)).toEqual(["commission"]);
  });

  it("a commission is taken back only by a reversal entry with a reason, once", async () => {
    await money.agents.setCommissionRate({ isp: "worldlink", rateBp: 100, adminId: 1 });
    await money.grant({ userId: agent, amountPaisa: 1_000_000, adminId: 1, to: "float" });
    const paid = await payFor("rev", "pkg-1888314");
    await expect(money.agents.reverseCommission({ paymentId: paid.payment.id, adminId: 9, reason: "  " })).rejects.toThrow(/reason/);
    const before = (await money.balance(agent, "float")).balancePaisa;
    expect(await money.agents.reverseCommission({ paymentId: paid.payment.id, adminId: 9, reason: "refunded by the ISP" })).toMatchObject({ amountPaisa: 4_915 });
    expect((await money.balance(agent, "float")).balancePaisa).toBe(before - 4_915);
    await expect(money.agents.reverseCommission({ paymentId: paid.payment.id, adminId: 9, reason: "again" })).rejects.toThrow(/before/);
    expect(await commissionEntries(paid.payment.id)).toEqual(["commission", "reversal"]);
    const moves = await money.movements(agent, 1, "float");
    expect(moves[0]).toMatchObject({ kind: "reversal", amountPaisa: -4_915 });
    expect(moves[0]!.memo).toMatch(/refunded by the ISP/);
  });

  it("a payment for a customer past a limit is refused with the limit named, storing nothing", async () => {
    await money.grant({ userId: agent, amountPaisa: 5_000_000, adminId: 1, to: "float" });
    const small = { ...LIMITS, payMaxPaisa: 500_000, payDayPaisa: 900_000 };
    await expect(payFor("big", "pkg-1888118", small)).rejects.toMatchObject({ name: "LimitExceeded", limit: "pay-transaction", limitPaisa: 500_000 });
    await payFor("one", "pkg-1888314", small);
    const err = await payFor("two", "pkg-1888117", small).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LimitExceeded);
    expect(err).toMatchObject({ limit: "pay-day", limitPaisa: 900_000, usedPaisa: 491_500, amountPaisa: 491_500 });
    expect(await money.history(agent)).toHaveLength(1);
    // A failed payment does not count against the day.
    sandbox.injectFault({ fault: "failed", on: "commit" });
    expect((await payFor("fails", "pkg-1888314", { ...small, payDayPaisa: 1_000_000 })).payment.state).toBe("failed");
    expect((await money.agents.dayUse(agent)).payPaisa).toBe(491_500);
  });

  it("a refused reservation gives its claim back (a short float does not use up the day)", async () => {
    await money.grant({ userId: agent, amountPaisa: 100, adminId: 1, to: "float" });
    await expect(payFor("short")).rejects.toBeInstanceOf(InsufficientFunds);
    expect((await money.agents.dayUse(agent)).payPaisa).toBe(0);
  });

  it("concurrent payments for customers never pass the daily limit together", async () => {
    await money.agents.setCommissionRate({ isp: "worldlink", rateBp: 0, adminId: 1 });
    await money.grant({ userId: agent, amountPaisa: 10_000_000, adminId: 1, to: "float" });
    // Six customers' lines (one payment in flight per line would otherwise refuse the same line).
    const lookups = await Promise.all(["subisu", "vianet", "arrownet", "classic-tech", "dish-home-fiber", "net-max"].map((isp) => upstream.lookup(isp, "online_renew")));
    const amount = lookups[0]!.options[0]!.amountPaisa;
    expect(lookups.every((l) => l.options[0]!.amountPaisa === amount)).toBe(true);
    const limits = { ...LIMITS, payDayPaisa: amount * 2 };
    const results = await Promise.allSettled(
      lookups.map((lookup, i) =>
        money.agents.payForCustomer({ intent: { key: key(`race-${i}`), payerUserId: agent, lookup, optionKey: lookup.options[0]!.key }, customer: { label: `c${i}` }, limits }),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(2);
    for (const r of results.filter((x) => x.status === "rejected")) expect((r as PromiseRejectedResult).reason).toMatchObject({ limit: "pay-day" });
    expect((await money.balance(agent, "float")).balancePaisa).toBe(10_000_000 - 2 * amount);
  });

  it("a cash-in moves float money to the customer's wallet in one cashin entry, once per confirmation", async () => {
    const customer = nextUser++;
    await money.grant({ userId: agent, amountPaisa: 1_000_000, adminId: 1, to: "float" });
    const done = await money.agents.cashIn({ agentUserId: agent, customerUserId: customer, amountPaisa: 50_000, externalId: key("ci-1"), limits: LIMITS });
    expect(done.state).toBe("done");
    expect(done.float).toMatchObject({ balancePaisa: 950_000 });
    expect(done.wallet).toMatchObject({ balancePaisa: 50_000 });
    const lines = await t.db.query<{ account_id: string; amount_paisa: number; kind: string; actor: string }>(
      "SELECT l.account_id, l.amount_paisa, e.kind, e.actor FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id WHERE e.id = $1 ORDER BY l.amount_paisa",
      [done.entryId],
    );
    expect(lines.rows).toEqual([
      { account_id: `float:${agent}`, amount_paisa: -50_000, kind: "cashin", actor: `agent:${agent}` },
      { account_id: `wallet:${customer}`, amount_paisa: 50_000, kind: "cashin", actor: `agent:${agent}` },
    ]);
    // The same confirmation again moves nothing.
    expect((await money.agents.cashIn({ agentUserId: agent, customerUserId: customer, amountPaisa: 50_000, externalId: key("ci-1"), limits: LIMITS })).state).toBe("repeated");
    expect((await money.balance(customer)).balancePaisa).toBe(50_000);
    expect((await money.balance(agent, "float")).balancePaisa).toBe(950_000);
    // Short float, oneself, zero: refused, nothing moved.
    await expect(money.agents.cashIn({ agentUserId: agent, customerUserId: customer, amountPaisa: 960_000, externalId: key("ci-2"), limits: { ...LIMITS, cashInMaxPaisa: 10_000_000, cashInDayPaisa: 10_000_000 } })).rejects.toBeInstanceOf(InsufficientFunds);
    await expect(money.agents.cashIn({ agentUserId: agent, customerUserId: agent, amountPaisa: 100, externalId: key("ci-3"), limits: LIMITS })).rejects.toThrow(/own wallet/);
    await expect(money.agents.cashIn({ agentUserId: agent, customerUserId: customer, amountPaisa: 0, externalId: key("ci-4"), limits: LIMITS })).rejects.toThrow(/more than zero/);
    expect((await money.balance(customer)).balancePaisa).toBe(50_000);
  });

  it("cash-in limits: per cash-in, and per customer wallet per day across agents, also under concurrency", async () => {
    const customer = nextUser++;
    const other = nextUser++;
    await money.grant({ userId: agent, amountPaisa: 5_000_000, adminId: 1, to: "float" });
    await money.grant({ userId: other, amountPaisa: 5_000_000, adminId: 1, to: "float" });
    const limits = { ...LIMITS, cashInMaxPaisa: 1_000_000, cashInDayPaisa: 2_500_000 };
    await expect(money.agents.cashIn({ agentUserId: agent, customerUserId: customer, amountPaisa: 1_000_100, externalId: key("l-0"), limits })).rejects.toMatchObject({ limit: "cashin-transaction" });
    // Ten cash-ins of Rs 5,000 at once by two agents into one wallet: five pass the Rs 25,000 day.
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        money.agents.cashIn({ agentUserId: i % 2 === 0 ? agent : other, customerUserId: customer, amountPaisa: 500_000, externalId: key(`l-${i + 1}`), limits }),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(5);
    const refused = results.filter((r) => r.status === "rejected") as PromiseRejectedResult[];
    for (const r of refused) expect(r.reason).toMatchObject({ name: "LimitExceeded", limit: "cashin-day", limitPaisa: 2_500_000, usedPaisa: 2_500_000 });
    expect((await money.balance(customer)).balancePaisa).toBe(2_500_000);
    expect((await money.balance(agent, "float")).balancePaisa + (await money.balance(other, "float")).balancePaisa).toBe(10_000_000 - 2_500_000);
    // Another customer's wallet has its own day.
    expect((await money.agents.cashIn({ agentUserId: agent, customerUserId: nextUser++, amountPaisa: 500_000, externalId: key("l-x"), limits })).state).toBe("done");
  });

  it("the statement lists the payments with their commission, the cash-ins and the float before and after", async () => {
    await money.agents.setCommissionRate({ isp: "worldlink", rateBp: 100, adminId: 1 });
    await money.grant({ userId: agent, amountPaisa: 1_000_000, adminId: 1, to: "float" });
    const paid = await payFor("st", "pkg-1888314");
    await money.agents.cashIn({ agentUserId: agent, customerUserId: nextUser++, amountPaisa: 20_000, externalId: key("st-ci"), limits: LIMITS });
    const today = nepalDay();
    const st = await money.agents.statement(agent, { from: today.start, to: today.end });
    expect(st.payments.map((p) => [p.payment.reference, p.customerLabel, p.customerPhone, p.commissionPaisa])).toEqual([
      [paid.payment.reference, "Sita Sharma · 9841234567", "9841234567", 4_915],
    ]);
    expect(st.moves.map((m) => [m.kind, m.amountPaisa])).toEqual([
      ["float", 1_000_000],
      ["commission", 4_915],
      ["cashin", -20_000],
    ]);
    expect(st.openingPaisa).toBe(0);
    expect(st.closingPaisa).toBe(1_000_000 - 491_500 + 4_915 - 20_000);
    // Another day is empty.
    const other = nepalDate("2020-01-01")!;
    expect(await money.agents.statement(agent, { from: other.start, to: other.end })).toMatchObject({ payments: [], moves: [], openingPaisa: 0, closingPaisa: 0 });
  });

  it("commission rates: 0 by default, the latest set wins, recorded with the admin", async () => {
    expect(await money.agents.commissionRate("vianet")).toBe(0);
    expect(await money.agents.setCommissionRate({ isp: "vianet", rateBp: 250, adminId: 4 })).toBe(0);
    expect(await money.agents.setCommissionRate({ isp: "vianet", rateBp: 175, adminId: 5 })).toBe(250);
    expect(await money.agents.commissionRate("vianet")).toBe(175);
    expect((await money.agents.commissionRates()).find((r) => r.isp === "vianet")).toMatchObject({ rateBp: 175, setBy: "admin:5" });
    await expect(money.agents.setCommissionRate({ isp: "vianet", rateBp: 10_001, adminId: 5 })).rejects.toThrow(RangeError);
  });
});

describe("Nepal days", () => {
  it("a Nepal day runs from 00:00 at UTC+05:45", () => {
    expect(nepalDay(new Date("2026-11-22T18:14:59.999Z")).date).toBe("2026-11-22");
    expect(nepalDay(new Date("2026-11-22T18:15:00.000Z")).date).toBe("2026-11-23");
    expect(nepalDate("2026-11-23")).toEqual({ date: "2026-11-23", start: new Date("2026-11-22T18:15:00.000Z"), end: new Date("2026-11-23T18:15:00.000Z") });
    expect(nepalDate("2026-02-30")).toBeUndefined();
  });
});
