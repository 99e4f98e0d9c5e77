/**
 * Agents in the real bot, over HTTP against the Bot API emulator, with the sandbox aggregators, Redis
 * and PostgreSQL: an admin sets a commission and funds an agent; the agent pays for customers (a new
 * one named by ISP + account and a shared contact, a saved one in one tap), the receipt names both
 * and reaches the customer; the statement CSV shows the payment with its commission; cash-in moves
 * money both ways; limits refuse by name; a customer (and a removed agent) tries every agent command
 * and button and nothing happens.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FakeUser } from "../src/playground/bot-api.js";
import { buttonOf, type Harness, lastText, press, startHarness, until } from "./support/bot-harness.js";

let h: Harness;
const ADMIN = 8_100_001;
const AGENT = 8_100_002;
const CUSTOMER = 8_100_003;
const CONTACT = 8_100_004;
const LATER = 8_100_005;
const AGENT2 = 8_100_006;
const AGENT3 = 8_100_007;
let admin: FakeUser;
let agent: FakeUser;
let agent2: FakeUser;
let agent3: FakeUser;
let customer: FakeUser;
let nextMessageId = 900_000_001;

beforeAll(async () => {
  h = await startHarness({
    name: "agents",
    env: { ADMIN_IDS: String(ADMIN), AGENT_CASHIN_MAX_RUPEES: "800", AGENT_CASHIN_DAILY_RUPEES: "1000", AGENT_PAY_MAX_RUPEES: "5000" },
  });
  admin = h.fake.user(ADMIN, { firstName: "Asha" });
  agent = h.fake.user(AGENT, { firstName: "Ram" });
  customer = h.fake.user(CUSTOMER, { firstName: "Gita" });
  // One agent per part of the story: each stays well under the flood limit (20 updates in 10 s).
  agent2 = h.fake.user(AGENT2, { firstName: "Sita" });
  agent3 = h.fake.user(AGENT3, { firstName: "Bikash" });
  await h.app.deps.agents.add(AGENT, "test", "Ram Store");
  await h.app.deps.agents.add(AGENT2, "test", "Sita Shop");
  await h.app.deps.agents.add(AGENT3, "test", "Bikash Pasal");
});
afterAll(async () => {
  await h?.stop();
});

const waitText = (user: FakeUser, re: RegExp, what = String(re)) => until(h.fake, () => re.test(lastText(user)), what, 10_000);
const botTexts = (user: FakeUser) => h.fake.messages(user.id).filter((m) => m.fromBot && !m.deleted).map((m) => m.text ?? m.caption ?? "");

/** The agent's Telegram app shares a contact (📎 → Contact) into the chat. */
function shareContact(from: FakeUser, contact: { phone: string; firstName: string; lastName?: string; userId?: number }) {
  h.fake.pushUpdate({
    message: {
      message_id: nextMessageId++,
      from: { id: from.id, is_bot: false, first_name: from.firstName, language_code: "en" },
      chat: { id: from.id, type: "private", first_name: from.firstName },
      date: Math.floor(Date.now() / 1000),
      contact: {
        phone_number: contact.phone,
        first_name: contact.firstName,
        ...(contact.lastName ? { last_name: contact.lastName } : {}),
        ...(contact.userId !== undefined ? { user_id: contact.userId } : {}),
      },
    },
  });
}

/** Presses `data` on the user's latest bot message and returns what the bot answered the press with. */
async function pressData(user: FakeUser, data: string): Promise<string | undefined> {
  const update = user.pressButton(user.lastBotMessage()!, data) as { callback_query: { id: string } };
  const call = await h.fake.waitForCall((c) => c.method === "answerCallbackQuery" && c.params.callback_query_id === update.callback_query.id);
  return call.params.text as string | undefined;
}

const journalCount = async () => Number((await h.db.db.query<{ n: number }>("SELECT COUNT(*)::int AS n FROM journal_entries")).rows[0]!.n);
const paymentCount = async () => Number((await h.db.db.query<{ n: number }>("SELECT COUNT(*)::int AS n FROM payments")).rows[0]!.n);

describe("agents", () => {
  let paidDraftData: string | undefined;

  it("an admin sets a commission and funds the agent; the agent pays for a new customer named by ISP, account and a shared contact", async () => {
    admin.sendText("/commission worldlink 1.5");
    await waitText(admin, /Set the agents' commission for WorldLink to 1\.50% \(now 0\.00%\)/);
    press(admin, /Set 1\.50%/);
    await waitText(admin, /WorldLink: agents' commission is now 1\.50% \(was 0\.00%\)\. Recorded as set by admin 8100001/);
    expect((await h.db.db.query("SELECT set_by FROM commission_rates WHERE isp = 'worldlink'")).rows).toEqual([{ set_by: `admin:${ADMIN}` }]);
    await h.money.grant({ userId: AGENT, amountPaisa: 1_000_000, adminId: ADMIN, to: "float" });

    agent.sendText("/start");
    await waitText(agent, /Namaste, Ram/);
    press(agent, "🧾 Pay for a customer");
    await waitText(agent, /Your float: Rs 10,000\.00 available/);
    expect(lastText(agent)).toMatch(/Paid for customers today: Rs 0\.00 of Rs 3,00,000\.00 \(at most Rs 5,000\.00 a payment\)/);
    press(agent, "➕ New customer");
    await waitText(agent, /Paying for a customer from your float/);
    agent.sendText("world");
    await waitText(agent, /Providers matching “world”/);
    press(agent, "WorldLink");
    await waitText(agent, /WorldLink: type the username/);
    agent.sendText("online_renew");
    await waitText(agent, /The customer's mobile number, for the receipt\?/);
    agent.sendText("not a phone");
    await waitText(agent, /That is not a phone number/);
    shareContact(agent, { phone: "+977 984-1234567", firstName: "Hari", lastName: "Thapa", userId: CONTACT });
    await waitText(agent, /Choose what to pay/);
    expect(lastText(agent)).toMatch(/👤 Online Renew/);
    press(agent, /Value Standard/);
    await waitText(agent, /Please confirm/);
    const confirm = lastText(agent);
    expect(confirm).toMatch(/👤 For: Hari Thapa · 9841234567/);
    expect(confirm).toMatch(/Your commission: Rs 73\.72 \(1\.50%\)/);
    expect(confirm).toMatch(/Your float: Rs 10,000\.00 → after paying: Rs 5,085\.00/);
    const contact = h.fake.user(CONTACT, { firstName: "Hari" });
    press(agent, /^✅ Pay/);
    await waitText(agent, /Commission Rs 73\.72 credited to your float/);
    const texts = botTexts(agent);
    const receipt = texts.find((t) => /Paid for Hari Thapa/.test(t))!;
    expect(receipt).toMatch(/🧾 Receipt No\. \d+/);
    expect(receipt).toMatch(/Paid by: Ram Store \(agent\)/);
    expect(receipt).toMatch(/For: Hari Thapa · 9841234567/);
    // The receipt is a message of its own, with no buttons: it forwards as it is.
    const receiptMessage = h.fake.messages(AGENT).find((m) => m.text === receipt)!;
    expect(receiptMessage.replyMarkup).toBeUndefined();
    expect(lastText(agent)).toMatch(/Your float: Rs 5,158\.72 available/);
    expect(lastText(agent)).toMatch(/The receipt was also sent to the customer on Telegram/);
    // The customer of the shared contact got the receipt at once.
    await until(h.fake, () => /Ram Store renewed your internet/.test(contact.lastBotMessage()?.text ?? ""), "the customer's receipt");
    expect(contact.lastBotMessage()!.text).toMatch(/Paid by: Ram Store \(agent\)[\s\S]*For: Hari Thapa · 9841234567/);
    // Money: the float paid, the commission came in, the agent's wallet untouched.
    expect(await h.money.balance(AGENT, "float")).toEqual({ balancePaisa: 1_000_000 - 491_500 + 7_372, heldPaisa: 0, availablePaisa: 1_000_000 - 491_500 + 7_372 });
    expect((await h.money.balance(AGENT)).balancePaisa).toBe(0);
    const payment = (await h.money.history(AGENT))[0]!;
    expect(payment).toMatchObject({ state: "succeeded", payerAccountId: `float:${AGENT}`, beneficiary: "Hari Thapa · 9841234567" });
    expect((await h.db.db.query("SELECT customer_user_id, customer_phone FROM agent_payments WHERE intent_key = $1", [payment.intentKey])).rows).toEqual([
      { customer_user_id: CONTACT, customer_phone: "9841234567" },
    ]);
    paidDraftData = buttonOf(agent, "📇 Save this customer").data;
    press(agent, "📇 Save this customer");
    await until(h.fake, () => !agent.buttons().some((b) => b.text === "📇 Save this customer"), "the Save button to go");
    expect(agent.buttons().map((b) => b.text)).toEqual(["🧾 Pay for another customer", "⬅️ Menu"]);
  });

  it("the statement CSV shows the payment with its commission, and the totals; a summary follows", async () => {
    agent.sendText("/statement");
    await waitText(agent, /📊 Your statement/);
    const sent = h.fake.messages(AGENT).filter((m) => m.document).at(-1)!.document! as { file_id: string; file_name: string; mime_type: string };
    expect(sent.file_name).toMatch(/^statement-8100002-\d{4}-\d\d-\d\d\.csv$/);
    expect(sent.mime_type).toBe("text/csv");
    const rows = h.fake.file(sent.file_id)!.bytes!.toString("utf8").trim().split("\r\n").map((l) => l.split(","));
    expect(rows[0]).toEqual(["time_npt", "type", "reference", "isp", "account", "customer", "phone", "package", "state", "amount_npr", "commission_npr", "float_npr", "note"]);
    const col = (row: string[], name: string) => row[rows[0]!.indexOf(name)];
    const payment = rows.find((r) => col(r, "type") === "payment")!;
    expect(col(payment, "isp")).toBe("WorldLink");
    expect(col(payment, "account")).toBe("online_renew");
    expect(col(payment, "customer")).toBe("Hari Thapa · 9841234567");
    expect(col(payment, "state")).toBe("succeeded");
    expect(col(payment, "amount_npr")).toBe("4915.00");
    expect(col(payment, "commission_npr")).toBe("73.72");
    expect(col(payment, "float_npr")).toBe("-4915.00");
    const commission = rows.find((r) => col(r, "type") === "commission")!;
    expect(col(commission, "reference")).toBe(col(payment, "reference"));
    expect(col(commission, "float_npr")).toBe("73.72");
    expect(rows.find((r) => col(r, "type") === "funding")?.[rows[0]!.indexOf("float_npr")]).toBe("10000.00");
    const total = (what: string) => rows.find((r) => col(r, "type") === "total" && col(r, "state") === what)!;
    expect(col(total("payments succeeded"), "amount_npr")).toBe("4915.00");
    expect(col(total("commissions"), "commission_npr")).toBe("73.72");
    expect(col(total("net float change"), "float_npr")).toBe("5158.72");
    // Every row's float movement adds up to the net change.
    const sum = rows.slice(1).filter((r) => col(r, "type") !== "total").reduce((s, r) => s + Math.round(Number(col(r, "float_npr")) * 100), 0);
    expect(sum).toBe(515_872);
    const summary = lastText(agent);
    expect(summary).toMatch(/Payments for customers: 1 · Rs 4,915\.00/);
    expect(summary).toMatch(/Commission: Rs 73\.72/);
    expect(summary).toMatch(/Float: Rs 0\.00 → Rs 5,158\.72/);
  });

  it("a receipt the customer could not get at once comes at their next /start, once", async () => {
    await h.money.grant({ userId: AGENT2, amountPaisa: 1_000_000, adminId: ADMIN, to: "float" });
    // A new customer whose chat cannot be reached now (they have not opened the bot).
    const later = h.fake.user(LATER, { firstName: "Maya" });
    const lift = h.fake.failChat(LATER, { errorCode: 403 });
    agent2.sendText("/start");
    await waitText(agent2, /Namaste, Sita/);
    press(agent2, "🧾 Pay for a customer");
    await waitText(agent2, /Start with a new customer/);
    press(agent2, "➕ New customer");
    await waitText(agent2, /Paying for a customer/);
    agent2.sendText("worldlink");
    await waitText(agent2, /Providers matching/);
    press(agent2, "WorldLink");
    await waitText(agent2, /type the username/);
    agent2.sendText("online_renew");
    await waitText(agent2, /mobile number, for the receipt/);
    shareContact(agent2, { phone: "9801234567", firstName: "Maya", userId: LATER });
    await waitText(agent2, /Choose what to pay/);
    press(agent2, /Value Standard/);
    await waitText(agent2, /Please confirm/);
    press(agent2, /^✅ Pay/);
    await waitText(agent2, /gets the receipt when they next open this bot/);
    lift();
    later.sendText("/start");
    await until(h.fake, () => /Sita Shop renewed your internet/.test(later.lastBotMessage()?.text ?? ""), "the receipt after /start");
    expect(botTexts(later).some((t) => /Namaste, Maya/.test(t))).toBe(true);
    // Once only: another /start brings the menu, no second receipt.
    later.sendText("/start");
    await until(h.fake, () => botTexts(later).filter((t) => /Namaste, Maya/.test(t)).length === 2, "second menu");
    await new Promise((r) => setTimeout(r, 300));
    expect(botTexts(later).filter((t) => /renewed your internet/.test(t))).toHaveLength(1);
  });

  it("a payment for a customer over the per-payment limit is refused with the limit named; a phone typed by hand is kept", async () => {
    const before = await paymentCount();
    agent2.sendText("/start");
    await waitText(agent2, /What would you like to do/);
    press(agent2, "🧾 Pay for a customer");
    await waitText(agent2, /Your float/);
    press(agent2, "➕ New customer");
    await waitText(agent2, /Paying for a customer/);
    agent2.sendText("worldlink");
    await waitText(agent2, /Providers matching/);
    press(agent2, "WorldLink");
    await waitText(agent2, /type the username/);
    agent2.sendText("online_renew");
    await waitText(agent2, /mobile number/);
    agent2.sendText("985 111 2222");
    await waitText(agent2, /Choose what to pay/);
    press(agent2, /40mbps\/3 mths/);
    await waitText(agent2, /👤 For: Online Renew · 9851112222/);
    press(agent2, /^✅ Pay/);
    await waitText(agent2, /Over the limit for one payment for a customer: Rs 5,000\.00 \(this one is Rs 5,932\.00\)\. Nothing was paid\./);
    expect(await paymentCount()).toBe(before);
  });

  it("cash-in moves money from the float to the customer's wallet after a confirmation with both names; the customer is told", async () => {
    customer.sendText("/wallet");
    await waitText(customer, /Your user id \(an agent needs it for a cash-in\): 8100003/);
    await h.money.grant({ userId: AGENT3, amountPaisa: 200_000, adminId: ADMIN, to: "float" });
    const float0 = (await h.money.balance(AGENT3, "float")).balancePaisa;
    const entries0 = await journalCount();
    agent3.sendText(`/cashin ${CUSTOMER} 500`);
    await waitText(agent3, /Cash-in: please confirm/);
    const confirm = lastText(agent3);
    expect(confirm).toMatch(/From: Bikash Pasal \(your float: Rs [\d,.]+ available\)/);
    expect(confirm).toMatch(/To: Gita \(user 8100003\)/);
    expect(confirm).toMatch(/Amount: Rs 500\.00/);
    const ok = buttonOf(agent3, /Move Rs 500\.00/);
    press(agent3, /Move Rs 500\.00/);
    await waitText(agent3, /Rs 500\.00 moved to Gita's wallet/);
    expect(lastText(agent3)).toMatch(/Gita was told/);
    await until(h.fake, () => /Bikash Pasal \(agent\) added Rs 500\.00 to your wallet\. Your balance: Rs 500\.00/.test(lastText(customer)), "customer told");
    // Both ways: the float down, the wallet up, by the same amount, in one cashin entry.
    expect((await h.money.balance(AGENT3, "float")).balancePaisa).toBe(float0 - 50_000);
    expect((await h.money.balance(CUSTOMER)).balancePaisa).toBe(50_000);
    expect(await journalCount()).toBe(entries0 + 1);
    const entry = await h.db.db.query<{ kind: string; account_id: string; amount_paisa: number }>(
      `SELECT e.kind, l.account_id, l.amount_paisa FROM journal_entries e JOIN journal_lines l ON l.entry_id = e.id
        WHERE e.id = (SELECT MAX(id) FROM journal_entries) ORDER BY l.amount_paisa`,
    );
    expect(entry.rows).toEqual([
      { kind: "cashin", account_id: `float:${AGENT3}`, amount_paisa: -50_000 },
      { kind: "cashin", account_id: `wallet:${CUSTOMER}`, amount_paisa: 50_000 },
    ]);
    // The same confirmation pressed again moves nothing.
    expect(await pressData(agent3, ok.data)).toBe("This button has expired.");
    expect((await h.money.balance(CUSTOMER)).balancePaisa).toBe(50_000);
    customer.sendText("/wallet");
    await waitText(customer, /Rs 500\.00 cash-in through an agent/);
    expect((await h.money.audit()).problems).toEqual([]);
  });

  it("cash-in limits and refusals name what refused; cancel moves nothing", async () => {
    const float0 = (await h.money.balance(AGENT3, "float")).balancePaisa;
    agent3.sendText(`/cashin ${CUSTOMER} 900`);
    await waitText(agent3, /Over the limit for one cash-in: Rs 800\.00 \(this one is Rs 900\.00\)/);
    agent3.sendText(`/cashin ${CUSTOMER} 600`);
    await waitText(agent3, /Cash-in: please confirm/);
    press(agent3, /Move Rs 600\.00/);
    await waitText(agent3, /Over the customer's daily cash-in limit: Rs 1,000\.00 a day into one wallet through agents, Rs 500\.00 already today \(this one is Rs 600\.00\)/);
    agent3.sendText(`/cashin ${CUSTOMER} 100`);
    await waitText(agent3, /Cash-in: please confirm/);
    press(agent3, /Cancel/);
    await waitText(agent3, /Cancelled\. Nothing was moved\./);
    agent3.sendText("/cashin 777 100");
    await waitText(agent3, /I do not know user 777/);
    agent3.sendText(`/cashin ${AGENT3} 100`);
    await waitText(agent3, /cannot cash in to your own wallet/);
    agent3.sendText("/cashin");
    await waitText(agent3, /\/cashin <user-id> <rupees>/);
    agent3.sendText("/statement 2026-13-01");
    await waitText(agent3, /\/statement shows today/);
    agent3.sendText("/statement 2020-01-01..2020-12-31");
    await waitText(agent3, /at most 92 days/);
    expect((await h.money.balance(AGENT3, "float")).balancePaisa).toBe(float0);
    expect((await h.money.balance(CUSTOMER)).balancePaisa).toBe(50_000);
  });

  it("a customer tries every agent command and button and nothing happens; an agent cannot set commissions", async () => {
    // Things made by the agent and the admin that a customer might get hold of.
    agent3.sendText(`/cashin ${CUSTOMER} 100`);
    await waitText(agent3, /Cash-in: please confirm/);
    const cashInData = buttonOf(agent3, /Move Rs 100\.00/).data;
    admin.sendText("/commission worldlink 50");
    await waitText(admin, /Set the agents' commission for WorldLink to 50\.00%/);
    const commissionData = buttonOf(admin, /Set 50\.00%/).data;
    agent3.sendText("/commission worldlink 50");
    await waitText(agent3, /Sorry, this is not available to you\./);
    expect(await pressData(agent3, commissionData)).toBe("Sorry, this is not available to you.");

    const entries0 = await journalCount();
    const payments0 = await paymentCount();
    const floats0 = await Promise.all([AGENT, AGENT2, AGENT3].map((id) => h.money.balance(id, "float")));
    const wallet0 = await h.money.balance(CUSTOMER);
    // Two customers (each stays under the flood limit): one types the commands, one presses the buttons.
    const typist = h.fake.user(8_100_008, { firstName: "Kamal" });
    const presser = h.fake.user(8_100_009, { firstName: "Nabin" });
    typist.sendText("/start");
    await waitText(typist, /Namaste, Kamal/);
    expect(typist.buttons().map((b) => b.text)).not.toContain("🧾 Pay for a customer");
    for (const command of [`/cashin ${CUSTOMER} 100`, `/cashin ${AGENT} 100`, "/statement", "/statement yesterday", "/commission", "/commission worldlink 5"]) {
      const before = botTexts(typist).length;
      typist.sendText(command);
      await until(h.fake, () => botTexts(typist).length > before, `an answer to ${command}`);
      expect(lastText(typist)).toBe("Sorry, this is not available to you.");
    }
    presser.sendText("/start");
    await waitText(presser, /Namaste, Nabin/);
    const saved = (await h.app.deps.customers.list(AGENT, 0)).customers[0]!;
    const buttons = [
      "m:agentpay", "m:customers", "ag:new", "ag:p:1", "ag:i:worldlink", "ag:skip",
      "cu:l:r:0", "cu:l:x:0", "cu:q", `cu:r:${saved.id}`, `cu:x:${saved.id}`, paidDraftData!,
      cashInData, cashInData.replace(":ok", ":no"), commissionData,
    ];
    for (const data of buttons) expect({ data, answer: await pressData(presser, data) }).toEqual({ data, answer: "Sorry, this is not available to you." });
    // Nothing moved, nothing was stored, nothing was sent but the refusals; no document either.
    expect(await journalCount()).toBe(entries0);
    expect(await paymentCount()).toBe(payments0);
    expect(await Promise.all([AGENT, AGENT2, AGENT3].map((id) => h.money.balance(id, "float")))).toEqual(floats0);
    expect(await h.money.balance(CUSTOMER)).toEqual(wallet0);
    expect([...h.fake.messages(typist.id), ...h.fake.messages(presser.id)].some((m) => m.document)).toBe(false);
    expect(botTexts(presser)).toHaveLength(1); // the menu: every press was answered by a refusal only
    expect(await h.money.agents.commissionRate("worldlink")).toBe(150);
    // The agent's confirmation is still there for the agent.
    expect(await pressData(agent3, cashInData.replace(":ok", ":no"))).toBeUndefined();
    await waitText(agent3, /Cancelled\. Nothing was moved\./);
  });

  it("a saved customer renews in one tap from \"Pay for a customer\", and gets the receipt again", async () => {
    const contact = h.fake.user(CONTACT, { firstName: "Hari" });
    const before = botTexts(contact).length;
    agent.sendText("/start");
    await waitText(agent, /What would you like to do/);
    press(agent, "🧾 Pay for a customer");
    await waitText(agent, /Tap a saved customer to renew them/);
    press(agent, /Hari Thapa · WorldLink · online_renew/);
    await waitText(agent, /Choose what to pay/);
    press(agent, /Value Standard/);
    await waitText(agent, /👤 For: Hari Thapa · 9841234567/);
    press(agent, /^✅ Pay/);
    await waitText(agent, /Commission Rs 73\.72 credited/);
    // Already saved: no Save button.
    expect(agent.buttons().map((b) => b.text)).toEqual(["🧾 Pay for another customer", "⬅️ Menu"]);
    await until(h.fake, () => botTexts(contact).length === before + 1, "the second receipt");
    expect(botTexts(contact).at(-1)).toMatch(/Ram Store renewed your internet/);
  });

  it("saved customers: search finds them, a tap renews, remove takes one off the list", async () => {
    const agent5 = h.fake.user(8_100_011, { firstName: "Laxmi" });
    await h.app.deps.agents.add(agent5.id, "test", "Laxmi Traders");
    for (const [name, account, phone] of [["Hari Thapa", "online_renew", "9841234567"], ["Sita Rai", "online_due_payment", null]] as const) {
      await h.app.deps.customers.save({ agentUserId: agent5.id, name, isp: "worldlink", account, connection: null, phone, contactUserId: null });
    }
    agent5.sendText("/start");
    await waitText(agent5, /What would you like to do/);
    press(agent5, "📇 My customers");
    await waitText(agent5, /Your customers \(2\)/);
    press(agent5, "🗑 Remove…");
    await waitText(agent5, /Tap a customer to remove them/);
    press(agent5, /Sita Rai/);
    await waitText(agent5, /“Sita Rai” was removed/);
    expect(agent5.buttons().map((b) => b.text)).toContain("🗑 Hari Thapa · WorldLink · online_renew");
    press(agent5, "🔍 Search");
    await waitText(agent5, /Type part of a customer's name/);
    agent5.sendText("9841");
    await waitText(agent5, /Customers matching “9841” \(1\)/);
    press(agent5, /Hari Thapa · WorldLink · online_renew/);
    await waitText(agent5, /Choose what to pay/);
    expect((await h.app.deps.customers.list(agent5.id, 0)).total).toBe(1);
    expect(await h.app.deps.customers.search(agent5.id, "sita")).toEqual([]);
  });

  it("a removed agent loses the float at once: their open confirmation cannot pay, their buttons are refused", async () => {
    const agent4 = h.fake.user(8_100_010, { firstName: "Dipak" });
    await h.app.deps.agents.add(agent4.id, "test", "Dipak Store");
    await h.money.grant({ userId: agent4.id, amountPaisa: 1_000_000, adminId: ADMIN, to: "float" });
    await h.app.deps.customers.save({ agentUserId: agent4.id, name: "Hari Thapa", isp: "worldlink", account: "online_renew", connection: null, phone: null, contactUserId: null });
    agent4.sendText("/start");
    await waitText(agent4, /What would you like to do/);
    press(agent4, "📇 My customers");
    await waitText(agent4, /Your customers/);
    press(agent4, /Hari Thapa · WorldLink/);
    await waitText(agent4, /Choose what to pay/);
    press(agent4, /Value Standard/);
    await waitText(agent4, /Please confirm/);
    const payments0 = await paymentCount();
    await h.app.deps.agents.remove(agent4.id, "test");
    const pay = buttonOf(agent4, /^✅ Pay/);
    expect(await pressData(agent4, pay.data)).toBe("Sorry, this is not available to you.");
    expect(await pressData(agent4, "m:agentpay")).toBe("Sorry, this is not available to you.");
    agent4.sendText("/statement");
    await waitText(agent4, /Sorry, this is not available to you\./);
    expect(await paymentCount()).toBe(payments0);
    // Back as an agent, the same confirmation pays.
    await h.app.deps.agents.add(agent4.id, "test");
    agent4.pressButton(pay.msg, pay.data);
    await waitText(agent4, /Commission Rs 73\.72 credited/);
    expect(await paymentCount()).toBe(payments0 + 1);
    expect((await h.money.audit()).problems).toEqual([]);
  });
});
