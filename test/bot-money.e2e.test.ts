/**
 * The bot when money gets interesting: pending then reconciled, failure, a short wallet topped up
 * by invoice, a double-tapped Pay, altered button data. Real bot, fake Bot API, sandbox, Redis,
 * PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeUser } from "../src/playground/bot-api.js";
import { buttonOf, type Harness, lastText, press, startHarness, until } from "./support/bot-harness.js";

let h: Harness;
let nextUser = 8_000_001;
const newUser = () => h.fake.user(nextUser++, { firstName: "Hari", languageCode: "en" });
const waitText = (user: FakeUser, re: RegExp) => until(h.fake, () => re.test(lastText(user)), String(re));
const expiredAnswers = () =>
  h.fake.calls.filter((c) => c.method === "answerCallbackQuery" && (c.params as { text?: string }).text === "This button has expired.").length;

beforeAll(async () => {
  h = await startHarness({ name: "money", env: { PAYMENT_PROVIDER_TOKEN: "284685063:TEST:provider-token" } });
});
afterAll(async () => {
  await h?.stop();
});

async function toConfirmation(user: FakeUser, account = "online_renew", option = /^✓ Value Standard/) {
  user.sendText("/renew");
  await waitText(user, /Choose your internet provider/);
  user.sendText("worldlink");
  await waitText(user, /Providers matching/);
  press(user, /^WorldLink$/);
  await waitText(user, /type the username/);
  user.sendText(account);
  await waitText(user, /Choose what to pay/);
  press(user, option);
  await waitText(user, /Please confirm/);
}

describe("paying", () => {
  it("pending: the money stays held, the payer is told plainly, and told again when it settles", async () => {
    const user = newUser();
    await h.fund(user.id, 10_000);
    await toConfirmation(user);
    h.sandbox.injectFault({ fault: "queued", on: "commit", settleAfterMs: 3_600_000 });
    press(user, /^✅ Pay/);
    await waitText(user, /waiting for confirmation from the provider/);
    expect(lastText(user)).toMatch(/held in your wallet, not spent/);
    expect(await h.money.balance(user.id)).toMatchObject({ heldPaisa: 491_500, balancePaisa: 1_000_000 });
    const reference = /Reference: (\d+)/.exec(lastText(user))![1]!;
    h.sandbox.settle(reference, "Success");
    // Reconciliation (a background job) settles it and the payer gets a message with the receipt.
    await until(h.fake, () => /Good news: your pending payment of Rs 4,915.00/.test(lastText(user)), "resolution message", 10_000);
    expect(lastText(user)).toMatch(/Receipt No\. \d+/);
    expect(await h.money.balance(user.id)).toMatchObject({ heldPaisa: 0, balancePaisa: 508_500 });
  });

  it("a second renewal of an account whose payment is pending does not pay again: it says the payment is being checked", async () => {
    const user = newUser();
    await h.fund(user.id, 20_000);
    await toConfirmation(user);
    h.sandbox.injectFault({ fault: "queued", on: "commit", settleAfterMs: 3_600_000 });
    press(user, /^✅ Pay/);
    await waitText(user, /waiting for confirmation from the provider/);
    const reference = /Reference: (\d+)/.exec(lastText(user))![1]!;
    const commits = h.sandbox.commits.length;
    // "Try again": a new renewal of the same account, the same option.
    await toConfirmation(user);
    press(user, /^✅ Pay/);
    await waitText(user, /Your earlier payment for online_renew is still being checked with the provider/);
    expect(lastText(user)).toMatch(/Nothing was charged this time/);
    expect(h.sandbox.commits.length).toBe(commits);
    expect(await h.money.balance(user.id)).toMatchObject({ balancePaisa: 2_000_000, heldPaisa: 491_500 });
    expect((await h.money.history(user.id)).map((p) => p.reference)).toEqual([reference]);
    // Once it is settled, the payer is told, and the account can be renewed again.
    h.sandbox.settle(reference, "Success");
    await until(h.fake, () => /Good news: your pending payment/.test(lastText(user)), "resolution message", 10_000);
    await toConfirmation(user, "online_renew", /40mbps\/3 mths/);
    press(user, /^✅ Pay/);
    await waitText(user, /Paid\./);
  });

  it("failure: the aggregator's reason and 'not charged'", async () => {
    const user = newUser();
    await h.fund(user.id, 10_000);
    await toConfirmation(user);
    h.sandbox.injectFault({ fault: "failed", on: "commit" });
    press(user, /^✅ Pay/);
    await waitText(user, /did not go through: Transaction failed at the provider \(sandbox\)\nYour wallet was not charged/);
    expect(await h.money.balance(user.id)).toEqual({ balancePaisa: 1_000_000, heldPaisa: 0, availablePaisa: 1_000_000 });
  });

  it("a double-tapped Pay commits once", async () => {
    const user = newUser();
    await h.fund(user.id, 10_000);
    await toConfirmation(user);
    const { msg, data: pay } = buttonOf(user, /^✅ Pay/);
    const before = h.sandbox.commits.length;
    user.pressButton(msg, pay);
    user.pressButton(msg, pay);
    await waitText(user, /Paid\./);
    await new Promise((r) => setTimeout(r, 300));
    expect(h.sandbox.commits.length - before).toBe(1);
    expect((await h.money.balance(user.id)).balancePaisa).toBe(1_000_000 - 491_500);
    const answers = h.fake.calls.filter((c) => c.method === "answerCallbackQuery").slice(-2);
    expect(answers).toHaveLength(2);
  });

  it("a short wallet: an NPR invoice for the shortfall; paid, the wallet is credited once and the renewal finishes by itself", async () => {
    const user = newUser();
    await h.fund(user.id, 1_000);
    await toConfirmation(user);
    expect(lastText(user)).toMatch(/Wallet: Rs 1,000.00\. You need Rs 3,915.00 more/);
    press(user, /Top up Rs 3,915.00 by card/);
    await until(h.fake, () => h.fake.calls.some((c) => c.method === "sendInvoice" && (c.params as { chat_id: number }).chat_id === user.id), "invoice");
    const invoice = h.fake.calls.filter((c) => c.method === "sendInvoice").at(-1)!.params as { payload: string; currency: string; prices: { amount: number }[] };
    expect(invoice.currency).toBe("NPR");
    expect(invoice.prices).toEqual([{ label: "Wallet top-up", amount: 391_500 }]);
    // A tampered amount is refused at pre-checkout.
    user.preCheckout({ currency: "NPR", totalAmount: 100, payload: invoice.payload });
    await until(h.fake, () => h.fake.calls.some((c) => c.method === "answerPreCheckoutQuery" && (c.params as { ok: boolean }).ok === false), "refused pre-checkout");
    user.preCheckout({ currency: "NPR", totalAmount: 391_500, payload: invoice.payload });
    const ok = await h.fake.waitForCall((c) => c.method === "answerPreCheckoutQuery" && (c.params as { ok: boolean }).ok === true);
    expect(ok).toBeDefined();
    user.successfulPayment({ currency: "NPR", totalAmount: 391_500, payload: invoice.payload, chargeId: `charge-${user.id}` });
    await waitText(user, /Paid\. Your internet is renewed/);
    // The same charge delivered again credits nothing.
    user.successfulPayment({ currency: "NPR", totalAmount: 391_500, payload: invoice.payload, chargeId: `charge-${user.id}` });
    await new Promise((r) => setTimeout(r, 400));
    expect(await h.money.balance(user.id)).toEqual({ balancePaisa: 0, heldPaisa: 0, availablePaisa: 0 });
  });

  it("Pay claims a draft once: a second claim sees it being paid; a wrong option or another user finds nothing", async () => {
    const user = newUser();
    const other = newUser();
    await h.fund(user.id, 10_000);
    await toConfirmation(user);
    const { data: pay } = buttonOf(user, /^✅ Pay/);
    const [, id, n] = /^d:([\w-]+):pay:(\d+)$/.exec(pay)!;
    const drafts = h.app.deps.drafts;
    expect(await drafts.startPaying(id!, other.id, Number(n), 900)).toBeUndefined();
    expect(await drafts.startPaying(id!, user.id, Number(n) + 1, 900)).toBeUndefined();
    const first = await drafts.startPaying(id!, user.id, Number(n), 900);
    expect(first).toMatchObject({ was: "confirming", saved: false, draft: { state: "paying", userId: user.id } });
    expect(await drafts.startPaying(id!, user.id, Number(n), 900)).toMatchObject({ was: "paying" });
    // The button, pressed now, is told the renewal is being paid, and nothing is committed.
    const before = h.sandbox.commits.length;
    user.pressButton(user.lastBotMessage()!, pay);
    await until(h.fake, () => h.fake.calls.some((c) => c.method === "answerCallbackQuery" && (c.params as { text?: string }).text === "This renewal is already being paid."), "already paying");
    expect(h.sandbox.commits.length).toBe(before);
    await drafts.finish(id!, "cancelled");
  });

  it("altered or foreign button data is answered 'expired' and does nothing", async () => {
    const owner = newUser();
    const other = newUser();
    await h.fund(owner.id, 10_000);
    await h.fund(other.id, 10_000);
    await toConfirmation(owner);
    const { msg, data: pay } = buttonOf(owner, /^✅ Pay/);
    const before = h.sandbox.commits.length;
    const base = expiredAnswers();
    for (const data of [pay.replace(/:pay:\d+$/, ":pay:7x"), pay.replace(/:pay:\d+$/, ":pay:99"), pay.replace(/^d:\w/, "d:Z"), "d:AAAAAAAAAAAA:o:99", "i:not-an-isp", "x".repeat(70), "m:admin"]) {
      owner.pressButton(msg, data);
    }
    // Another user pressing the owner's Pay (forwarded message, forged update): not theirs.
    other.pressButton(msg, pay);
    await until(h.fake, () => expiredAnswers() >= base + 8, "8 expired answers");
    expect(h.sandbox.commits.length).toBe(before);
    expect((await h.money.balance(owner.id)).balancePaisa).toBe(1_000_000);
    // The real button still works.
    owner.pressButton(msg, pay);
    await waitText(owner, /Paid\./);
  });

  it("Pay on an older confirmation, after another option was chosen, has expired", async () => {
    const user = newUser();
    await h.fund(user.id, 20_000);
    await toConfirmation(user);
    const { msg: first, data: payFirst } = buttonOf(user, /^✅ Pay/);
    expect(lastText(user)).toMatch(/Total: Rs 4,915.00/);
    // Back to the options, choose another one: the same message now confirms Rs 5,932.00.
    press(user, /^⬅️ Back/);
    await waitText(user, /Choose what to pay/);
    press(user, /40mbps\/3 mths/);
    await waitText(user, /Total: Rs 5,932.00/);
    const before = h.sandbox.commits.length;
    const base = expiredAnswers();
    // The first screen's Pay (as a client that kept the old keyboard would send it) pays nothing.
    user.pressButton(first, payFirst);
    await until(h.fake, () => expiredAnswers() >= base + 1, "expired");
    expect(h.sandbox.commits.length).toBe(before);
    press(user, /^✅ Pay Rs 5,932.00/);
    await waitText(user, /Paid\./);
    expect(lastText(user)).toMatch(/Amount: Rs 5,932.00/);
  });

  it("a button of a finished renewal has expired", async () => {
    const user = newUser();
    await h.fund(user.id, 10_000);
    await toConfirmation(user);
    const { msg, data: pay } = buttonOf(user, /^✅ Pay/);
    const back = user.buttons(msg).find((b) => b.text.startsWith("⬅️ Back"))!.data!;
    user.pressButton(msg, pay);
    await waitText(user, /Paid\./);
    const n = h.sandbox.commits.length;
    const base = expiredAnswers();
    user.pressButton(msg, back);
    user.pressButton(msg, pay);
    await until(h.fake, () => expiredAnswers() >= base + 2, "expired");
    expect(h.sandbox.commits.length).toBe(n);
  });
});
