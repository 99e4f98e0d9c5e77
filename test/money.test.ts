/**
 * The money core against real PostgreSQL and embedded PGlite, paying through the real upstream
 * layer into the sandbox aggregators over HTTP.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createMoney, InsufficientFunds, type Money, PaymentInFlight, type Resolution } from "../src/money/index.js";
import { balanceOf, movements, type NewEntry, post } from "../src/money/ledger.js";
import type { Upstream } from "../src/providers/index.js";
import type { Sandbox } from "../src/sandbox/server.js";
import pg from "pg";
import { BACKENDS, TEST_DATABASE_URL, type TestDb } from "./support/db.js";
import { sandboxAndUpstream } from "./support/upstream.js";

describe.each(BACKENDS)("money core on $name", ({ name, open }) => {
  let t: TestDb;
  let sandbox: Sandbox;
  let upstream: Upstream;
  let money: Money;
  let nextUser = 1000;
  let user: number;

  beforeAll(async () => {
    t = await open("money");
    ({ sandbox, upstream } = await sandboxAndUpstream({ commitTimeoutMs: 400 }));
    money = createMoney({ db: t.db, upstream, reconcileDelaySeconds: 0, staleSubmittedSeconds: 3600, maxUnknownChecks: 3 });
  });
  afterAll(async () => {
    await sandbox?.close();
    await t?.drop();
  });
  beforeEach(async () => {
    user = nextUser++;
    // Every test ends with books that balance.
    return async () => {
      const result = await money.audit();
      expect(result.problems).toEqual([]);
    };
  });

  const commitsFor = (reference: string) => sandbox.commits.filter((c) => c.reference === reference && c.accepted);
  const lookupRenew = () => upstream.lookup("worldlink", "online_renew");
  const intentKey = (label: string) => `${name}-${user}-${label}`;

  it("credits a wallet and reports balance, held and available", async () => {
    await money.grant({ userId: user, amountPaisa: 500_000, adminId: 1, note: "opening float" });
    expect(await money.balance(user)).toEqual({ balancePaisa: 500_000, heldPaisa: 0, availablePaisa: 500_000 });
    const moves = await money.movements(user);
    expect(moves[0]).toMatchObject({ kind: "grant", amountPaisa: 500_000, memo: "opening float" });
  });

  it("pays: stored and held before commit, settled into clearing after, with a full receipt", async () => {
    await money.grant({ userId: user, amountPaisa: 1_000_000, adminId: 1 });
    const lookup = await lookupRenew();
    const option = lookup.options.find((o) => o.key === "pkg-1888118")!;
    const result = await money.pay({ key: intentKey("a"), payerUserId: user, lookup, optionKey: option.key });
    expect(result.payment.state).toBe("succeeded");
    expect(result.payment.amountPaisa).toBe(593_200);
    expect(await money.balance(user)).toEqual({ balancePaisa: 406_800, heldPaisa: 0, availablePaisa: 406_800 });
    expect(commitsFor(result.payment.reference)).toHaveLength(1);
    const events = await money.events(result.payment.id);
    expect(events.map((e) => `${e.from}->${e.to}`)).toEqual(["null->created", "created->submitted", "submitted->succeeded"]);
    expect(JSON.stringify(events)).not.toContain("sandbox-token");
    const receipt = await money.receipt(result.payment.id);
    expect(receipt).toMatchObject({
      isp: { id: "worldlink", name: "WorldLink" },
      account: "online_renew",
      customerName: "Online Renew",
      package: "Fiber Smart home 2019-40mbps/3 mths(Renew)",
      amountPaisa: 593_200,
      reference: result.payment.reference,
      paidBy: user,
      paidFor: "self",
      via: "khalti",
    });
    expect(receipt?.upstreamId).toMatch(/^\d+$/);
    expect(receipt?.issuedAtNepal).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \(Asia\/Kathmandu\)$/);
    // The receipt handed back by `pay` is the stored one.
    expect(result.receipt).toEqual(receipt);
  });

  it("a payment of the whole balance settles: the hold closes before the debit meets the overdraft check", async () => {
    await money.grant({ userId: user, amountPaisa: 491_500, adminId: 1 });
    const result = await money.pay({ key: intentKey("all-of-it"), payerUserId: user, lookup: await lookupRenew(), optionKey: "pkg-1888314" });
    expect(result.payment.state).toBe("succeeded");
    expect(result.receipt?.amountPaisa).toBe(491_500);
    expect(await money.balance(user)).toEqual({ balancePaisa: 0, heldPaisa: 0, availablePaisa: 0 });
    expect((await money.audit()).ok).toBe(true);
  });

  it("20 concurrent pays of one intent: one payment, one commit, one debit", async () => {
    await money.grant({ userId: user, amountPaisa: 2_000_000, adminId: 1 });
    const lookup = await lookupRenew();
    const intent = { key: intentKey("double-tap"), payerUserId: user, lookup, optionKey: "pkg-1888117" };
    const results = await Promise.all(Array.from({ length: 20 }, () => money.pay(intent)));
    const ids = new Set(results.map((r) => r.payment.id));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    const reference = results[0]!.payment.reference;
    expect(sandbox.commits.filter((c) => c.reference === reference)).toHaveLength(1);
    expect((await money.balance(user)).balancePaisa).toBe(2_000_000 - 491_500);
    // And once more after the fact: still the same payment, no commit.
    const again = await money.pay(intent);
    expect(again).toMatchObject({ replayed: true, payment: { id: results[0]!.payment.id, state: "succeeded" } });
    expect(sandbox.commits.filter((c) => c.reference === reference)).toHaveLength(1);
  });

  it("concurrent payments from one wallet never overdraw it", async () => {
    // Eight lines (one payer pays one line at a time): the same account at eight ISPs of Global Topup.
    const isps = ["subisu", "vianet", "arrownet", "classic-tech", "dish-home-fiber", "net-max", "meta-link", "prabhunet"];
    const lookup = await upstream.lookup(isps[0]!, "online_renew");
    const price = lookup.options.find((o) => o.key === "pkg-800012")!.amountPaisa;
    await money.grant({ userId: user, amountPaisa: price * 3 + 100, adminId: 1 });
    // Each payment has its own lookup (session) upstream, as separate renewals would.
    const lookups = await Promise.all(isps.map((isp) => upstream.lookup(isp, "online_renew")));
    const outcomes = await Promise.allSettled(
      lookups.map((l, i) => money.pay({ key: intentKey(`spend-${i}`), payerUserId: user, lookup: l, optionKey: "pkg-800012" })),
    );
    const paid = outcomes.filter((o) => o.status === "fulfilled");
    const refused = outcomes.filter((o) => o.status === "rejected");
    expect(paid).toHaveLength(3);
    expect(refused).toHaveLength(5);
    for (const r of refused) expect(String((r as PromiseRejectedResult).reason)).toMatch(/InsufficientFunds/);
    for (const p of paid) expect((p as PromiseFulfilledResult<{ payment: { state: string } }>).value.payment.state).toBe("succeeded");
    expect(await money.balance(user)).toEqual({ balancePaisa: 100, heldPaisa: 0, availablePaisa: 100 });
  });

  it("a commit that times out leaves the money held and the payment pending; reconciliation settles it", async () => {
    await money.grant({ userId: user, amountPaisa: 1_000_000, adminId: 1 });
    sandbox.injectFault({ fault: "timeout", on: "commit", delayMs: 2_000, processed: true, settleTo: "Success" });
    const lookup = await lookupRenew();
    const res = await money.pay({ key: intentKey("timeout"), payerUserId: user, lookup, optionKey: "pkg-1888314" });
    expect(res.payment.state).toBe("pending");
    expect(res.outcome?.cause).toBe("timeout");
    expect(await money.balance(user)).toMatchObject({ balancePaisa: 1_000_000, heldPaisa: 491_500, availablePaisa: 508_500 });
    const resolved: Resolution[] = [];
    const off = money.onResolved((r) => resolved.push(r));
    const pass = await money.reconcile();
    off();
    expect(pass).toMatchObject({ checked: 1, settled: 1, released: 0, stillPending: 0 });
    expect(await money.balance(user)).toMatchObject({ balancePaisa: 508_500, heldPaisa: 0 });
    expect(resolved.map((r) => [r.payment.reference, r.payment.state, r.by])).toEqual([[res.payment.reference, "succeeded", "reconcile"]]);
    expect(commitsFor(res.payment.reference)).toHaveLength(1);
    expect((await money.unnotified()).map((p) => p.id)).toContain(res.payment.id);
    await money.markNotified(res.payment.id);
    expect((await money.unnotified()).map((p) => p.id)).not.toContain(res.payment.id);
  });

  it("while a line's payment is pending, the payer's next intent for that line is refused, whatever its option; another line pays", async () => {
    await money.grant({ userId: user, amountPaisa: 3_000_000, adminId: 1 });
    sandbox.injectFault({ fault: "queued", on: "commit", settleAfterMs: 3_600_000 });
    const first = await money.pay({ key: intentKey("first"), payerUserId: user, lookup: await lookupRenew(), optionKey: "pkg-1888314" });
    expect(first.payment.state).toBe("pending");
    const commits = sandbox.commits.length;
    // A second draft ("try again" after an unclear answer): the same option, then another one.
    for (const [label, optionKey] of [["again", "pkg-1888314"], ["other-option", "pkg-1888117"]] as const) {
      const err = await money.pay({ key: intentKey(label), payerUserId: user, lookup: await lookupRenew(), optionKey }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PaymentInFlight);
      expect((err as PaymentInFlight).payment).toMatchObject({ id: first.payment.id, state: "pending" });
    }
    expect(sandbox.commits.length).toBe(commits);
    expect((await money.history(user)).map((p) => p.id)).toEqual([first.payment.id]);
    expect(await money.balance(user)).toMatchObject({ heldPaisa: 491_500 });
    // The same intent again is still its own payment, not a refusal.
    expect(await money.pay({ key: intentKey("first"), payerUserId: user, lookup: await lookupRenew(), optionKey: "pkg-1888314" })).toMatchObject({ replayed: true, payment: { id: first.payment.id } });
    // Another line of the same payer pays; another payer pays the same line.
    expect((await money.pay({ key: intentKey("due"), payerUserId: user, lookup: await upstream.lookup("worldlink", "online_due_payment"), optionKey: "due" })).payment.state).toBe("succeeded");
    await money.grant({ userId: user + 100_000, amountPaisa: 1_000_000, adminId: 1 });
    expect((await money.pay({ key: intentKey("someone-else"), payerUserId: user + 100_000, lookup: await lookupRenew(), optionKey: "pkg-1888314" })).payment.state).toBe("succeeded");
    // Once the first one is settled, the line can be paid again.
    sandbox.settle(first.payment.reference, "Success");
    expect(await money.reconcile({ all: true })).toMatchObject({ settled: 1 });
    expect((await money.pay({ key: intentKey("after"), payerUserId: user, lookup: await lookupRenew(), optionKey: "pkg-1888314" })).payment.state).toBe("succeeded");
  });

  it("intents for one line sent at the same time record one payment and commit once; the others are told it is in flight", async () => {
    await money.grant({ userId: user, amountPaisa: 5_000_000, adminId: 1 });
    // The commit hangs upstream (and goes through there): the payment stays submitted meanwhile.
    sandbox.injectFault({ fault: "timeout", on: "commit", delayMs: 2_000, processed: true, settleTo: "Success" });
    const lookups = await Promise.all(Array.from({ length: 6 }, () => lookupRenew()));
    const before = sandbox.commits.length;
    const outcomes = await Promise.allSettled(
      lookups.map((l, i) => money.pay({ key: intentKey(`tap-${i}`), payerUserId: user, lookup: l, optionKey: "pkg-1888314" })),
    );
    const paid = outcomes.filter((o) => o.status === "fulfilled");
    expect(paid).toHaveLength(1);
    for (const o of outcomes.filter((x) => x.status === "rejected")) expect((o as PromiseRejectedResult).reason).toBeInstanceOf(PaymentInFlight);
    const payment = (paid[0] as PromiseFulfilledResult<{ payment: { id: number; reference: string; state: string } }>).value.payment;
    expect(payment.state).toBe("pending");
    expect(sandbox.commits.length - before).toBe(1);
    expect((await money.history(user)).map((p) => p.id)).toEqual([payment.id]);
    expect(await money.reconcile({ all: true })).toMatchObject({ settled: 1 });
    expect(await money.balance(user)).toEqual({ balancePaisa: 5_000_000 - 491_500, heldPaisa: 0, availablePaisa: 5_000_000 - 491_500 });
  });

  it("a payment's reference is made by the database: digits only, below 2^53, unique, as Global Topup's execute needs", async () => {
    await money.grant({ userId: user, amountPaisa: 10_000_000, adminId: 1 });
    const isps = ["subisu", "vianet", "arrownet", "classic-tech", "dish-home-fiber"];
    const results = await Promise.all(
      isps.map(async (isp, i) => money.pay({ key: intentKey(`ref-${i}`), payerUserId: user, lookup: await upstream.lookup(isp, "online_renew"), optionKey: "pkg-800012" })),
    );
    const references = results.map((r) => r.payment.reference);
    expect(new Set(references).size).toBe(isps.length);
    for (const r of results) {
      expect(r.payment.reference).toMatch(/^[1-9]\d{15}$/);
      expect(Number.isSafeInteger(Number(r.payment.reference))).toBe(true);
      // Global Topup took each one (as a number it holds exactly) and its status lookup finds it.
      expect(r.payment.state).toBe("succeeded");
      expect(sandbox.commits.filter((c) => c.reference === r.payment.reference && c.accepted)).toHaveLength(1);
      expect((await upstream.status(r.payment.route, r.payment.reference)).state).toBe("success");
    }
  });

  it("a commit that times out and then fails upstream is released by reconciliation", async () => {
    await money.grant({ userId: user, amountPaisa: 1_000_000, adminId: 1 });
    sandbox.injectFault({ fault: "timeout", on: "commit", delayMs: 2_000, processed: true, settleTo: "Failed" });
    const res = await money.pay({ key: intentKey("timeout-fail"), payerUserId: user, lookup: await lookupRenew(), optionKey: "pkg-1888314" });
    expect(res.payment.state).toBe("pending");
    expect(await money.reconcile()).toMatchObject({ checked: 1, settled: 0, released: 1 });
    expect(await money.balance(user)).toEqual({ balancePaisa: 1_000_000, heldPaisa: 0, availablePaisa: 1_000_000 });
    expect((await money.payment({ id: res.payment.id }))?.state).toBe("failed");
  });

  it("an HTTP 500 that never reached the provider ends released (the status lookup knows no such reference)", async () => {
    await money.grant({ userId: user, amountPaisa: 1_000_000, adminId: 1 });
    sandbox.injectFault({ fault: "http500", on: "commit", processed: false });
    const res = await money.pay({ key: intentKey("500"), payerUserId: user, lookup: await lookupRenew(), optionKey: "pkg-1888314" });
    expect(res.payment.state).toBe("pending");
    expect(await money.reconcile()).toMatchObject({ released: 1 });
    expect((await money.balance(user)).availablePaisa).toBe(1_000_000);
  });

  it("Global Topup's \"Order not found\" keeps the money held: asked again with backoff, then flagged for an admin", async () => {
    const patient = createMoney({ db: t.db, upstream, reconcileDelaySeconds: 60, staleSubmittedSeconds: 3600, maxUnknownChecks: 3 });
    await money.grant({ userId: user, amountPaisa: 1_000_000, adminId: 1 });
    // The execute never reaches Global Topup: its status lookup will not know the order.
    sandbox.injectFault({ fault: "http500", on: "commit", aggregator: "globaltopup", processed: false });
    const res = await patient.pay({ key: intentKey("gtu-404"), payerUserId: user, lookup: await upstream.lookup("subisu", "online_renew"), optionKey: "pkg-800012" });
    expect(res.payment.state).toBe("pending");
    const nextCheck = async () =>
      (await t.db.query<{ s: number }>("SELECT extract(epoch FROM next_check_at - now())::float8 AS s FROM payments WHERE id = $1", [res.payment.id])).rows[0]!.s;
    const waits: number[] = [];
    for (let i = 0; i < 3; i++) {
      expect(await patient.reconcile({ all: true })).toMatchObject({ checked: 1, released: 0, stillPending: 1 });
      expect(await money.balance(user)).toMatchObject({ balancePaisa: 1_000_000, heldPaisa: 180_800 });
      waits.push(await nextCheck());
    }
    // 60 s doubled after each unknown answer: 120, 240, 480.
    expect(waits.map((w) => Math.round(w / 60))).toEqual([2, 4, 8]);
    const p = (await money.payment({ id: res.payment.id }))!;
    expect(p).toMatchObject({ state: "pending", needsAdmin: true, unknownChecks: 3 });
    expect(p.upstreamMessage).toMatch(/Order not found/);
    expect((await money.awaitingAdmin()).map((x) => x.id)).toContain(res.payment.id);
    expect((await patient.reconcile({ all: true })).checked).toBe(0);
    await money.resolve({ reference: res.payment.reference, adminId: 77, outcome: "failed" });
    expect(await money.balance(user)).toEqual({ balancePaisa: 1_000_000, heldPaisa: 0, availablePaisa: 1_000_000 });
  });

  it("a queued commit stays held until the provider settles it", async () => {
    await money.grant({ userId: user, amountPaisa: 1_000_000, adminId: 1 });
    sandbox.injectFault({ fault: "queued", on: "commit", settleTo: "Success", settleAfterMs: 3_600_000 });
    const res = await money.pay({ key: intentKey("queued"), payerUserId: user, lookup: await lookupRenew(), optionKey: "pkg-1888314" });
    expect(res.payment.state).toBe("pending");
    expect(await money.reconcile()).toMatchObject({ checked: 1, stillPending: 1 });
    expect((await money.balance(user)).heldPaisa).toBe(491_500);
    sandbox.settle(res.payment.reference, "Success");
    expect(await money.reconcile({ all: true })).toMatchObject({ settled: 1 });
    expect((await money.balance(user)).balancePaisa).toBe(1_000_000 - 491_500);
  });

  it("a failed commit releases the hold at once", async () => {
    await money.grant({ userId: user, amountPaisa: 1_000_000, adminId: 1 });
    sandbox.injectFault({ fault: "failed", on: "commit" });
    const res = await money.pay({ key: intentKey("failed"), payerUserId: user, lookup: await lookupRenew(), optionKey: "pkg-1888314" });
    expect(res.payment.state).toBe("failed");
    expect(res.outcome?.message).toMatch(/failed/i);
    expect(await money.balance(user)).toEqual({ balancePaisa: 1_000_000, heldPaisa: 0, availablePaisa: 1_000_000 });
    expect(await money.receipt(res.payment.id)).toBeUndefined();
  });

  it("refuses a payment the wallet cannot cover, storing nothing and calling nothing", async () => {
    await money.grant({ userId: user, amountPaisa: 100, adminId: 1 });
    const before = sandbox.commits.length;
    await expect(
      money.pay({ key: intentKey("short"), payerUserId: user, lookup: await lookupRenew(), optionKey: "pkg-1888314" }),
    ).rejects.toBeInstanceOf(InsufficientFunds);
    expect(sandbox.commits.length).toBe(before);
    expect(await money.history(user)).toEqual([]);
  });

  it("flags a payment for an admin after repeated unknown answers; the admin's resolution is recorded", async () => {
    await money.grant({ userId: user, amountPaisa: 1_000_000, adminId: 1 });
    sandbox.injectFault({ fault: "queued", on: "commit", settleAfterMs: 3_600_000 });
    const res = await money.pay({ key: intentKey("admin"), payerUserId: user, lookup: await lookupRenew(), optionKey: "pkg-1888314" });
    for (let i = 0; i < 3; i++) await money.reconcile({ all: true });
    const flagged = await money.awaitingAdmin();
    expect(flagged.map((p) => p.reference)).toContain(res.payment.reference);
    // Flagged payments are left to the admin: reconciliation no longer asks.
    expect((await money.reconcile({ all: true })).checked).toBe(0);
    await expect(money.resolve({ reference: res.payment.reference, adminId: 77, outcome: "success" })).rejects.toThrow(/transaction id/);
    const resolved: Resolution[] = [];
    money.onResolved((r) => resolved.push(r));
    const done = await money.resolve({ reference: res.payment.reference, adminId: 77, outcome: "success", upstreamId: "KH-999" });
    expect(done).toMatchObject({ state: "succeeded", upstreamId: "KH-999" });
    expect(resolved[0]?.by).toBe("admin:77");
    const last = (await money.events(res.payment.id)).at(-1);
    expect(last).toMatchObject({ from: "pending", to: "succeeded", actor: "admin:77" });
    await expect(money.resolve({ reference: res.payment.reference, adminId: 77, outcome: "failed" })).rejects.toThrow(/not pending/);
  });

  it("a payment left submitted while its commit is in flight becomes pending; the late answer changes nothing", async () => {
    const impatient = createMoney({ db: t.db, upstream, reconcileDelaySeconds: 0, staleSubmittedSeconds: 0 });
    await money.grant({ userId: user, amountPaisa: 1_000_000, adminId: 1 });
    // A commit that hangs upstream; meanwhile another process (no patience at all) recovers.
    sandbox.injectFault({ fault: "timeout", on: "commit", delayMs: 1_500, processed: true });
    const lookup = await lookupRenew();
    const inflight = money.pay({ key: intentKey("crash"), payerUserId: user, lookup, optionKey: "pkg-1888314" });
    // While the commit hangs, another process restarts and recovers.
    await new Promise((r) => setTimeout(r, 150));
    const recovered = await impatient.recover();
    expect(recovered).toHaveLength(1);
    const res = await inflight; // the late answer (a timeout) changes nothing: already pending
    expect(res.payment.state).toBe("pending");
    expect(await impatient.reconcile()).toMatchObject({ settled: 1 });
    expect(commitsFor(res.payment.reference)).toHaveLength(1);
  });

  it("the database itself refuses unbalanced entries, overdrafts and illegal transitions", async () => {
    await money.grant({ userId: user, amountPaisa: 1_000, adminId: 1 });
    await expect(
      t.db.transaction(async (tx) => {
        const e = await tx.query<{ id: number }>("INSERT INTO journal_entries (kind, actor) VALUES ('adjust', 'test') RETURNING id");
        await tx.query("INSERT INTO journal_lines (entry_id, account_id, amount_paisa) VALUES ($1, $2, 500)", [e.rows[0]!.id, `wallet:${user}`]);
      }),
    ).rejects.toThrow(/does not balance/);
    await expect(
      t.db.query("UPDATE accounts SET held_paisa = 5000 WHERE id = $1", [`wallet:${user}`]),
    ).rejects.toThrow(/accounts_not_overdrawn/);
    const lookup = await lookupRenew();
    await money.grant({ userId: user, amountPaisa: 1_000_000, adminId: 1 });
    const res = await money.pay({ key: intentKey("fixed"), payerUserId: user, lookup, optionKey: "pkg-1888314" });
    await expect(t.db.query("UPDATE payments SET state = 'pending' WHERE id = $1", [res.payment.id])).rejects.toThrow(/not allowed/);
    await expect(t.db.query("UPDATE payments SET amount_paisa = 1 WHERE id = $1", [res.payment.id])).rejects.toThrow(/fixed/);
    expect((await money.balance(user)).balancePaisa).toBe(1_001_000 - 491_500);
  });

  it.runIf(name === "postgres")("a settlement in flight locks its payer's row, not the clearing account every payment shares", async () => {
    await money.grant({ userId: user, amountPaisa: 10_000, adminId: 1 });
    const other = new pg.Client({ connectionString: TEST_DATABASE_URL, options: `-c search_path=${t.schema}` });
    await other.connect();
    // NOWAIT: fails at once when another transaction holds an update lock on the row.
    const tryLock = (id: string) =>
      other.query("SELECT id FROM accounts WHERE id = $1 FOR NO KEY UPDATE NOWAIT", [id]).then(
        () => "free",
        (err: Error) => (/could not obtain lock/.test(err.message) ? "locked" : err.message),
      );
    try {
      await t.db.transaction(async (tx) => {
        const e = await tx.query<{ id: number }>("INSERT INTO journal_entries (kind, actor) VALUES ('settle', 'test') RETURNING id");
        await tx.query(
          "INSERT INTO journal_lines (entry_id, account_id, amount_paisa) VALUES ($1, 'clearing:khalti', 2500), ($1, $2, -2500)",
          [e.rows[0]!.id, `wallet:${user}`],
        );
        expect(await tryLock("clearing:khalti")).toBe("free");
        expect(await tryLock(`wallet:${user}`)).toBe("locked");
      });
    } finally {
      await other.end();
    }
    expect((await money.balance(user)).balancePaisa).toBe(7_500);
  });

  it("reports where our books and the aggregator disagree", async () => {
    await money.grant({ userId: user, amountPaisa: 1_000_000, adminId: 1 });
    const from = new Date(Date.now() - 1_000);
    const ok = await money.pay({ key: intentKey("report-ok"), payerUserId: user, lookup: await lookupRenew(), optionKey: "pkg-1888314" });
    sandbox.injectFault({ fault: "queued", on: "commit", settleAfterMs: 3_600_000 });
    const queued = await money.pay({ key: intentKey("report-queued"), payerUserId: user, lookup: await lookupRenew(), optionKey: "pkg-1888314" });
    // The provider settles it; our books have not heard yet.
    sandbox.settle(queued.payment.reference, "Success");
    const report = await money.report({ from, to: new Date(Date.now() + 60_000) });
    expect(report.ours.succeeded?.count).toBeGreaterThanOrEqual(1);
    expect(report.ours.pending).toEqual({ count: 1, sumPaisa: 491_500 });
    const mine = (r: typeof report) => r.mismatches.filter((m) => [ok.payment.reference, queued.payment.reference].includes(m.reference));
    expect(mine(report)).toEqual([{ reference: queued.payment.reference, ours: "pending", theirs: "Success", amountPaisa: 491_500 }]);
    expect(await money.reconcile({ all: true })).toMatchObject({ settled: 1 });
    expect(mine(await money.report({ from, to: new Date(Date.now() + 60_000) }))).toEqual([]);
  });
  it("posts every kind of entry through one path: floats, cash-ins, commissions, reversals; once per external id", async () => {
    const agent = `float:${user}`;
    const customer = `wallet:${user + 500_000}`;
    const entry = (kind: NewEntry["kind"], from: string, to: string, amountPaisa: number, externalId?: string) =>
      post(t.db, { kind, actor: "test", externalId, lines: [{ accountId: from, amountPaisa: -amountPaisa }, { accountId: to, amountPaisa }] });
    expect(await entry("float", "source:admin-grants", agent, 100_000)).toEqual(expect.any(Number));
    const cashin = await entry("cashin", agent, customer, 30_000, `cashin-${name}-${user}`);
    expect(cashin).toEqual(expect.any(Number));
    // The same cash-in again (a repeated request): nothing posted, no id.
    expect(await entry("cashin", agent, customer, 30_000, `cashin-${name}-${user}`)).toBeUndefined();
    await entry("commission", `source:commissions-${name}`, agent, 1_500);
    await entry("reversal", customer, agent, 30_000);
    expect((await balanceOf(t.db, agent)).balancePaisa).toBe(101_500);
    expect((await balanceOf(t.db, customer)).balancePaisa).toBe(0);
    expect((await balanceOf(t.db, `source:commissions-${name}`)).balancePaisa).toBe(-1_500);
    expect((await movements(t.db, agent)).map((m) => [m.kind, m.amountPaisa])).toEqual([
      ["reversal", 30_000],
      ["commission", 1_500],
      ["cashin", -30_000],
      ["float", 100_000],
    ]);
    // Accounts are made on first use: users' may not go negative, sources may.
    const made = await t.db.query<{ id: string; kind: string; owner_user_id: number | null; allow_negative: boolean }>(
      "SELECT id, kind, owner_user_id, allow_negative FROM accounts WHERE id = ANY($1) ORDER BY id",
      [[agent, customer, `source:commissions-${name}`]],
    );
    expect(made.rows).toEqual([
      { id: agent, kind: "float", owner_user_id: user, allow_negative: false },
      { id: `source:commissions-${name}`, kind: "source", owner_user_id: null, allow_negative: true },
      { id: customer, kind: "wallet", owner_user_id: user + 500_000, allow_negative: false },
    ]);
  });

  it("post refuses an entry that breaks the ledger's rules, and posts nothing of it", async () => {
    const wallet = `wallet:${user}`;
    await money.grant({ userId: user, amountPaisa: 1_000, adminId: 1 });
    const attempt = (lines: { accountId: string; amountPaisa: number }[], kind: string = "adjust") =>
      post(t.db, { kind: kind as NewEntry["kind"], actor: "test", lines });
    await expect(attempt([{ accountId: wallet, amountPaisa: 100 }, { accountId: "source:admin-grants", amountPaisa: -99 }])).rejects.toThrow(/does not balance/);
    await expect(attempt([{ accountId: wallet, amountPaisa: 100 }])).rejects.toThrow(/does not balance/);
    await expect(attempt([])).rejects.toThrow(/does not balance/);
    await expect(attempt([{ accountId: wallet, amountPaisa: 0 }, { accountId: "source:admin-grants", amountPaisa: 0 }])).rejects.toThrow(/whole, non-zero/);
    await expect(attempt([{ accountId: wallet, amountPaisa: 10.5 }, { accountId: "source:admin-grants", amountPaisa: -10.5 }])).rejects.toThrow(/whole, non-zero/);
    await expect(attempt([{ accountId: "bank:1", amountPaisa: 100 }, { accountId: "source:admin-grants", amountPaisa: -100 }])).rejects.toThrow(/not an account/);
    await expect(attempt([{ accountId: wallet, amountPaisa: 100 }, { accountId: "source:admin-grants", amountPaisa: -100 }], "gift")).rejects.toThrow(/journal_entries_kind_check/);
    // A wallet may not go below zero: the whole entry fails, the other side's new account included.
    const stranger = `wallet:${user + 600_000}`;
    await expect(attempt([{ accountId: wallet, amountPaisa: -1_001 }, { accountId: stranger, amountPaisa: 1_001 }], "cashin")).rejects.toThrow(/accounts_not_overdrawn/);
    expect(await money.balance(user)).toEqual({ balancePaisa: 1_000, heldPaisa: 0, availablePaisa: 1_000 });
    expect((await money.movements(user)).map((m) => m.kind)).toEqual(["grant"]);
    expect((await t.db.query("SELECT 1 FROM accounts WHERE id = $1", [stranger])).rows).toEqual([]);
  });

  it.runIf(name === "postgres")("a post into a clearing account locks the payer's row, not the clearing account", async () => {
    await money.grant({ userId: user, amountPaisa: 10_000, adminId: 1 });
    const other = new pg.Client({ connectionString: TEST_DATABASE_URL, options: `-c search_path=${t.schema}` });
    await other.connect();
    const tryLock = (id: string) =>
      other.query("SELECT id FROM accounts WHERE id = $1 FOR NO KEY UPDATE NOWAIT", [id]).then(
        () => "free",
        (err: Error) => (/could not obtain lock/.test(err.message) ? "locked" : err.message),
      );
    try {
      await t.db.transaction(async (tx) => {
        await post(tx, { kind: "settle", actor: "test", lines: [{ accountId: "clearing:khalti", amountPaisa: 2_500 }, { accountId: `wallet:${user}`, amountPaisa: -2_500 }] });
        expect(await tryLock("clearing:khalti")).toBe("free");
        expect(await tryLock(`wallet:${user}`)).toBe("locked");
      });
    } finally {
      await other.end();
    }
    expect((await money.balance(user)).balancePaisa).toBe(7_500);
  });
});

describe("the journal's one write path", () => {
  it("no code but the SQL function post_entry inserts journal entries or lines", () => {
    const writers: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, e.name);
        if (e.isDirectory()) walk(path);
        else if (e.name.endsWith(".ts") && /INSERT\s+INTO\s+journal_/i.test(readFileSync(path, "utf8"))) writers.push(path);
      }
    };
    for (const dir of ["src", "conversations", "bench"]) walk(dir);
    expect(writers).toEqual([]);
  });
});
