/**
 * Sandbox money stays in the sandbox: a ledger records whether it serves the built-in sandbox or real
 * aggregators, and a process of the other kind is refused; the embedded sandbox keeps its money in a
 * data folder of its own.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.js";
import { LedgerModeMismatch } from "../src/money/mode.js";
import { dataDirFor, openServices } from "../src/services.js";
import { BACKENDS } from "./support/db.js";

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe.each(BACKENDS)("the ledger's kind ($name)", ({ name, open }) => {
  const config = loadConfig({ NODE_ENV: "test" });

  it("refuses the sandbox on a ledger that paid real aggregators", async () => {
    const t = await open(`mode_${name}`);
    try {
      const real = await openServices(config, { db: t.db, mode: "aggregators" });
      await real.money.grant({ userId: 1, amountPaisa: 100, adminId: 9 });
      await expect(openServices(config, { db: t.db, mode: "sandbox" })).rejects.toBeInstanceOf(LedgerModeMismatch);
      // The same kind opens it again.
      await expect(openServices(config, { db: t.db, mode: "aggregators" })).resolves.toBeDefined();
    } finally {
      await t.drop();
    }
  });

  it("refuses real aggregators on a ledger that holds the sandbox's test money", async () => {
    const t = await open(`mode2_${name}`);
    try {
      const sandbox = await openServices(config, { db: t.db, mode: "sandbox" });
      await sandbox.money.grant({ userId: 1, amountPaisa: 1_000_000, adminId: "sandbox" });
      const refused = openServices(config, { db: t.db, mode: "aggregators" });
      await expect(refused).rejects.toThrow(/sandbox's test money: real aggregators may not be paid from it/);
    } finally {
      await t.drop();
    }
  });
});

describe("the embedded database", () => {
  it("keeps the sandbox's money in a folder of its own, so both kinds run on one DATA_DIR", async () => {
    const dir = mkdtempSync(join(tmpdir(), "renew-mode-"));
    dirs.push(dir);
    const config = loadConfig({ DATA_DIR: dir, NODE_ENV: "test" });
    expect(dataDirFor(config, "sandbox")).toBe(join(dir, "sandbox"));
    const sandbox = await openServices(config, { mode: "sandbox" });
    await sandbox.money.grant({ userId: 7, amountPaisa: 1_000_000, adminId: "sandbox" });
    await sandbox.close();
    const real = await openServices(config, { mode: "aggregators" });
    expect((await real.money.balance(7)).balancePaisa).toBe(0);
    await real.close();
  });
});
