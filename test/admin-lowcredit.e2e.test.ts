/**
 * The aggregators' credit running low: with `LOW_CREDIT_WARN_RUPEES` above what the sandbox's Khalti
 * account holds, the periodic check warns every admin once (not on every run), and /stats shows
 * the warning. The real bot, the Bot API emulator, the sandbox, Redis (BullMQ jobs) and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, lastText, startHarness, until } from "./support/bot-harness.js";

const ADMINS = [7_500_001, 7_500_002];
let h: Harness;

beforeAll(async () => {
  h = await startHarness({
    name: "lowcredit",
    // The sandbox's Khalti account starts with Rs 1,00,00,000; warn below twice that.
    env: { ADMIN_IDS: ADMINS.join(","), LOW_CREDIT_WARN_RUPEES: "20000000" },
    app: { jobIntervals: { reconcileMs: 250, notifyMs: 250, idleMs: 250, creditMs: 200 } },
  });
});
afterAll(async () => {
  await h?.stop();
});

describe("low aggregator credit", () => {
  it("warns every admin once while it stands, and /stats says so", async () => {
    const warnings = (id: number) => h.fake.messages(id).filter((m) => m.fromBot && /⚠️ Khalti credit is low/.test(m.text ?? ""));
    await until(h.fake, () => ADMINS.every((id) => warnings(id).length === 1), "a warning to each admin");
    expect(warnings(ADMINS[0]!)[0]!.text).toBe("Khalti credit: Rs 1,00,00,000.00\n⚠️ Khalti credit is low: Rs 1,00,00,000.00, below Rs 2,00,00,000.00. Top it up with the aggregator.");
    // Many more runs of the check: still one warning each.
    await new Promise((r) => setTimeout(r, 1500));
    expect(ADMINS.map((id) => warnings(id).length)).toEqual([1, 1]);

    const admin = h.fake.user(ADMINS[0]!, { firstName: "Asha" });
    admin.sendText("/stats");
    await until(h.fake, () => /📊 Today/.test(lastText(admin)), "stats");
    expect(lastText(admin)).toMatch(/Khalti credit: Rs 1,00,00,000.00\n⚠️ Khalti credit is low/);
  });
});
