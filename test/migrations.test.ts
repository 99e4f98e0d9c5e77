/**
 * Migration sets. The store's tables (drafts, saved accounts) used to be made by the money set's
 * 002_bot.sql; they now come from the store's own set. A database migrated by the old layout (that
 * file recorded, its tables full) must open with the new runner and keep its data; a new database
 * gets the tables from the store's set alone. Against PostgreSQL and PGlite.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { type Db, migrate, openDb, splitSql } from "../src/db/index.js";
import { balanceOf, post } from "../src/money/ledger.js";
import { MONEY_MIGRATIONS } from "../src/money/index.js";
import type { Lookup } from "../src/providers/index.js";
import { MIGRATIONS } from "../src/services.js";
import { createAccountStore } from "../src/store/accounts.js";
import { createDraftStore } from "../src/store/drafts.js";
import { TEST_DATABASE_URL, uniqueName } from "./support/db.js";

/** What the old runner applied, in order: the money set, 002_bot.sql included. */
const OLD_LAYOUT: [id: string, sql: string][] = [
  ["001_ledger.sql", readFileSync(join(MONEY_MIGRATIONS.dir, "001_ledger.sql"), "utf8")],
  ["002_bot.sql", readFileSync(new URL("./fixtures/old-money-002_bot.sql", import.meta.url), "utf8")],
  ["003_shared_accounts.sql", readFileSync(join(MONEY_MIGRATIONS.dir, "003_shared_accounts.sql"), "utf8")],
  ["004_apply_outcome.sql", readFileSync(join(MONEY_MIGRATIONS.dir, "004_apply_outcome.sql"), "utf8")],
];

const lookup: Lookup = {
  isp: "worldlink",
  route: { aggregator: "khalti", family: "worldlink-v2", accountField: "username" },
  account: "online_renew",
  customer: { name: "Online Renew" },
  options: [{ key: "pkg-1", label: "Fiber 40 Mbps", kind: "package", amountPaisa: 491_500, commit: { package_id: 1 } }],
  session: {},
  at: "2026-11-23T00:00:00.000Z",
};

/** Every migration file of every set, as the runner records it. */
const everyMigration = () =>
  MIGRATIONS.flatMap((set) => readdirSync(set.dir).filter((f) => f.endsWith(".sql")).map((f) => `${set.prefix ?? ""}${f}`));

const recorded = async (db: Db) =>
  (await db.query<{ id: string }>("SELECT id FROM schema_migrations ORDER BY id")).rows.map((r) => r.id);

describe.each(["postgres", "pglite"] as const)("migration sets on %s", (backend) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0)) await c();
  });

  /** An empty database: no migration applied. */
  async function emptyDb(): Promise<Db> {
    if (backend === "pglite") {
      const db = await openDb({ migrations: [] });
      cleanups.push(() => db.close());
      return db;
    }
    const schema = uniqueName("t_migrations").toLowerCase();
    const db = await openDb({ databaseUrl: TEST_DATABASE_URL, schema, migrations: [] });
    cleanups.push(async () => {
      await db.close();
      const c = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await c.end();
    });
    return db;
  }

  it("opens a database migrated by the old layout and keeps its drafts, saved accounts and money", async () => {
    const db = await emptyDb();
    // The old layout, applied by hand as the old runner did: each file, then its id.
    for (const [id, sql] of OLD_LAYOUT) {
      await db.transaction(async (tx) => {
        for (const statement of splitSql(sql)) await tx.query(statement);
        await tx.query("INSERT INTO schema_migrations (id) VALUES ($1)", [id]);
      });
    }
    // Data the old code wrote: a saved account, a draft, and a wallet funded the way the old ledger did.
    const accounts = createAccountStore(db);
    const drafts = createDraftStore(db);
    const saved = await accounts.save({ userId: 7, name: "Home", isp: "worldlink", account: "online_renew", connection: null });
    const draft = await drafts.create({ userId: 7, chatId: 7, isp: "worldlink", account: "online_renew", lookup });
    await db.transaction(async (tx) => {
      await tx.query("INSERT INTO accounts (id, kind, owner_user_id, allow_negative) VALUES ('wallet:7', 'wallet', 7, false), ('source:admin-grants', 'source', NULL, true)");
      const e = await tx.query<{ id: number }>("INSERT INTO journal_entries (kind, actor) VALUES ('grant', 'admin:1') RETURNING id");
      await tx.query("INSERT INTO journal_lines (entry_id, account_id, amount_paisa) VALUES ($1, 'wallet:7', 50000), ($1, 'source:admin-grants', -50000)", [e.rows[0]!.id]);
    });

    // The new runner, twice (a second start changes nothing).
    await migrate(db, MIGRATIONS);
    await migrate(db, MIGRATIONS);

    // The old layout's files stay recorded, and every file of every set is applied once.
    expect(await recorded(db)).toEqual([...new Set([...OLD_LAYOUT.map(([id]) => id), ...everyMigration()])].sort());
    expect(await accounts.list(7)).toEqual([saved]);
    expect(await drafts.get(draft.id, 7)).toMatchObject({ id: draft.id, state: "open", lookup });
    expect(await balanceOf(db, "wallet:7")).toEqual({ balancePaisa: 50_000, heldPaisa: 0, availablePaisa: 50_000 });
    // And everything works on it: the store, and the ledger's new write path.
    expect(await drafts.choose(draft.id, 7, 0, 900)).toMatchObject({ optionKey: "pkg-1", state: "confirming" });
    expect(await accounts.save({ userId: 7, name: "Office", isp: "worldlink", account: "office_renew", connection: null })).toMatchObject({ name: "Office" });
    await post(db, { kind: "grant", actor: "admin:1", lines: [{ accountId: "wallet:7", amountPaisa: 25_000 }, { accountId: "source:admin-grants", amountPaisa: -25_000 }] });
    expect((await balanceOf(db, "wallet:7")).balancePaisa).toBe(75_000);
  });

  it("gives a new database the store's tables from the store's set, without the old file", async () => {
    const db = await emptyDb();
    await migrate(db, MIGRATIONS);
    const ids = await recorded(db);
    expect(ids).toContain("store/001_drafts_accounts.sql");
    expect(ids).not.toContain("002_bot.sql");
    const accounts = createAccountStore(db);
    await accounts.save({ userId: 8, name: "Home", isp: "worldlink", account: "online_renew", connection: null });
    expect((await accounts.list(8)).map((a) => a.name)).toEqual(["Home"]);
    expect(await createDraftStore(db).create({ userId: 8, chatId: 8, isp: "worldlink", account: "online_renew", lookup })).toMatchObject({ state: "open" });
  });
});
