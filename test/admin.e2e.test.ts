/**
 * Running the service, end to end: the real bot against the Bot API emulator, the sandbox
 * aggregators, Redis and PostgreSQL. Admins add and remove agents, approve requests, fund wallets and
 * floats, resolve payments whose outcome is unknown, find payments and read the figures; a customer
 * who tries any of it (forged buttons too) changes nothing.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Payment } from "../src/money/index.js";
import { formatRupees } from "../src/shared/amount.js";
import type { FakeMessage, FakeUser } from "../src/playground/bot-api.js";
import { buttonOf, type Harness, lastText, press, startHarness, until } from "./support/bot-harness.js";

/** Admins: each test acts as a fresh one (the flood limit counts 20 updates per 10 s per user); ADMIN2 is "another admin". */
const ADMINS = Array.from({ length: 20 }, (_, i) => 7_000_001 + i);
const ADMIN2 = 7_000_100;
let ADMIN = ADMINS[0]!;
let h: Harness;
const logLines: string[] = [];
let nextUser = 7_100_001;
const newUser = (firstName = "Hari") => h.fake.user(nextUser++, { firstName, languageCode: "en" });
let admin: FakeUser;
let admin2: FakeUser;

const waitText = (user: FakeUser, re: RegExp, what = String(re)) => until(h.fake, () => re.test(lastText(user)), what);
/** The bot's messages to a user (after edits), oldest first. */
const botMessages = (user: FakeUser) => h.fake.messages(user.id).filter((m) => m.fromBot && !m.deleted);
/** Waits for a bot message to `user` whose text matches `re` (not only the last one). */
async function waitMessage(user: FakeUser, re: RegExp): Promise<FakeMessage> {
  await until(h.fake, () => botMessages(user).some((m) => re.test(m.text ?? "")), String(re));
  return botMessages(user).filter((m) => re.test(m.text ?? "")).at(-1)!;
}
/** Presses the button labelled `label` on `message`. */
function pressOn(user: FakeUser, message: FakeMessage, label: RegExp): void {
  const button = user.buttons(message).find((b) => label.test(b.text));
  if (!button?.data) throw new Error(`no button ${label} in: ${user.buttons(message).map((b) => b.text).join(" | ")}`);
  user.pressButton(message, button.data);
}
/** The commands in a user's own menu (chat scope), English. */
const menuOf = async (userId: number) => (await h.app.bot.api.getMyCommands({ scope: { type: "chat", chat_id: userId } })).map((c) => c.command);
const rows = async <T>(sql: string, params: unknown[] = []) => (await h.db.db.query<T>(sql, params)).rows;

/** A payment the aggregator leaves Queued (its outcome unknown), paid from `payer`'s wallet or float. */
async function pendingPayment(payer: number, from: "wallet" | "float" = "wallet"): Promise<Payment> {
  const lookup = await h.app.deps.services.upstream.lookup("worldlink", "online_renew");
  h.sandbox.injectFault({ fault: "queued", on: "commit", settleAfterMs: 3_600_000 });
  const r = await h.money.pay({ key: `t-${randomUUID()}`, payerUserId: payer, from, lookup, optionKey: lookup.options[0]!.key });
  expect(r.payment.state).toBe("pending");
  return r.payment;
}

beforeAll(async () => {
  h = await startHarness({
    name: "admin",
    env: { ADMIN_IDS: [...ADMINS, ADMIN2].join(","), RECONCILE_MAX_UNKNOWN: "2" },
    log: { write: (line) => void logLines.push(line) },
  });
  admin2 = h.fake.user(ADMIN2, { firstName: "Bimal", languageCode: "en" });
});
let nextAdmin = 0;
beforeEach(() => {
  ADMIN = ADMINS[nextAdmin++]!;
  admin = h.fake.user(ADMIN, { firstName: "Asha", languageCode: "en" });
});
afterAll(async () => {
  await h?.stop();
});

describe("agents", () => {
  it("/become_agent → the shop name → admins approve once → the user is an agent with the agent menu", async () => {
    const user = newUser("Ram");
    user.sendText("/become_agent");
    await waitText(user, /What is your shop's name\?/);
    user.sendText("   ");
    user.sendText("Ram Mobile Store");
    await waitText(user, /Your request for “Ram Mobile Store” went to the admins/);
    // Both admins get it, with Approve and Decline.
    const forAdmin = await waitMessage(admin, /Request #\d+ to become an agent: Ram \(\d+\), shop “Ram Mobile Store”/);
    const forAdmin2 = await waitMessage(admin2, /Request #\d+ to become an agent: Ram/);
    expect(admin.buttons(forAdmin).map((b) => b.text)).toEqual(["✅ Approve", "✖️ Decline"]);
    // A second request while one is open is not stored.
    user.sendText("/become_agent");
    await waitText(user, /waiting for an admin/);

    pressOn(admin, forAdmin, /Approve/);
    await until(h.fake, () => /approved: Ram \(\d+\) \(“Ram Mobile Store”\) is now an agent/.test(botMessages(admin).find((m) => m.messageId === forAdmin.messageId)?.text ?? ""), "approved");
    await waitText(user, /Your request for “Ram Mobile Store” was approved: you are now an agent/);
    expect(await h.app.deps.agents.isAgent(user.id)).toBe(true);
    expect(await menuOf(user.id)).toContain("cashin");
    expect(await menuOf(user.id)).toContain("statement");
    user.sendText("/start");
    await waitText(user, /What would you like to do/);
    expect(user.buttons().map((b) => b.text)).toContain("🧾 Pay for a customer");

    // The other admin's copy decides nothing more.
    pressOn(admin2, forAdmin2, /Decline/);
    await h.fake.waitForCall((c) => c.method === "answerCallbackQuery" && /already approved/.test(String(c.params.text)));
    expect(await h.app.deps.agents.isAgent(user.id)).toBe(true);
    const requests = await rows<{ state: string; decided_by: string }>("SELECT state, decided_by FROM agent_requests WHERE user_id = $1", [user.id]);
    expect(requests).toEqual([{ state: "approved", decided_by: `admin:${ADMIN}` }]);
    user.sendText("/become_agent");
    await waitText(user, /You are already an agent/);
  });

  it("a declined request leaves the user a customer, and they are told", async () => {
    const user = newUser("Gita");
    user.sendText("/become_agent");
    await waitText(user, /shop's name/);
    user.sendText("Gita Traders");
    const forAdmin = await waitMessage(admin, /Request #\d+ to become an agent: Gita/);
    pressOn(admin, forAdmin, /Decline/);
    await waitText(user, /“Gita Traders” to become an agent was declined/);
    expect(await h.app.deps.agents.isAgent(user.id)).toBe(false);
  });

  it("/agent add and remove: the menu follows, the user is told, and a removed agent loses access at once", async () => {
    const agent = newUser("Bikash");
    agent.sendText("/start");
    await waitText(agent, /What would you like to do/);
    expect(agent.buttons().map((b) => b.text)).not.toContain("🧾 Pay for a customer");

    admin.sendText(`/agent add ${agent.id}`);
    await waitText(admin, new RegExp(`✅ Bikash \\(${agent.id}\\) is now an agent`));
    await waitText(agent, /An admin made you an agent/);
    expect(await menuOf(agent.id)).toContain("cashin");
    admin.sendText(`/agent add ${agent.id}`);
    await waitText(admin, /is already an agent/);

    // An admin opens a credit to the agent's float; the agent is removed before it is confirmed.
    admin.sendText(`/credit ${agent.id} 1000`);
    await waitText(admin, /agent float of Bikash/);
    const credit = buttonOf(admin, /Add Rs 1,000.00 for Bikash/);

    agent.sendText("/start");
    await waitText(agent, /What would you like to do/);
    expect(agent.buttons().map((b) => b.text)).toContain("🧾 Pay for a customer");

    admin.sendText(`/agent remove ${agent.id}`);
    await waitText(admin, /is no longer an agent/);
    await waitText(agent, /You are no longer an agent/);
    // At once: the next update sees a customer; the agent's own menu is gone.
    agent.sendText("/start");
    await waitText(agent, /What would you like to do/);
    expect(agent.buttons().map((b) => b.text)).not.toContain("🧾 Pay for a customer");
    expect(await menuOf(agent.id)).toEqual([]);
    // The float credit opened while they were an agent funds nothing now.
    admin.pressButton(credit.msg, credit.data);
    await waitMessage(admin, /Bikash \(\d+\) is no longer an agent: nothing was added/);
    expect((await h.money.balance(agent.id, "float")).balancePaisa).toBe(0);
    admin.sendText(`/agent remove ${agent.id}`);
    await waitText(admin, /is not an agent/);
    admin.sendText("/agent promote 12");
    await waitText(admin, /Use: \/agent add <user-id>/);
  });

  it("/agents lists each agent with their float and today's payments for customers", async () => {
    const agent = newUser("Sunita");
    agent.sendText("/start");
    await waitText(agent, /What would you like to do/);
    await h.app.deps.agents.add(agent.id, `admin:${ADMIN}`, "Sunita Store");
    await h.money.grant({ userId: agent.id, amountPaisa: 2_000_000, adminId: ADMIN, to: "float" });
    const lookup = await h.app.deps.services.upstream.lookup("worldlink", "online_renew");
    const option = lookup.options[0]!;
    const paid = await h.money.pay({ key: `t-${randomUUID()}`, payerUserId: agent.id, from: "float", beneficiary: "customer online_renew", lookup, optionKey: option.key });
    expect(paid.payment.state).toBe("succeeded");
    admin.sendText("/agents");
    const list = await waitMessage(admin, /Sunita Store · Sunita/);
    expect(list.text).toContain(`Sunita Store · Sunita (${agent.id})\nFloat ${formatRupees(2_000_000 - option.amountPaisa)} · today ${formatRupees(option.amountPaisa)} (1)`);
  });
});

describe("/credit", () => {
  it("an admin funds an agent's float: the button names amount and person, credits once, and the ledger has the admin's id", async () => {
    const agent = newUser("Kiran");
    agent.sendText("/start");
    await waitText(agent, /What would you like to do/);
    admin.sendText(`/agent add ${agent.id}`);
    await waitText(admin, /is now an agent/);

    admin.sendText(`/credit ${agent.id} 5000 cash received at the office`);
    await waitText(admin, new RegExp(`Add Rs 5,000.00 to the agent float of Kiran \\(${agent.id}\\)`));
    expect(lastText(admin)).toMatch(/Note: cash received at the office/);
    const confirm = buttonOf(admin, /^✅ Add Rs 5,000.00 for Kiran$/);
    // Another admin cannot use this admin's confirmation.
    admin2.sendText("/start");
    await waitText(admin2, /What would you like to do/);
    admin2.pressButton(admin2.lastBotMessage()!, confirm.data);
    await h.fake.waitForCall((c) => c.method === "answerCallbackQuery" && c.params.text === "This button has expired.");
    expect((await h.money.balance(agent.id, "float")).balancePaisa).toBe(0);

    admin.pressButton(confirm.msg, confirm.data);
    await waitText(admin, /✅ Added Rs 5,000.00 to the agent float of Kiran \(\d+\)\. Float now Rs 5,000.00/);
    await waitMessage(agent, /Rs 5,000.00 was added to your agent float/);
    // Pressed again (an old keyboard): nothing more.
    admin.pressButton(confirm.msg, confirm.data);
    await waitText(admin, /already made/);
    expect(await h.money.balance(agent.id, "float")).toEqual({ balancePaisa: 500_000, heldPaisa: 0, availablePaisa: 500_000 });
    expect((await h.money.balance(agent.id)).balancePaisa).toBe(0);
    const entries = await rows<{ kind: string; actor: string; memo: string; amount_paisa: number }>(
      `SELECT e.kind, e.actor, e.memo, l.amount_paisa FROM journal_entries e JOIN journal_lines l ON l.entry_id = e.id WHERE l.account_id = $1`,
      [`float:${agent.id}`],
    );
    expect(entries).toEqual([{ kind: "float", actor: `admin:${ADMIN}`, memo: "cash received at the office", amount_paisa: 500_000 }]);
    expect((await h.money.audit()).ok).toBe(true);
  });

  it("works for any wallet: an unknown user is named by id; cancel credits nothing; bad arguments get the usage", async () => {
    const stranger = 7_199_999;
    admin.sendText(`/credit ${stranger} 250.50`);
    await waitText(admin, new RegExp(`Add Rs 250.50 to the wallet of ${stranger}\\?`));
    const cancel = buttonOf(admin, /Cancel/);
    const confirm = buttonOf(admin, new RegExp(`Add Rs 250.50 for ${stranger}`));
    admin.pressButton(cancel.msg, cancel.data);
    await waitText(admin, /Cancelled: nothing was added/);
    admin.pressButton(confirm.msg, confirm.data);
    await waitText(admin, /Cancelled: nothing was added/);
    expect((await h.money.balance(stranger)).balancePaisa).toBe(0);

    admin.sendText(`/credit ${stranger} 250.50`);
    await waitText(admin, /to the wallet of/);
    press(admin, /^✅ Add/);
    await waitText(admin, new RegExp(`Added Rs 250.50 to the wallet of ${stranger}\\. Wallet now Rs 250.50`));
    const entries = await rows<{ kind: string; actor: string }>(
      "SELECT e.kind, e.actor FROM journal_entries e JOIN journal_lines l ON l.entry_id = e.id WHERE l.account_id = $1",
      [`wallet:${stranger}`],
    );
    expect(entries).toEqual([{ kind: "grant", actor: `admin:${ADMIN}` }]);

    const usages = () => botMessages(admin).filter((m) => /^Use: \/credit <user-id> <rupees> \[note\]/.test(m.text ?? "")).length;
    const bad = ["/credit", "/credit abc 100", `/credit ${stranger} 0`, `/credit ${stranger} -5`, `/credit ${stranger} 1.2.3`];
    for (const text of bad) admin.sendText(text);
    await until(h.fake, () => usages() === bad.length, "every usage");
  });

  it("an expired confirmation credits nothing", async () => {
    const user = newUser("Maya");
    admin.sendText(`/credit ${user.id} 100`);
    await waitText(admin, /to the wallet of/);
    const confirm = buttonOf(admin, /^✅ Add/);
    await h.db.db.query("UPDATE pending_credits SET expires_at = now() - interval '1 second' WHERE user_id = $1", [user.id]);
    admin.pressButton(confirm.msg, confirm.data);
    await waitText(admin, /expired: nothing was added/);
    expect((await h.money.balance(user.id)).balancePaisa).toBe(0);
  });
});

describe("/pending", () => {
  it("resolve as success asks for the transaction id, settles the money with the admin's id and tells the payer", async () => {
    const payer = newUser("Sita");
    payer.sendText("/start");
    await waitText(payer, /What would you like to do/);
    await h.fund(payer.id, 10_000);
    const p = await pendingPayment(payer.id);
    expect(await h.money.balance(payer.id)).toMatchObject({ heldPaisa: p.amountPaisa, balancePaisa: 1_000_000 });

    admin.sendText("/pending");
    const card = await waitMessage(admin, new RegExp(`Reference: ${p.reference}`));
    expect(card.text).toMatch(/⏳ Pending · WorldLink · online_renew/);
    expect(card.text).toMatch(new RegExp(`Payer: Sita \\(${payer.id}\\) \\(wallet\\)`));
    expect(botMessages(admin).some((m) => /Payments with an unknown outcome: \d+\. Showing the \d+ oldest/.test(m.text ?? ""))).toBe(true);
    expect(admin.buttons(card).map((b) => b.text)).toEqual(["🔄 Check now", "✅ Resolve as success", "↩️ Fail and refund"]);

    const fail = admin.buttons(card).find((b) => /Fail and refund/.test(b.text))!.data!;
    pressOn(admin, card, /Resolve as success/);
    await waitText(admin, new RegExp(`transaction id for reference ${p.reference}`));
    admin.sendText("not an id!");
    await waitText(admin, /A transaction id is one word/);
    admin.sendText("KH-998877");
    await waitText(admin, new RegExp(`Reference ${p.reference} \\(Rs [\\d,.]+\\) settled as a success with transaction id KH-998877\\. The payer is told\\.`));
    // The payer is told, with the receipt.
    await waitMessage(payer, /Good news: your pending payment/);
    expect(lastText(payer)).toMatch(/Transaction ID: KH-998877/);
    expect(await h.money.balance(payer.id)).toMatchObject({ heldPaisa: 0, balancePaisa: 1_000_000 - p.amountPaisa });
    const events = await h.money.events(p.id);
    expect(events.at(-1)).toMatchObject({ from: "pending", to: "succeeded", actor: `admin:${ADMIN}` });
    // The old card's buttons change nothing now, and say so.
    admin.pressButton(card, fail);
    await until(h.fake, () => /Nothing changed: this payment is already settled as a success/.test(botMessages(admin).find((m) => m.messageId === card.messageId)?.text ?? ""), "nothing changed");
    expect(await h.money.balance(payer.id)).toMatchObject({ heldPaisa: 0, balancePaisa: 1_000_000 - p.amountPaisa });
    expect((await h.money.audit()).ok).toBe(true);
  });

  it("fail and refund asks first, gives the money back with the admin's id and tells the payer", async () => {
    const payer = newUser("Nabin");
    payer.sendText("/start");
    await waitText(payer, /What would you like to do/);
    await h.fund(payer.id, 10_000);
    const p = await pendingPayment(payer.id);
    admin.sendText("/pending");
    const card = await waitMessage(admin, new RegExp(`Reference: ${p.reference}`));
    pressOn(admin, card, /Fail and refund/);
    await until(h.fake, () => /give Rs [\d,.]+ back to Nabin/.test(botMessages(admin).find((m) => m.messageId === card.messageId)?.text ?? ""), "asked");
    const asked = botMessages(admin).find((m) => m.messageId === card.messageId)!;
    expect(await h.money.balance(payer.id)).toMatchObject({ heldPaisa: p.amountPaisa });
    pressOn(admin, asked, /Yes, fail and refund/);
    await until(h.fake, () => /Marked failed; Rs [\d,.]+ is back with the payer/.test(botMessages(admin).find((m) => m.messageId === card.messageId)?.text ?? ""), "refunded");
    await waitMessage(payer, /Your pending payment of Rs [\d,.]+ for online_renew \(WorldLink\) did not go through\.\nThe money was returned to your wallet/);
    expect(await h.money.balance(payer.id)).toEqual({ balancePaisa: 1_000_000, heldPaisa: 0, availablePaisa: 1_000_000 });
    expect((await h.money.events(p.id)).at(-1)).toMatchObject({ from: "pending", to: "failed", actor: `admin:${ADMIN}` });
  });

  it("check now asks the aggregator about a flagged payment and applies its answer with the admin's id", async () => {
    const payer = newUser("Laxmi");
    await h.fund(payer.id, 10_000);
    const p = await pendingPayment(payer.id);
    // Reconciliation gives up after two unclear answers (RECONCILE_MAX_UNKNOWN=2) and leaves it to an admin.
    await waitFlagged(p.id);
    h.sandbox.settle(p.reference, "Success");
    admin.sendText("/pending");
    const card = await waitMessage(admin, new RegExp(`Reference: ${p.reference}`));
    expect(card.text).toMatch(/Waiting for an admin after \d+ unclear answers/);
    pressOn(admin, card, /Check now/);
    await until(h.fake, () => /Checked: the aggregator says it succeeded/.test(botMessages(admin).find((m) => m.messageId === card.messageId)?.text ?? ""), "checked");
    const after = botMessages(admin).find((m) => m.messageId === card.messageId)!;
    expect(after.text).toMatch(/Receipt No\. \d+/);
    expect(admin.buttons(after)).toEqual([]);
    await waitMessage(payer, /Good news: your pending payment/);
    expect((await h.money.events(p.id)).at(-1)).toMatchObject({ to: "succeeded", actor: `admin:${ADMIN}`, cause: "admin-check:answer" });
    expect(await h.money.balance(payer.id)).toMatchObject({ heldPaisa: 0, balancePaisa: 1_000_000 - p.amountPaisa });
  });
});

/** Waits until reconciliation has flagged payment `id` for an admin. */
async function waitFlagged(id: number): Promise<void> {
  const end = Date.now() + 15_000;
  while (!(await h.money.payment({ id }))?.needsAdmin) {
    if (Date.now() > end) throw new Error(`payment ${id} was not flagged`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("/find and /stats", () => {
  it("/find by reference, account or payer shows the payments with their receipts, capped and said so", async () => {
    const payer = newUser("Arjun");
    await h.fund(payer.id, 50_000);
    const refs: string[] = [];
    for (let i = 0; i < 6; i++) {
      const lookup = await h.app.deps.services.upstream.lookup("worldlink", "online_renew");
      const r = await h.money.pay({ key: `t-${randomUUID()}`, payerUserId: payer.id, lookup, optionKey: lookup.options[0]!.key });
      refs.push(r.payment.reference);
    }
    admin.sendText(`/find ${refs[2]}`);
    const one = await waitMessage(admin, new RegExp(`Reference: ${refs[2]}`));
    expect(one.text).toMatch(/🧾 Receipt No\. \d+/);
    expect(botMessages(admin).some((m) => new RegExp(`Payments for “${refs[2]}”: 1\\. Showing the 1 newest`).test(m.text ?? ""))).toBe(true);

    admin.sendText(`/find ${payer.id}`);
    await waitMessage(admin, new RegExp(`Payments for “${payer.id}”: 6\\. Showing the 5 newest`));
    await waitMessage(admin, new RegExp(`Reference: ${refs[1]}`));
    expect(botMessages(admin).some((m) => new RegExp(`Reference: ${refs[0]}`).test(m.text ?? ""))).toBe(false);

    admin.sendText("/find ONLINE_RENEW");
    await waitMessage(admin, /Payments for “ONLINE_RENEW”: \d+\. Showing the 5 newest/);
    admin.sendText("/find nobody-has-this");
    await waitText(admin, /Nothing found for “nobody-has-this”/);
    admin.sendText("/find two words");
    await waitText(admin, /Use: \/find <reference\|account\|user-id>/);
  });

  it("/stats: payments per provider, success rate, pending, wallet and float totals, and Khalti's credit", async () => {
    admin.sendText("/stats");
    const stats = await waitMessage(admin, /📊 Today \(since midnight, Nepal time\)/);
    expect(stats.text).toMatch(/Payments: \d+ · succeeded \d+ · failed \d+ · open \d+/);
    expect(stats.text).toMatch(/Success rate: [\d.]+% of \d+ decided/);
    expect(stats.text).toMatch(/• WorldLink: \d+ payments, \d+ succeeded, Rs [\d,.]+/);
    expect(stats.text).toMatch(/Pending now: \d+ \(\d+ waiting for an admin: \/pending\)/);
    expect(stats.text).toMatch(/Wallets: Rs [\d,.]+ \(held Rs [\d,.]+\)/);
    expect(stats.text).toMatch(/Agents' floats: Rs [\d,.]+/);
    expect(stats.text).toMatch(/Khalti credit: Rs [\d,.]+/);
    expect(stats.text).toMatch(/Global Topup credit: no balance API/);
    expect(stats.text).not.toMatch(/⚠️/);
    admin.sendText("/stats 30d");
    await waitMessage(admin, /📊 The last 30 days/);
    admin.sendText("/stats yesterday");
    await waitText(admin, /Use: \/stats, \/stats 7d or \/stats 30d/);
  });

  it("the admin panel: shortcuts to pending, stats and agents; broadcast points to /broadcast", async () => {
    admin.sendText("/start");
    await waitText(admin, /What would you like to do/);
    press(admin, /🛠 Admin/);
    await waitText(admin, /\/credit <user-id> <rupees> \[note\]/);
    const panel = admin.lastBotMessage()!;
    pressOn(admin, panel, /Stats/);
    await waitText(admin, /📊 Today/);
    pressOn(admin, panel, /Agents/);
    await waitText(admin, /👥 Agents: \d+/);
    pressOn(admin, panel, /Broadcast/);
    await h.fake.waitForCall((c) => c.method === "answerCallbackQuery" && c.params.text === "Use /broadcast to write a notice.");
    pressOn(admin, panel, /Pending/);
    await waitMessage(admin, /Payments with an unknown outcome|No payment is waiting/);
  });
});

describe("a customer", () => {
  it("tries every admin command and button, forged data too: each is refused politely, logged, and nothing changes", { timeout: 60_000 }, async () => {
    const customer = newUser("Chandra");
    customer.sendText("/start");
    await waitText(customer, /What would you like to do/);
    // Real things a customer could aim at: an open agent request, an admin's open credit, a pending payment.
    const requester = newUser("Dipak");
    requester.sendText("/become_agent");
    await waitText(requester, /shop's name/);
    requester.sendText("Dipak Shop");
    await waitMessage(admin, /Request #\d+ to become an agent: Dipak/);
    const request = buttonOf(admin, /Approve/).data;
    admin.sendText(`/credit ${customer.id} 900`);
    await waitText(admin, /to the wallet of Chandra/);
    const credit = buttonOf(admin, /^✅ Add/).data;
    await h.fund(customer.id, 10_000);
    const p = await pendingPayment(customer.id);
    const before = {
      wallet: await h.money.balance(customer.id),
      agent: await h.app.deps.agents.isAgent(requester.id),
      entries: (await rows<{ n: number }>("SELECT count(*) AS n FROM journal_entries"))[0]!.n,
      // Reconciliation keeps asking about the payment meanwhile ("system"); nobody else may touch it.
      events: (await h.money.events(p.id)).filter((e) => e.actor !== "system").length,
    };
    const refusals = () => logLines.filter((l) => l.includes("refused: role") && l.includes(`"user":${customer.id}`)).length;
    const notAllowed = () =>
      h.fake.calls.filter(
        (c) => (c.method === "sendMessage" && c.params.chat_id === customer.id && c.params.text === "Sorry, this is not available to you.") ||
          (c.method === "answerCallbackQuery" && c.params.text === "Sorry, this is not available to you."),
      ).length;

    const commands = ["/agent add " + customer.id, "/agent remove 1", "/agents", `/credit ${customer.id} 100000`, "/pending", "/stats", "/stats 30d", `/find ${p.reference}`];
    const buttons = [
      "m:panel", "ap:p", "ap:s", "ap:a", "ap:b", "ap:x",
      request, request.replace(":a:", ":d:"), "ar:a:999999", "ar:zz",
      credit, credit.replace("cr:y:", "cr:n:"), "cr:y:AAAAAAAAAAAA", "cr:y:../../etc",
      `pd:x:${p.id}`, `pd:c:${p.id}`, `pd:s:${p.id}`, `pd:f:${p.id}`, `pd:b:${p.id}`, "pd:x:1", "pd:constructor:1",
    ];
    let expected = 0;
    const start = { refusals: refusals(), notAllowed: notAllowed() };
    const msg = customer.lastBotMessage()!;
    for (const [kind, what] of [...commands.map((c) => ["command", c] as const), ...buttons.map((b) => ["button", b] as const)]) {
      // The flood limit takes 20 updates per 10 s from one user: stay under it.
      if (expected > 0 && expected % 15 === 0) await new Promise((r) => setTimeout(r, 10_500));
      if (kind === "command") customer.sendText(what);
      else customer.pressButton(msg, what);
      expected += 1;
      await until(h.fake, () => notAllowed() - start.notAllowed === expected, `refusal of ${what}`);
    }
    expect(refusals() - start.refusals).toBe(expected);
    // Nothing happened: no money moved, no request decided, no payment touched, nobody told.
    expect(await h.money.balance(customer.id)).toEqual(before.wallet);
    expect(await h.app.deps.agents.isAgent(requester.id)).toBe(before.agent);
    expect(await h.app.deps.agents.isAgent(customer.id)).toBe(false);
    expect((await rows<{ n: number }>("SELECT count(*) AS n FROM journal_entries"))[0]!.n).toBe(before.entries);
    expect((await h.money.events(p.id)).filter((e) => e.actor !== "system").length).toBe(before.events);
    expect((await h.money.payment({ id: p.id }))!.state).toBe("pending");
    expect((await rows<{ state: string }>("SELECT state FROM pending_credits WHERE user_id = $1", [customer.id]))).toEqual([{ state: "open" }]);
    expect(botMessages(requester).some((m) => /approved|declined/.test(m.text ?? ""))).toBe(false);
    // The admin's real buttons still work afterwards.
    admin.pressButton(admin.lastBotMessage()!, credit);
    await waitText(admin, /Added Rs 900.00 to the wallet of Chandra/);
  });
});
