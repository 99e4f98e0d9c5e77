/**
 * Khalti's delivery reports (DLR) in webhook mode: the real bot's webhook server, the sandbox and
 * PostgreSQL. A report is only a hint: it triggers a status lookup of its payment at once, and only
 * the status lookup's answer settles or releases anything. Reconciliation is kept far away (an hour)
 * so that any settlement seen here comes from the report.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config.js";
import { parseDeliveryReport } from "../src/providers/index.js";
import { type Harness, startHarness } from "./support/bot-harness.js";

describe("Khalti delivery reports", () => {
  let h: Harness;
  let user = 9_700_000;

  beforeAll(async () => {
    h = await startHarness({
      name: "dlr",
      mode: "webhook",
      env: { RECONCILE_DELAY_SECONDS: "3600" },
      app: { jobIntervals: { reconcileMs: 3_600_000, notifyMs: 250, idleMs: 250 } },
    });
  });
  afterAll(async () => {
    await h?.stop();
  });

  const dlrUrl = () => `http://127.0.0.1:${h.app.webhookPort}/khalti/dlr`;
  /** Khalti's documented report, as multipart/form-data. */
  const report = (fields: Record<string, string>) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    return fetch(dlrUrl(), { method: "POST", body: form });
  };
  const statusLookups = () => h.sandbox.requests.filter((r) => r.path === "/api/service/status/").length;

  /** A payment through Khalti that the sandbox leaves Queued (pending on our side). */
  async function queuedPayment(): Promise<{ id: number; reference: string }> {
    user += 1;
    await h.fund(user, 20_000);
    const lookup = await h.app.deps.services.upstream.lookup("worldlink", "online_renew");
    h.sandbox.injectFault({ fault: "queued", on: "commit", settleAfterMs: 3_600_000 });
    const { payment } = await h.money.pay({ key: `dlr-${user}`, payerUserId: user, lookup, optionKey: "pkg-1888118" });
    expect(payment.state).toBe("pending");
    return { id: payment.id, reference: payment.reference };
  }

  /** Everything a report could change: the payment's row, its history and its hold. */
  async function snapshot(id: number) {
    const p = await h.db.db.query("SELECT state, unknown_checks, needs_admin, next_check_at, upstream_message FROM payments WHERE id = $1", [id]);
    const events = await h.db.db.query("SELECT count(*)::int AS n FROM payment_events WHERE payment_id = $1", [id]);
    const holds = await h.db.db.query("SELECT state FROM holds WHERE payment_id = $1", [id]);
    return { payment: p.rows[0], events: events.rows[0], holds: holds.rows };
  }

  it("a report claiming success for a payment Khalti still has queued changes nothing", async () => {
    const p = await queuedPayment();
    const before = await snapshot(p.id);
    const asked = statusLookups();
    const res = await report({ reference: p.reference, amount: "5932", status: "Success", detail: "Successful recharge", response_id: "1" });
    expect(res.status).toBe(200);
    expect(statusLookups()).toBe(asked + 1);
    expect(await snapshot(p.id)).toEqual(before);
    expect(before.holds).toEqual([{ state: "open" }]);
  });

  it("a report for a payment that did settle settles it at once, as the status lookup says", async () => {
    const p = await queuedPayment();
    h.sandbox.settle(p.reference, "Success");
    expect((await report({ reference: p.reference, status: "Success" })).status).toBe(200);
    expect((await h.money.payment({ id: p.id }))?.state).toBe("succeeded");
    expect((await snapshot(p.id)).holds).toEqual([{ state: "settled" }]);
    const events = await h.money.events(p.id);
    expect(events.at(-1)).toMatchObject({ from: "pending", to: "succeeded", cause: "hint:answer", actor: "system" });
  });

  it("a report saying success of a payment that failed upstream releases the money (the lookup decides)", async () => {
    const p = await queuedPayment();
    h.sandbox.settle(p.reference, "Failed");
    expect((await report({ reference: p.reference, status: "Success" })).status).toBe(200);
    expect((await h.money.payment({ id: p.id }))?.state).toBe("failed");
    expect((await snapshot(p.id)).holds).toEqual([{ state: "released" }]);
  });

  it("junk is refused without effect; an unknown reference is answered and changes nothing", async () => {
    const p = await queuedPayment();
    h.sandbox.settle(p.reference, "Success");
    const before = await snapshot(p.id);
    const asked = statusLookups();
    const post = (body: string, type?: string) => fetch(dlrUrl(), { method: "POST", body, headers: type ? { "content-type": type } : {} });
    expect((await post("hello", "text/plain")).status).toBe(400);
    expect((await post("--x\r\nnot multipart", "multipart/form-data; boundary=zzz")).status).toBe(400);
    expect((await report({ status: "Success", amount: "5932" })).status).toBe(400);
    expect((await report({ reference: `${p.reference}' OR 1=1`, status: "Success" })).status).toBe(400);
    expect((await report({ reference: "x".repeat(51) })).status).toBe(400);
    expect((await post(JSON.stringify({ reference: { $ne: null } }), "application/json")).status).toBe(400);
    expect((await fetch(dlrUrl())).status).toBe(404);
    expect((await report({ reference: "99999999999999999999", status: "Success" })).status).toBe(200);
    expect(statusLookups()).toBe(asked);
    expect(await snapshot(p.id)).toEqual(before);
    // Over 1 MB: 413, or the connection cut while the rest is still being sent.
    const big = await post(`reference=${p.reference}&pad=${"1".repeat(2_000_000)}`, "application/x-www-form-urlencoded").then((r) => r.status, () => "cut");
    expect([413, "cut"]).toContain(big);
    expect(statusLookups()).toBe(asked);
    expect(await snapshot(p.id)).toEqual(before);
    // The same report, well formed (as JSON here), does its work.
    expect((await post(JSON.stringify({ reference: p.reference }), "application/json")).status).toBe(200);
    expect((await h.money.payment({ id: p.id }))?.state).toBe("succeeded");
  });

  it("repeated reports of one payment ask Khalti once within 10 s (forged reports cannot flood it)", async () => {
    const p = await queuedPayment();
    const asked = statusLookups();
    const answers = await Promise.all([1, 2, 3, 4, 5].map(() => report({ reference: p.reference })));
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(statusLookups()).toBe(asked + 1);
    expect((await snapshot(p.id)).payment).toMatchObject({ state: "pending", unknown_checks: 0, needs_admin: false });
  });
});

describe("KHALTI_DLR_PATH and the report's fields", () => {
  const base = { NODE_ENV: "test", WEBHOOK_URL: "https://bot.example.test/tg/webhook", WEBHOOK_SECRET: "s".repeat(32) };
  it("defaults to /khalti/dlr; must be a path, and not the webhook's", () => {
    expect(loadConfig(base).bot.khaltiDlrPath).toBe("/khalti/dlr");
    expect(loadConfig({ ...base, KHALTI_DLR_PATH: "/hooks/khalti-0a9f" }).bot.khaltiDlrPath).toBe("/hooks/khalti-0a9f");
    expect(() => loadConfig({ ...base, KHALTI_DLR_PATH: "khalti" })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, KHALTI_DLR_PATH: "/tg/webhook" })).toThrow(/KHALTI_DLR_PATH: must differ/);
  });

  it("reads only the reference (Khalti's 50 letters and digits); the rest is kept for the log, cut short", () => {
    expect(parseDeliveryReport({ reference: " 17900000000001234567 ", status: "Success" })).toEqual({ reference: "17900000000001234567", status: "Success", detail: undefined });
    expect(parseDeliveryReport({ reference: 12345 })).toMatchObject({ reference: "12345" });
    expect(parseDeliveryReport({ reference: "a-b" })).toBeUndefined();
    expect(parseDeliveryReport("reference=1")).toBeUndefined();
    expect(parseDeliveryReport({ reference: "1", status: "S".repeat(500) })?.status).toHaveLength(40);
  });
});
