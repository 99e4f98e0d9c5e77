/**
 * The operator CLI against the sandbox over HTTP, with the money core in an embedded PGlite data
 * folder (each call opens and closes it, as separate invocations do). The last tests spawn the real
 * `npm run --silent ops` entry.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.js";
import { runOps } from "../src/cli/ops.js";
import { type Sandbox, startSandbox } from "../src/sandbox/server.js";
import pg from "pg";
import { openPostgresForTest, TEST_DATABASE_URL } from "./support/db.js";

let sandbox: Sandbox;
let dataDir: string;
let env: Record<string, string>;

beforeAll(async () => {
  sandbox = await startSandbox({ khaltiToken: "TEST:cli-khalti", globaltopupToken: "cli-gtu" });
  dataDir = mkdtempSync(join(tmpdir(), "renew-cli-"));
  env = {
    KHALTI_BASE_URL: sandbox.khaltiBaseUrl,
    KHALTI_TOKEN: "TEST:cli-khalti",
    GLOBALTOPUP_BASE_URL: sandbox.globaltopupBaseUrl,
    GLOBALTOPUP_TOKEN: "cli-gtu",
    UPSTREAM_COMMIT_TIMEOUT_MS: "500",
    DATA_DIR: dataDir,
    ADMIN_IDS: "42,43",
    RECONCILE_DELAY_SECONDS: "0",
    NODE_ENV: "test",
  };
});
afterAll(async () => {
  await sandbox?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function ops(...argv: string[]) {
  let out = "";
  let err = "";
  const code = await runOps(argv, { config: loadConfig(env), out: (t) => (out += t), err: (t) => (err += `${t}\n`) });
  return { code, json: out ? JSON.parse(out) : undefined, err: err.trim() };
}

describe("ops CLI", () => {
  it("isps lists the catalogue with routes", async () => {
    const r = await ops("isps");
    expect(r.code).toBe(0);
    expect(r.json).toHaveLength(45);
    expect(r.json.find((i: { id: string }) => i.id === "worldlink").routes.map((x: { aggregator: string }) => x.aggregator)).toEqual(["khalti", "globaltopup"]);
  });

  it("lookup flattens two-level options and shows the breakdown", async () => {
    const h = await ops("lookup", "fast-speed", "jeetenaug4");
    expect(h.code).toBe(0);
    expect(h.json).toMatchObject({ isp: "fast-speed", via: "khalti", account: "jeetenaug4", customer: { name: "jeetenaug4(23123213)" } });
    expect(h.json.options).toContainEqual({ key: "fiber-gold-c9-b8d3a88c-d3", label: "Fiber Gold · 3 Months", amountPaisa: 787_600, current: true });
    const w = await ops("lookup", "worldlink", "online_due_and_package");
    expect(w.json.options.find((o: { key: string }) => o.key === "pkg-1888857").breakdown).toHaveLength(2);
    const t = await ops("lookup", "websurfer", "1112858");
    expect(t.json.connections).toHaveLength(2);
    const t2 = await ops("lookup", "websurfer", "1112858", "--connection", t.json.connections[1].username);
    expect(t2.json.options.length).toBeGreaterThan(0);
    const g = await ops("lookup", "worldlink", "online_renew", "--via", "globaltopup");
    expect(g.json.via).toBe("globaltopup");
  });

  it("pay refuses when the wallet is short: non-zero exit, one line, no commit", async () => {
    const before = sandbox.commits.length;
    const r = await ops("pay", "worldlink", "online_renew", "pkg-1888314", "--yes");
    expect(r.code).toBe(1);
    expect(r.err.split("\n")).toHaveLength(1);
    expect(r.err).toMatch(/Rs 0.00 available, Rs 4,915.00 is needed; nothing was paid/);
    expect(sandbox.commits.length).toBe(before);
  });

  it("credit funds the operator's wallet; pay without --yes only shows what it would pay", async () => {
    const c = await ops("credit", "42", "10000", "--note", "float for the shop");
    expect(c).toMatchObject({ code: 0, json: { userId: 42, creditedPaisa: 1_000_000, balancePaisa: 1_000_000, availablePaisa: 1_000_000 } });
    const before = sandbox.commits.length;
    const dry = await ops("pay", "worldlink", "online_renew", "pkg-1888314");
    expect(dry.code).toBe(0);
    expect(dry.json.wouldPay).toMatchObject({ option: { amountPaisa: 491_500 }, payer: 42, availablePaisa: 1_000_000, availableAfterPaisa: 508_500 });
    expect(sandbox.commits.length).toBe(before);
  });

  it("pay --yes pays from the operator's wallet once, with a receipt; the same --intent does not pay twice", async () => {
    const r = await ops("pay", "worldlink", "online_renew", "pkg-1888314", "--yes", "--intent", "shop-42-001");
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ state: "success", paymentState: "succeeded", replayed: false, amountPaisa: 491_500, payer: 42 });
    expect(r.json.reference).toMatch(/^\d{16}$/);
    expect(r.json.upstreamId).toMatch(/^\d+$/);
    const again = await ops("pay", "worldlink", "online_renew", "pkg-1888314", "--yes", "--intent", "shop-42-001");
    expect(again.json).toMatchObject({ reference: r.json.reference, replayed: true });
    expect(sandbox.commits.filter((x) => x.reference === r.json.reference)).toHaveLength(1);
    expect((await ops("balance", "42")).json).toEqual({ balancePaisa: 508_500, heldPaisa: 0, availablePaisa: 508_500 });
    const receipt = await ops("receipt", r.json.reference);
    expect(receipt.json).toMatchObject({ reference: r.json.reference, isp: { name: "WorldLink" }, customerName: "Online Renew", amountPaisa: 491_500 });
    const status = await ops("status", "worldlink", r.json.reference);
    expect(status.json).toMatchObject({ state: "success", upstreamId: r.json.upstreamId });
  });

  it("a pending payment stays held until reconcile settles it; audit stays clean", async () => {
    await ops("credit", "42", "10000");
    sandbox.injectFault({ fault: "timeout", on: "commit", delayMs: 2_000, processed: true });
    const r = await ops("pay", "loop-network", "active", "pkg-1-13286-5-3", "--yes", "--payer", "42");
    expect(r.code).toBe(0);
    expect(r.json.state).toBe("pending");
    expect(r.err).toMatch(/pending/);
    expect((await ops("balance", "42")).json.heldPaisa).toBe(599_900);
    const pass = await ops("reconcile");
    expect(pass.json).toMatchObject({ checked: 1, settled: 1, released: 0, stillPending: 0 });
    expect((await ops("balance", "42")).json).toEqual({ balancePaisa: 1_508_500 - 599_900, heldPaisa: 0, availablePaisa: 1_508_500 - 599_900 });
    expect(await ops("audit")).toMatchObject({ code: 0, json: { ok: true, problems: [] } });
  });

  it("an admin resolves a flagged payment by hand", async () => {
    await ops("credit", "43", "100");
    sandbox.injectFault({ fault: "queued", on: "commit", settleAfterMs: 3_600_000 });
    const r = await ops("pay", "worldlink", "online_due_payment", "due", "--yes", "--payer", "43");
    expect(r.code).toBe(1); // Rs 100 cannot pay Rs 4,950
    await ops("credit", "43", "5000");
    const p = await ops("pay", "worldlink", "online_due_payment", "due", "--yes", "--payer", "43");
    expect(p.json.state).toBe("pending");
    const resolved = await ops("resolve", p.json.reference, "failed", "--note", "customer says it never arrived");
    expect(resolved).toMatchObject({ code: 0, json: { state: "failed", reference: p.json.reference } });
    expect((await ops("balance", "43")).json.availablePaisa).toBe(510_000);
  });

  it("pay refuses while the payer's earlier payment for the account is pending: one line, exit 1, no commit", async () => {
    await ops("credit", "44", "20000");
    sandbox.injectFault({ fault: "queued", on: "commit", settleAfterMs: 3_600_000 });
    const first = await ops("pay", "worldlink", "online_renew", "pkg-1888314", "--yes", "--payer", "44");
    expect(first.json.state).toBe("pending");
    const before = sandbox.commits.length;
    for (const option of ["pkg-1888314", "pkg-1888117"]) {
      const again = await ops("pay", "worldlink", "online_renew", option, "--yes", "--payer", "44");
      expect(again.code).toBe(1);
      expect(again.json).toBeUndefined();
      expect(again.err.split("\n")).toHaveLength(1);
      expect(again.err).toBe(`pay: the payer's earlier payment for this account (reference ${first.json.reference}) is still pending; nothing was paid (ops reconcile, or ops resolve, settles it)`);
    }
    expect(sandbox.commits.length).toBe(before);
    expect((await ops("resolve", first.json.reference, "failed")).code).toBe(0);
    expect((await ops("balance", "44")).json).toEqual({ balancePaisa: 2_000_000, heldPaisa: 0, availablePaisa: 2_000_000 });
  });

  it("a failed payment exits 3 and says the wallet was not charged", async () => {
    sandbox.injectFault({ fault: "failed", on: "commit" });
    const r = await ops("pay", "worldlink", "online_renew", "pkg-1888314", "--yes");
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/not charged/);
  });

  it("errors are one readable line and a non-zero exit", async () => {
    const unknown = await ops("lookup", "no-such-isp", "x");
    expect(unknown).toMatchObject({ code: 1 });
    expect(unknown.err).toBe('lookup: unknown ISP "no-such-isp" (see the isps list)');
    const notFound = await ops("lookup", "worldlink", "nobody");
    expect(notFound.err).toBe("lookup: Customer not found.");
    const badVerb = await ops("fly");
    expect(badVerb.code).toBe(2);
  });
});

describe("ops resolve racing reconciliation (PostgreSQL)", () => {
  it("reconciliation settles first, then resolve: nothing changed, exit 1, no double movement", async () => {
    const t = await openPostgresForTest("cli_race");
    // The CLI opens the same schema; its connections are named, to see them wait.
    const app = `cli_race_${t.schema!.slice(-6)}`;
    const pgEnv = { ...env, DATABASE_URL: `${TEST_DATABASE_URL}?application_name=${app}&options=${encodeURIComponent(`-c search_path=${t.schema}`)}` };
    const run = async (...argv: string[]) => {
      let out = "";
      let err = "";
      const code = await runOps(argv, { config: loadConfig(pgEnv), out: (x) => (out += x), err: (x) => (err += `${x}\n`) });
      return { code, json: out ? JSON.parse(out) : undefined, err: err.trim() };
    };
    const locker = new pg.Client({ connectionString: TEST_DATABASE_URL, options: `-c search_path=${t.schema}` });
    await locker.connect();
    // Outside the locker's transaction, which would see one snapshot of pg_stat_activity.
    const watcher = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await watcher.connect();
    const waiting = async (n: number) => {
      for (let i = 0; i < 400; i++) {
        const r = await watcher.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'", [app]);
        if (r.rows[0].n >= n) return;
        await new Promise((res) => setTimeout(res, 25));
      }
      throw new Error(`${n} waiting statement(s) expected`);
    };
    try {
      await run("credit", "45", "10000");
      sandbox.injectFault({ fault: "queued", on: "commit", settleAfterMs: 3_600_000 });
      const paid = await run("pay", "worldlink", "online_renew", "pkg-1888314", "--yes", "--payer", "45");
      expect(paid.json.state).toBe("pending");
      // The provider settles it; reconciliation learns it while an admin resolves it as failed.
      sandbox.settle(paid.json.reference, "Success");
      await locker.query("BEGIN");
      await locker.query("SELECT id FROM accounts WHERE id = 'wallet:45' FOR UPDATE");
      const reconciling = run("reconcile", "--all");
      await waiting(1); // reconciliation has its answer and waits to apply it
      const resolving = run("resolve", paid.json.reference, "failed", "--note", "customer says it never arrived");
      await waiting(2); // the admin read "pending" and waits behind it
      await locker.query("COMMIT");
      const [reconciled, resolved] = await Promise.all([reconciling, resolving]);
      expect(reconciled.json).toMatchObject({ settled: 1, released: 0 });
      expect(resolved.code).toBe(1);
      expect(resolved.json).toBeUndefined();
      expect(resolved.err).toBe(`resolve: nothing changed: payment ${paid.json.reference} is succeeded, not pending`);
      expect((await run("balance", "45")).json).toEqual({ balancePaisa: 1_000_000 - 491_500, heldPaisa: 0, availablePaisa: 1_000_000 - 491_500 });
      expect(await run("audit")).toMatchObject({ code: 0, json: { ok: true, problems: [] } });
      // Resolving it now, with the answer in hand, is refused the same way.
      expect(await run("resolve", paid.json.reference, "failed")).toMatchObject({ code: 1, err: `resolve: nothing changed: payment ${paid.json.reference} is succeeded, not pending` });
    } finally {
      await locker.query("ROLLBACK").catch(() => {});
      await locker.end();
      await watcher.end();
      await t.drop();
    }
  });
});

describe("the real entry point", () => {
  // Asynchronous: the sandbox answering the child lives in this process's event loop.
  const run = (args: string[], extra: Record<string, string> = {}) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn("npm", ["run", "--silent", "ops", "--", ...args], {
        env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...env, ...extra },
      });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d) => (stdout += d));
      child.stderr.on("data", (d) => (stderr += d));
      child.on("close", (status) => resolve({ status, stdout, stderr }));
    });

  it("prints JSON on stdout", async () => {
    const r = await run(["isps"]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toHaveLength(45);
  });

  it("an upstream refusal: one line on stderr, exit 1, nothing on stdout", async () => {
    const r = await run(["lookup", "worldlink", "nobody"]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr.trim()).toBe("lookup: Customer not found.");
  });

  it("a bad setting names the variable and stops, without a stack trace or the token", async () => {
    const r = await run(["isps"], { UPSTREAM_LOOKUP_TIMEOUT_MS: "soon", GLOBALTOPUP_BASE_URL: "" });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/UPSTREAM_LOOKUP_TIMEOUT_MS/);
    expect(r.stderr).toMatch(/GLOBALTOPUP_BASE_URL/);
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
    expect(r.stderr).not.toContain("cli-gtu");
  });
});
