/**
 * The admin feature's parts on their own: button codecs and /credit's arguments, Nepal's day, the
 * admin store and the money views admins read (on PostgreSQL and PGlite), and Khalti's balance
 * through the real upstream layer against the sandbox over HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agentRequestButton, creditButton, panelButton, paymentButton } from "../src/bot/features/admin/callbacks.js";
import { parseCredit } from "../src/bot/features/admin/credit.js";
import { fieldsOf } from "../src/bot/codec.js";
import { normalizeUpstreamId } from "../conversations/admin-resolve.js";
import { createMoney, type Money, NothingToResolve } from "../src/money/index.js";
import type { Upstream } from "../src/providers/index.js";
import type { Sandbox } from "../src/sandbox/server.js";
import { nepalMinute, startOfNepalDay } from "../src/shared/nepal-time.js";
import { ConfigError, loadConfig } from "../src/config.js";
import { type AdminStore, createAdminStore } from "../src/store/admin.js";
import { BACKENDS, type TestDb } from "./support/db.js";
import { sandboxAndUpstream } from "./support/upstream.js";

const decode = <T>(codec: { prefix: string; decode(f: string[]): T | undefined }, data: string) => {
  const fields = fieldsOf(codec.prefix, data);
  return fields ? codec.decode(fields) : undefined;
};

describe("the admin buttons", () => {
  it("carry a verb and an opaque id, and refuse anything else", () => {
    expect(decode(agentRequestButton, agentRequestButton.encode({ approve: true, id: 12 }))).toEqual({ approve: true, id: 12 });
    expect(decode(agentRequestButton, "ar:d:7")).toEqual({ approve: false, id: 7 });
    expect(decode(creditButton, creditButton.encode({ confirm: true, id: "AbC_-12345678" }))).toEqual({ confirm: true, id: "AbC_-12345678" });
    expect(decode(paymentButton, paymentButton.encode({ verb: "refund", id: 5 }))).toEqual({ verb: "refund", id: 5 });
    for (const verb of ["check", "success", "fail", "refund", "back"] as const) {
      expect(decode(paymentButton, paymentButton.encode({ verb, id: 9 }))).toEqual({ verb, id: 9 });
    }
    for (const item of ["pending", "stats", "agents", "broadcast"] as const) expect(decode(panelButton, panelButton.encode(item))).toBe(item);
    for (const data of ["ar:a:0", "ar:x:1", "ar:a:1:2", "ar:a:-1", "ar:a:1e3"]) expect(decode(agentRequestButton, data)).toBeUndefined();
    for (const data of ["cr:y:short", "cr:y:../../etc/pw", "cr:q:AbCdEfGhIjKl", "cr:y:AbCdEfGhIjKl:x"]) expect(decode(creditButton, data)).toBeUndefined();
    for (const data of ["pd:constructor:1", "pd:toString:1", "pd:x:0", "pd:x", "pd:z:1"]) expect(decode(paymentButton, data)).toBeUndefined();
    for (const data of ["ap:constructor", "ap:x", "ap:p:1", "ap"]) expect(decode(panelButton, data)).toBeUndefined();
  });

  it("/credit takes a user id, rupees (up to paisa) and an optional note", () => {
    expect(parseCredit("123 5000")).toEqual({ userId: 123, amountPaisa: 500_000 });
    expect(parseCredit(" 123  250.5  cash  at\nthe shop ")).toEqual({ userId: 123, amountPaisa: 25_050, note: "cash at the shop" });
    expect(parseCredit(`1 1 ${"x".repeat(300)}`)!.note).toHaveLength(200);
    for (const bad of ["", "123", "abc 100", "123 0", "123 -5", "123 1.2.3", "123 ten", "1234567890123456 10"]) expect(parseCredit(bad)).toBeUndefined();
  });

  it("a transaction id is one word of up to 64 characters", () => {
    expect(normalizeUpstreamId("  KH-998877 ")).toBe("KH-998877");
    expect(normalizeUpstreamId("gt/2026:11.23_7")).toBe("gt/2026:11.23_7");
    for (const bad of ["", "two words", "-leading", "x".repeat(65), "a<b>"]) expect(normalizeUpstreamId(bad)).toBeUndefined();
  });
});

describe("LOW_CREDIT_WARN_RUPEES", () => {
  it("is whole rupees (default 10,000; 0 turns the warning off), kept as paisa", () => {
    expect(loadConfig({}).lowCreditWarnPaisa).toBe(1_000_000);
    expect(loadConfig({ LOW_CREDIT_WARN_RUPEES: "0" }).lowCreditWarnPaisa).toBe(0);
    expect(loadConfig({ LOW_CREDIT_WARN_RUPEES: "25000" }).lowCreditWarnPaisa).toBe(2_500_000);
    for (const bad of ["-1", "12.5", "lots"]) expect(() => loadConfig({ LOW_CREDIT_WARN_RUPEES: bad })).toThrow(ConfigError);
  });
});

describe("Nepal's day", () => {
  it("starts at midnight in Kathmandu (UTC+05:45)", () => {
    expect(startOfNepalDay(new Date("2026-11-23T18:14:59Z")).toISOString()).toBe("2026-11-22T18:15:00.000Z");
    expect(startOfNepalDay(new Date("2026-11-23T18:15:00Z")).toISOString()).toBe("2026-11-23T18:15:00.000Z");
    expect(startOfNepalDay(new Date("2026-11-23T00:00:00Z")).toISOString()).toBe("2026-11-22T18:15:00.000Z");
    expect(nepalMinute("2026-11-23T03:45:30Z")).toBe("2026-11-23 09:30");
  });
});

describe("Khalti's balance", () => {
  let sandbox: Sandbox;
  let upstream: Upstream;
  beforeAll(async () => {
    ({ sandbox, upstream } = await sandboxAndUpstream());
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  it("is read as paisa; Global Topup has no balance API; a broken answer is reported, never thrown", async () => {
    expect(await upstream.credit()).toEqual([
      { aggregator: "khalti", availablePaisa: 1_000_000_000 },
      { aggregator: "globaltopup", unknown: "no-api" },
    ]);
    const lookup = await upstream.lookup("worldlink", "online_renew");
    const option = lookup.options[0]!;
    await upstream.commit(lookup, option.key, "20261123000000000001");
    expect((await upstream.credit())[0]).toEqual({ aggregator: "khalti", availablePaisa: 1_000_000_000 - option.amountPaisa });
    sandbox.injectFault({ fault: "malformed", on: "any", aggregator: "khalti" });
    expect((await upstream.credit())[0]).toMatchObject({ aggregator: "khalti", unknown: "failed", error: expect.stringMatching(/non-JSON balance/) });
    sandbox.injectFault({ fault: "http500", on: "any", aggregator: "khalti", times: 2 });
    expect((await upstream.credit())[0]).toMatchObject({ aggregator: "khalti", unknown: "failed", error: expect.stringMatching(/HTTP 500/) });
  });
});

describe.each(BACKENDS)("what admins keep and read, on $name", ({ open }) => {
  let t: TestDb;
  let sandbox: Sandbox;
  let upstream: Upstream;
  let money: Money;
  let store: AdminStore;
  beforeAll(async () => {
    t = await open("adminunits");
    ({ sandbox, upstream } = await sandboxAndUpstream({ commitTimeoutMs: 400 }));
    money = createMoney({ db: t.db, upstream, reconcileDelaySeconds: 0, staleSubmittedSeconds: 3600, maxUnknownChecks: 3 });
    store = createAdminStore(t.db);
  });
  afterAll(async () => {
    await sandbox?.close();
    await t?.drop();
  });

  it("names: the latest first name per user, one line", async () => {
    await store.names.remember(1, "Hari");
    await store.names.remember(1, "  Hari \n Bahadur ");
    await store.names.remember(2, "   ");
    expect(await store.names.of(1)).toBe("Hari Bahadur");
    expect(await store.names.of(2)).toBeUndefined();
    expect(await store.names.ofMany([1, 2, 3])).toEqual(new Map([[1, "Hari Bahadur"]]));
    expect(await store.names.ofMany([])).toEqual(new Map());
  });

  it("pending credits: only their admin sees them, they close once, and they expire", async () => {
    const id = await store.credits.open({ adminId: 10, userId: 20, amountPaisa: 5_000, to: "float", note: "cash", ttlSeconds: 600 });
    expect(await store.credits.get(id, 11)).toBeUndefined();
    expect(await store.credits.get("not an id", 10)).toBeUndefined();
    expect(await store.credits.get(id, 10)).toEqual({ id, adminId: 10, userId: 20, amountPaisa: 5_000, to: "float", note: "cash", state: "open", expired: false });
    expect(await store.credits.close(id, 11, "done")).toBe(false);
    expect(await store.credits.close(id, 10, "done")).toBe(true);
    expect(await store.credits.close(id, 10, "cancelled")).toBe(false);
    expect((await store.credits.get(id, 10))!.state).toBe("done");
    const old = await store.credits.open({ adminId: 10, userId: 20, amountPaisa: 1, to: "wallet", ttlSeconds: 0 });
    expect((await store.credits.get(old, 10))!.expired).toBe(true);
  });

  it("alerts: sent once while they stand, again after they clear", async () => {
    expect(await store.alerts.claim("low-credit:khalti", 3600)).toBe(true);
    expect(await store.alerts.claim("low-credit:khalti", 3600)).toBe(false);
    expect(await store.alerts.claim("low-credit:khalti", 0)).toBe(true);
    await store.alerts.clear("low-credit:khalti");
    expect(await store.alerts.claim("low-credit:khalti", 3600)).toBe(true);
  });

  it("grants: a float grant is kind float; one external id credits once", async () => {
    const first = await money.grant({ userId: 30, amountPaisa: 10_000, adminId: 7, to: "float", externalId: "credit:abcdefgh" });
    const again = await money.grant({ userId: 30, amountPaisa: 10_000, adminId: 7, to: "float", externalId: "credit:abcdefgh" });
    expect(first).toMatchObject({ credited: true, balance: { balancePaisa: 10_000 } });
    expect(again).toMatchObject({ credited: false, entryId: undefined, balance: { balancePaisa: 10_000 } });
    const entries = (await t.db.query<{ kind: string; actor: string }>("SELECT kind, actor FROM journal_entries WHERE external_id = 'credit:abcdefgh'")).rows;
    expect(entries).toEqual([{ kind: "float", actor: "admin:7" }]);
    expect((await money.audit()).ok).toBe(true);
  });

  it("views: unsettled, find, figures and agents' volume; check now and a resolution that finds nothing to do", async () => {
    await money.grant({ userId: 40, amountPaisa: 5_000_000, adminId: 7 });
    await money.grant({ userId: 41, amountPaisa: 5_000_000, adminId: 7, to: "float" });
    const pay = async (payer: number, from: "wallet" | "float" = "wallet") => {
      const lookup = await upstream.lookup("worldlink", "online_renew");
      return (await money.pay({ key: `k-${payer}-${Math.random()}`, payerUserId: payer, from, lookup, optionKey: lookup.options[0]!.key })).payment;
    };
    const ok = await pay(40);
    const byAgent = await pay(41, "float");
    sandbox.injectFault({ fault: "queued", on: "commit", settleAfterMs: 3_600_000 });
    const stuck = await pay(40);
    expect(stuck.state).toBe("pending");

    const unsettled = await money.unsettled(10);
    expect(unsettled.payments.map((p) => p.id)).toContain(stuck.id);
    expect(unsettled.payments.map((p) => p.id)).not.toContain(ok.id);
    expect((await money.find(ok.reference)).payments.map((p) => p.id)).toEqual([ok.id]);
    const mine = await money.find("40", 1);
    expect(mine.total).toBe(2);
    expect(mine.payments.map((p) => p.id)).toEqual([stuck.id]);
    expect((await money.find("ONLINE_RENEW", 50)).total).toBeGreaterThanOrEqual(3);

    const f = await money.figures({ from: new Date(Date.now() - 3600_000), to: new Date(Date.now() + 1000) });
    expect(f.byIsp.find((r) => r.isp === "worldlink")).toMatchObject({ count: 3, succeeded: 2, failed: 0, open: 1, volumePaisa: ok.amountPaisa + byAgent.amountPaisa });
    expect(f.pendingNow).toBe(1);
    expect(f.floats.balancePaisa).toBe(5_000_000 + 10_000 - byAgent.amountPaisa);
    expect(f.wallets).toEqual({ balancePaisa: 5_000_000 - ok.amountPaisa, heldPaisa: stuck.amountPaisa });
    expect((await money.floatVolume(startOfNepalDay())).get(41)).toEqual({ count: 1, volumePaisa: byAgent.amountPaisa });
    expect((await money.floatVolume(startOfNepalDay())).get(40)).toBeUndefined();

    // Check now: the aggregator still says Queued, recorded with the admin's id; then it settles.
    const unclear = await money.checkPayment({ reference: stuck.reference, adminId: 9 });
    expect(unclear).toMatchObject({ changed: false, outcome: { state: "pending" }, payment: { state: "pending" } });
    sandbox.settle(stuck.reference, "Success");
    const settled = await money.checkPayment({ reference: stuck.reference, adminId: 9 });
    expect(settled).toMatchObject({ changed: true, outcome: { state: "success" }, payment: { state: "succeeded" } });
    expect((await money.events(stuck.id)).slice(-2).map((e) => [e.to, e.actor])).toEqual([["pending", "admin:9"], ["succeeded", "admin:9"]]);
    const after = await money.checkPayment({ reference: stuck.reference, adminId: 9 });
    expect([after.changed, after.outcome, after.payment.state]).toEqual([false, undefined, "succeeded"]);
    await expect(money.resolve({ reference: stuck.reference, adminId: 9, outcome: "failed" })).rejects.toBeInstanceOf(NothingToResolve);
    expect((await money.audit()).ok).toBe(true);
  });
});
