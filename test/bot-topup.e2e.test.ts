/**
 * Card top-ups: credited only for an invoice this bot issued to this user, in NPR, for exactly its
 * amount; never dropped by the flood limit; a credit that fails (the database refuses) is logged
 * with the charge id and amount and lands later, once.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FakeUser } from "../src/playground/bot-api.js";
import { type Harness, lastText, press, startHarness, until } from "./support/bot-harness.js";
import { TEST_DATABASE_URL } from "./support/db.js";

let h: Harness;
const log: string[] = [];
let nextUser = 9_800_001;
const newUser = () => h.fake.user(nextUser++, { firstName: "Kiran", languageCode: "en" });
const waitText = (user: FakeUser, re: RegExp) => until(h.fake, () => re.test(lastText(user)), String(re));

beforeAll(async () => {
  h = await startHarness({
    name: "topup",
    env: { PAYMENT_PROVIDER_TOKEN: "284685063:TEST:provider-token" },
    app: { jobIntervals: { reconcileMs: 250, notifyMs: 250, idleMs: 250, topUpsMs: 200 } },
    log: { write: (line) => void log.push(line) },
  });
});
afterAll(async () => {
  await h?.stop();
});

/** A renewal short of money, and the invoice the bot sent for the shortfall. */
async function invoiceFor(user: FakeUser): Promise<{ payload: string; amount: number }> {
  await h.fund(user.id, 1_000);
  user.sendText("/renew");
  await waitText(user, /Choose your internet provider/);
  user.sendText("worldlink");
  await waitText(user, /Providers matching/);
  press(user, /^WorldLink$/);
  await waitText(user, /type the username/);
  user.sendText("online_renew");
  await waitText(user, /Choose what to pay/);
  press(user, /^✓ Value Standard/);
  await waitText(user, /Please confirm/);
  press(user, /Top up Rs 3,915.00 by card/);
  await until(h.fake, () => h.fake.calls.some((c) => c.method === "sendInvoice" && c.params.chat_id === user.id), "invoice");
  const sent = h.fake.calls.filter((c) => c.method === "sendInvoice" && c.params.chat_id === user.id).at(-1)!.params as { payload: string; prices: { amount: number }[] };
  return { payload: sent.payload, amount: sent.prices[0]!.amount };
}

describe("card top-ups", () => {
  it("credit nothing for a payment that names no invoice of ours, another user's, another amount or currency", async () => {
    const user = newUser();
    const other = newUser();
    const { payload, amount } = await invoiceFor(user);
    const before = await h.money.balance(user.id);
    user.successfulPayment({ currency: "NPR", totalAmount: amount, payload: "inv:AAAAAAAAAAAAAAAA", chargeId: "forged-1" });
    user.successfulPayment({ currency: "NPR", totalAmount: amount + 100, payload, chargeId: "forged-2" });
    user.successfulPayment({ currency: "USD", totalAmount: amount, payload, chargeId: "forged-3" });
    other.successfulPayment({ currency: "NPR", totalAmount: amount, payload, chargeId: "forged-4" });
    await until(h.fake, () => h.fake.messages(other.id).some((m) => m.fromBot && /does not match an invoice/.test(m.text ?? "")), "the other user told");
    await until(h.fake, () => h.fake.messages(user.id).filter((m) => m.fromBot && /does not match an invoice/.test(m.text ?? "")).length === 3, "three refusals");
    expect(await h.money.balance(user.id)).toEqual(before);
    expect(await h.money.balance(other.id)).toMatchObject({ balancePaisa: 0 });
    expect(log.filter((l) => /names no invoice of ours/.test(l)).map((l) => JSON.parse(l).chargeId).sort()).toEqual(["tg-forged-1", "tg-forged-2", "tg-forged-3", "tg-forged-4"]);
  });

  it("are credited even in the middle of a flood, and the renewal finishes", async () => {
    const user = newUser();
    const { payload, amount } = await invoiceFor(user);
    for (let i = 0; i < 25; i++) user.sendText(`hello ${i}`);
    user.successfulPayment({ currency: "NPR", totalAmount: amount, payload, chargeId: `flood-${user.id}` });
    await until(h.fake, () => h.fake.messages(user.id).some((m) => m.fromBot && /was added to your wallet/.test(m.text ?? "")), "credited", 10_000);
    await until(h.fake, () => h.fake.messages(user.id).some((m) => m.fromBot && /Paid\. Your internet is renewed/.test(m.text ?? "")), "renewed", 10_000);
  });

  it("a credit the database refuses is logged with its charge id and amount, and lands once when it can", async () => {
    const user = newUser();
    const { payload, amount } = await invoiceFor(user);
    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    const table = `${h.db.schema}.journal_entries`;
    await admin.query(`CREATE FUNCTION ${h.db.schema}.refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk full'; END $$`);
    await admin.query(`CREATE TRIGGER refuse BEFORE INSERT ON ${table} FOR EACH ROW EXECUTE FUNCTION ${h.db.schema}.refuse()`);
    try {
      user.successfulPayment({ currency: "NPR", totalAmount: amount, payload, chargeId: `down-${user.id}` });
      await waitText(user, /could not add it to your wallet just now/);
      const line = log.map((l) => JSON.parse(l) as { msg: string; chargeId?: string; amountPaisa?: number }).find((l) => /top-up not credited yet/.test(l.msg));
      expect(line).toMatchObject({ chargeId: `tg-down-${user.id}`, amountPaisa: amount });
      await new Promise((r) => setTimeout(r, 600));
      expect((await h.money.balance(user.id)).balancePaisa).toBe(100_000);
    } finally {
      await admin.query(`DROP TRIGGER refuse ON ${table}`);
      await admin.end();
    }
    await until(h.fake, () => h.fake.messages(user.id).some((m) => m.fromBot && /was added to your wallet/.test(m.text ?? "")), "credited later", 10_000);
    expect((await h.money.balance(user.id)).balancePaisa).toBe(100_000 + amount);
    // The same charge delivered again credits nothing more.
    user.successfulPayment({ currency: "NPR", totalAmount: amount, payload, chargeId: `down-${user.id}` });
    await new Promise((r) => setTimeout(r, 500));
    expect((await h.money.balance(user.id)).balancePaisa).toBe(100_000 + amount);
  });
});
