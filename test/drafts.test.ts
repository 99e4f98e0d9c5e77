/**
 * Renewal drafts keep the customer's looked-up details (name, plan, options) only for the retention
 * period: `drafts.purge` removes them from finished drafts and from drafts left open. Against
 * PostgreSQL and PGlite.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.js";
import type { Lookup } from "../src/providers/index.js";
import { createDraftStore, type DraftStore } from "../src/store/drafts.js";
import { BACKENDS, type TestDb } from "./support/db.js";

const lookup: Lookup = {
  isp: "worldlink",
  route: { aggregator: "khalti", family: "worldlink-v2", accountField: "username" },
  account: "online_renew",
  customer: { name: "Online Renew", plan: "Fiber 40 Mbps" },
  options: [{ key: "pkg-1", label: "Fiber 40 Mbps", kind: "package", amountPaisa: 491_500, commit: { package_id: 1 } }],
  session: {},
  at: "2026-11-23T00:00:00.000Z",
};

describe("DRAFT_RETENTION_DAYS", () => {
  it("defaults to 30 days and takes 1 to 3650", () => {
    expect(loadConfig({}).store.draftRetentionDays).toBe(30);
    expect(loadConfig({ DRAFT_RETENTION_DAYS: "7" }).store.draftRetentionDays).toBe(7);
    expect(() => loadConfig({ DRAFT_RETENTION_DAYS: "0" })).toThrow(/DRAFT_RETENTION_DAYS: must be between 1 and 3650/);
  });
});

describe.each(BACKENDS)("drafts on $name", ({ open }) => {
  let t: TestDb;
  let drafts: DraftStore;
  beforeAll(async () => {
    t = await open("drafts");
    drafts = createDraftStore(t.db);
  });
  afterAll(async () => {
    await t?.drop();
  });

  /** A draft of `userId` in `state`, last used `daysAgo` days ago. */
  async function draftOf(userId: number, state: "open" | "confirming" | "paying" | "done" | "cancelled", daysAgo: number) {
    const d = await drafts.create({ userId, chatId: userId, isp: "worldlink", account: "online_renew", lookup });
    if (state !== "open") {
      expect(await drafts.choose(d.id, userId, 0, 900)).toBeDefined();
      if (state === "paying") await drafts.startPaying(d.id, userId, 0, 900);
      if (state === "done" || state === "cancelled") await drafts.finish(d.id, state);
    }
    await t.db.query("UPDATE renewal_drafts SET updated_at = now() - make_interval(days => $2) WHERE id = $1", [d.id, daysAgo]);
    return d.id;
  }

  it("purge removes the lookup of drafts last used before the retention period, and cancels those left open", async () => {
    const user = 51;
    const old = {
      done: await draftOf(user, "done", 31),
      cancelled: await draftOf(user, "cancelled", 45),
      open: await draftOf(user, "open", 31),
      confirming: await draftOf(user, "confirming", 60),
      paying: await draftOf(user, "paying", 90),
    };
    const recent = {
      done: await draftOf(user, "done", 29),
      open: await draftOf(user, "open", 0),
      confirming: await draftOf(user, "confirming", 1),
    };
    expect(await drafts.purge(30)).toBe(5);
    for (const [state, id] of Object.entries(old)) {
      const d = (await drafts.get(id, user))!;
      expect({ state, lookup: d.lookup, optionKey: d.optionKey }).toEqual({ state, lookup: null, optionKey: null });
      expect(d.state).toBe(state === "open" || state === "confirming" ? "cancelled" : state);
    }
    for (const id of Object.values(recent)) expect((await drafts.get(id, user))!.lookup).toEqual(lookup);
    // What is purged stays purged, and nothing of it can be used any more.
    expect(await drafts.purge(30)).toBe(0);
    expect(await drafts.claim(old.open, user, ["open", "confirming", "cancelled"], 1e9)).toBeUndefined();
    expect(await drafts.startPaying(old.paying, user, 0, null)).toBeUndefined();
    // A shorter period reaches the recent finished one too.
    expect(await drafts.purge(2)).toBe(1);
    expect((await drafts.get(recent.done, user))!.lookup).toBeNull();
    await expect(drafts.purge(0)).rejects.toThrow(RangeError);
  });
});
