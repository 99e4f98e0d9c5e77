/**
 * A crash between `submitted` and the aggregator's answer: the paying process is killed (SIGKILL)
 * while its commit is in flight. After the restart, reconciliation resolves the payment from the
 * status lookup, and the commit is never sent again. Against PostgreSQL and PGlite (a data folder).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../src/services.js";
import { createMoney } from "../src/money/index.js";
import type { Upstream } from "../src/providers/index.js";
import type { Sandbox } from "../src/sandbox/server.js";
import { openPostgresForTest, TEST_DATABASE_URL, type TestDb } from "./support/db.js";
import { KHALTI_TEST_TOKEN, sandboxAndUpstream } from "./support/upstream.js";

async function until(check: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe("a crash while the commit is in flight", () => {
  let sandbox: Sandbox;
  let upstream: Upstream;
  let pgTest: TestDb;
  const dataDir = mkdtempSync(join(tmpdir(), "renew-crash-"));

  beforeAll(async () => {
    ({ sandbox, upstream } = await sandboxAndUpstream());
    pgTest = await openPostgresForTest("crash");
  });
  afterAll(async () => {
    await sandbox?.close();
    await pgTest?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it.each(["postgres", "pglite"] as const)("is resolved by reconciliation without a second commit (%s)", async (backend) => {
    const where = backend === "postgres" ? { databaseUrl: TEST_DATABASE_URL, schema: pgTest.schema } : { dataDir };
    const userId = backend === "postgres" ? 501 : 502;
    const intentKey = `crash-${backend}`;
    // Fund the wallet, then let go of the data (PGlite allows one process at a time).
    const setup = backend === "postgres" ? pgTest.db : await openDatabase(where);
    await createMoney({ db: setup, upstream, reconcileDelaySeconds: 0, staleSubmittedSeconds: 0 }).grant({ userId, amountPaisa: 1_000_000, adminId: 1 });
    if (backend === "pglite") await setup.close();

    // The commit reaches the provider (and succeeds there) but the answer takes 60 s.
    sandbox.injectFault({ fault: "timeout", on: "commit", delayMs: 60_000, processed: true, settleTo: "Success" });
    const before = sandbox.commits.length;
    const child = spawn(process.execPath, ["--import", "tsx", "test/support/pay-child.ts", JSON.stringify({
      ...where, khaltiBaseUrl: sandbox.khaltiBaseUrl, khaltiToken: KHALTI_TEST_TOKEN, userId, intentKey,
    })], { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    const exited = new Promise((r) => child.on("exit", r));
    await until(() => sandbox.commits.length > before, 15_000).catch((e) => {
      throw new Error(`${e.message}: ${output}`);
    });
    child.kill("SIGKILL");
    await exited;
    expect(output).not.toContain("finished");
    const reference = sandbox.commits.at(-1)!.reference!;

    // The restart.
    const db = backend === "postgres" ? pgTest.db : await openDatabase(where);
    const money = createMoney({ db, upstream, reconcileDelaySeconds: 0, staleSubmittedSeconds: 0 });
    const stuck = await money.payment({ reference });
    expect(stuck).toMatchObject({ state: "submitted", amountPaisa: 491_500 });
    expect(await money.balance(userId)).toMatchObject({ heldPaisa: 491_500 });
    const pass = await money.reconcile();
    expect(pass).toMatchObject({ recovered: 1, checked: 1, settled: 1 });
    expect(await money.payment({ reference })).toMatchObject({ state: "succeeded" });
    expect(await money.balance(userId)).toEqual({ balancePaisa: 1_000_000 - 491_500, heldPaisa: 0, availablePaisa: 1_000_000 - 491_500 });
    expect(sandbox.commits.filter((c) => c.reference === reference)).toHaveLength(1);
    expect((await money.audit()).problems).toEqual([]);
    const events = await money.events(stuck!.id);
    expect(events.map((e) => e.cause)).toContain("recovery:no-outcome-recorded");
    if (backend === "pglite") await db.close();
  }, 60_000);
});
