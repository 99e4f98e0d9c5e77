/**
 * Whole renewals, as a Telegram user does them, for every API family: the real bot over HTTP
 * (fake Bot API), the sandbox aggregators, Redis and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeUser } from "../src/playground/bot-api.js";
import { type Harness, lastText, press, startHarness, until } from "./support/bot-harness.js";

let h: Harness;
let nextUser = 7_000_001;
const newUser = (languageCode = "en") => h.fake.user(nextUser++, { firstName: "Sita", languageCode });

beforeAll(async () => {
  h = await startHarness({ name: "renew" });
});
afterAll(async () => {
  await h?.stop();
});

const waitText = (user: FakeUser, re: RegExp, what = String(re)) => until(h.fake, () => re.test(lastText(user)), what);

/** /renew → filter by typing → choose the ISP → type the account → the lookup's screen. */
async function startRenewal(user: FakeUser, filter: string, ispButton: RegExp, account: string, expect_: RegExp) {
  user.sendText("/renew");
  await waitText(user, /Choose your internet provider/);
  user.sendText(filter);
  await waitText(user, /Providers matching/);
  press(user, ispButton);
  await waitText(user, /type the (username|customer ID)/);
  user.sendText(account);
  await waitText(user, expect_);
}

async function confirmAndPay(user: FakeUser, option: RegExp) {
  press(user, option);
  await waitText(user, /Please confirm/);
  const confirm = lastText(user);
  press(user, /^✅ Pay/);
  await waitText(user, /Paid\. Your internet is renewed|waiting for confirmation|did not go through/);
  return confirm;
}

describe("a customer renews", () => {
  it("/start shows the welcome and the main menu; commands are registered in both languages", async () => {
    const user = newUser();
    user.sendText("/start");
    await waitText(user, /Namaste, Sita/);
    expect(user.buttons().map((b) => b.text)).toEqual(["🌐 Renew internet", "📒 My accounts", "👛 Wallet", "🧾 History", "🗣 Language", "❓ Help"]);
    const sets = h.fake.calls.filter((c) => c.method === "setMyCommands");
    expect(sets.map((c) => (c.params as { language_code?: string }).language_code ?? "default").sort()).toEqual(["default", "ne"]);
  });

  it("WorldLink, switchable user: pages the provider list, sees the plan, pays, gets a full receipt", async () => {
    const user = newUser();
    await h.fund(user.id, 10_000);
    user.sendText("/renew");
    await waitText(user, /Choose your internet provider/);
    // Page forward until WorldLink shows (it is last alphabetically).
    for (let i = 0; i < 6 && !user.buttons().some((b) => b.text === "WorldLink"); i++) {
      const before = lastText(user) + JSON.stringify(user.buttons());
      press(user, "▶️");
      await until(h.fake, () => lastText(user) + JSON.stringify(user.buttons()) !== before, "next page");
    }
    const picker = user.lastBotMessage()!;
    press(user, "WorldLink");
    await waitText(user, /WorldLink: type the username/);
    expect(lastText(user)).toMatch(/Example: online_renew/);
    // The provider list became the question: same message, no buttons left.
    expect(user.lastBotMessage()!.messageId).toBe(picker.messageId);
    expect(user.buttons()).toEqual([]);
    user.sendText("online_renew");
    await waitText(user, /Choose what to pay/);
    const card = lastText(user);
    expect(card).toMatch(/👤 Online Renew/);
    expect(card).toMatch(/Plan: Value Standard 25mbps\/3mths 1TV \(Renew\)/);
    expect(card).toMatch(/Days left: 0/);
    const options = user.buttons().map((b) => b.text);
    expect(options).toContain("✓ Value Standard 25mbps/3mths 1TV (Renew) · Rs 4,915.00");
    expect(h.fake.calls.some((c) => c.method === "sendChatAction" && (c.params as { action: string }).action === "typing")).toBe(true);
    const confirm = await confirmAndPay(user, /40mbps\/3 mths/);
    expect(confirm).toMatch(/Total: Rs 5,932.00/);
    expect(confirm).toMatch(/Wallet: Rs 10,000.00 → after paying: Rs 4,068.00/);
    const receipt = lastText(user);
    for (const line of [/Receipt No\. \d+/, /Time: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \(Asia\/Kathmandu\)/, /Provider: WorldLink/, /Account: online_renew/, /Customer: Online Renew/, /Package: Fiber Smart home 2019-40mbps\/3 mths\(Renew\)/, /Amount: Rs 5,932.00/, /Transaction ID: \d+/, /Reference: \d{16}/, new RegExp(`Paid by: ${user.id}`), /For: self/]) {
      expect(receipt).toMatch(line);
    }
    expect(await h.money.balance(user.id)).toMatchObject({ balancePaisa: 406_800, heldPaisa: 0 });
    // The Pay button was answered at once, and "processing" shown before the receipt.
    expect(h.fake.calls.some((c) => c.method === "editMessageText" && /Paying Rs 5,932.00/.test((c.params as { text: string }).text))).toBe(true);
    // Then it offers to save the account.
    await until(h.fake, () => user.buttons().some((b) => b.text === "📒 Save this account"), "save offer");
  });

  it("WorldLink, switchable with due: the confirmation shows package + due", async () => {
    const user = newUser();
    await h.fund(user.id, 50_000);
    await startRenewal(user, "worldlink", /^WorldLink$/, "online_due_and_package", /Choose what to pay/);
    expect(lastText(user)).toMatch(/Due: Rs 301.00/);
    const confirm = await confirmAndPay(user, /Smart Offer \(1TV\) 2079 200mbps/);
    expect(confirm).toMatch(/Package: Rs 16,272.00/);
    expect(confirm).toMatch(/Due: Rs 301.00/);
    expect(confirm).toMatch(/Total: Rs 16,573.00/);
    expect(h.sandbox.commits.at(-1)?.body).toMatchObject({ amount: 16573, package_id: 1888857 });
    expect(lastText(user)).toMatch(/· due Rs 301.00/);
  });

  it("WorldLink, due only: one option, paid without a package", async () => {
    const user = newUser();
    await h.fund(user.id, 5_000);
    await startRenewal(user, "world", /^WorldLink$/, "online_due_payment", /Choose what to pay/);
    expect(user.buttons().map((b) => b.text)).toEqual(["Pay the due · Rs 4,950.00", "✖️ Cancel"]);
    await confirmAndPay(user, /Pay the due/);
    expect(lastText(user)).toMatch(/Paid\./);
    expect(h.sandbox.commits.at(-1)?.body).not.toHaveProperty("package_id");
  });

  it("Konnect: active and expired customers renew; a new customer is told to pay at the office", async () => {
    const active = newUser();
    await h.fund(active.id, 20_000);
    await startRenewal(active, "loop", /Loop Network/, "active", /Choose what to pay/);
    expect(lastText(active)).toMatch(/Expires: 2021-04-30/);
    await confirmAndPay(active, /12 Month/);
    expect(lastText(active)).toMatch(/Amount: Rs 15,500.00/);

    const expired = newUser();
    await startRenewal(expired, "izone", /^Izone$/, "expired", /Choose what to pay/);
    expect(lastText(expired)).toMatch(/Status: Expired/);
    expect(expired.buttons().some((b) => /^✓ NET\+TV - 30Mbps - 12 Month/.test(b.text))).toBe(true);

    const fresh = newUser();
    const before = h.sandbox.commits.length;
    await startRenewal(fresh, "dg", /DG Link/, "new", /first payment cannot be made online/);
    expect(lastText(fresh)).toMatch(/nearest DG Link office/);
    expect(fresh.buttons().map((b) => b.text)).toEqual(["⬅️ Menu"]);
    expect(h.sandbox.commits.length).toBe(before);
  });

  it("HashCNet: package, then duration", async () => {
    const user = newUser();
    await h.fund(user.id, 5_000);
    await startRenewal(user, "techminds", /Techminds/, "jeetenaug4", /Choose a package/);
    const packages = user.buttons().map((b) => b.text);
    expect(packages.slice(0, 3)).toEqual(["✓ Fiber Gold · Rs 859.00+", "FTTH-50Mbps · Rs 999.00+", "TESTING · Rs 2.00+"]);
    press(user, /^FTTH-50Mbps/);
    await waitText(user, /FTTH-50Mbps: choose the duration/);
    expect(user.buttons().map((b) => b.text)).toContain("3 Months · Rs 2,800.00");
    await confirmAndPay(user, /^3 Months/);
    expect(lastText(user)).toMatch(/Package: FTTH-50Mbps · 3 Months/);
    expect(h.sandbox.commits.at(-1)?.body).toMatchObject({ package_code: "9", duration_code: "3", amount: 2800 });
  });

  it("Times: a customer with two connections chooses one, then a package", async () => {
    const user = newUser();
    await h.fund(user.id, 5_000);
    await startRenewal(user, "websurfer", /Websurfer/, "1112858", /several connections/);
    const connections = user.buttons().map((b) => b.text);
    expect(connections).toHaveLength(3); // two connections and Cancel
    press(user, connections[1]!);
    await waitText(user, /Choose what to pay/);
    expect(lastText(user)).toContain(connections[1]!.split(" ")[0]);
    await confirmAndPay(user, /15Mbps-Monthly/);
    expect(lastText(user)).toMatch(/Amount: Rs 950.00/);
    expect(h.sandbox.commits.at(-1)).toMatchObject({ family: "times", accepted: true });
  });

  it("Global Topup: a Merosoft-only provider", async () => {
    const user = newUser();
    await h.fund(user.id, 5_000);
    await startRenewal(user, "subisu", /Subisu/, "online_renew", /Choose what to pay/);
    expect(lastText(user)).toMatch(/👤 Majdur family/);
    await confirmAndPay(user, /80Mbps\/3mths/);
    expect(lastText(user)).toMatch(/Amount: Rs 1,808.00/);
    expect(h.sandbox.commits.at(-1)).toMatchObject({ aggregator: "globaltopup", accepted: true });
  });

  it("a slow lookup also gets a 'looking up' message, which becomes the result; a quick one does not", async () => {
    const user = newUser();
    await startRenewal(user, "loop", /Loop Network/, "active", /Choose what to pay/);
    const said = () => h.fake.calls.filter((c) => c.method === "sendMessage" && Number((c.params as { chat_id: number }).chat_id) === user.id).map((c) => (c.params as { text: string }).text);
    expect(said().filter((t) => /Looking up/.test(t))).toEqual([]);
    press(user, /^✖️ Cancel/);
    await waitText(user, /Cancelled/);
    h.sandbox.injectFault({ fault: "timeout", on: "lookup", delayMs: 1_800 });
    await startRenewal(user, "loop", /Loop Network/, "active", /Looking up active at Loop Network/);
    const progress = user.lastBotMessage()!;
    await waitText(user, /Choose what to pay/);
    // The same message, edited into the customer and their options.
    expect(user.lastBotMessage()!.messageId).toBe(progress.messageId);
  });

  it("a bad account gets a clear re-prompt; an unknown one gets the aggregator's words and can be typed again", async () => {
    const user = newUser();
    user.sendText("/renew");
    await waitText(user, /Choose your internet provider/);
    user.sendText("websurfer");
    await waitText(user, /Providers matching/);
    press(user, /Websurfer/);
    await waitText(user, /customer ID/);
    user.sendText("ram thapa");
    // Issue 11, item 14: Websurfer takes a customer ID (Khalti) or a username (Global Topup), and a
    // customer ID is not required to be digits: the re-prompt says what an account can be.
    await waitText(user, /“ram thapa” is neither a customer ID nor a username: use letters, digits and \. _ - @ without spaces/);
    user.sendText("999");
    await waitText(user, /Websurfer says: Customer not found\.\nCheck the customer ID or username and type it again/);
    user.sendText("1073661");
    await waitText(user, /Choose what to pay/);
    expect(lastText(user)).toMatch(/ftth_sujan_thapa/);
  });

  it("a times ISP also on Global Topup asks for either account; a username renews through Global Topup", async () => {
    const user = newUser();
    await h.fund(user.id, 20_000);
    await startRenewal(user, "websurfer", /Websurfer/, "online_renew", /Choose what to pay/);
    const question = h.fake.calls.find((c) => c.method === "editMessageText" && /Websurfer: type the customer ID/.test(String((c.params as { text?: string }).text)));
    expect((question?.params as { text: string }).text).toMatch(/or the username of the internet account\. Either works\.\nExamples: 1112858 \(customer ID\) · online_renew \(username\)/);
    const confirmation = await confirmAndPay(user, /Dealdaar|Mbps/);
    expect(confirmation).toMatch(/online_renew/);
    await waitText(user, /Paid\. Your internet is renewed/);
    const commit = h.sandbox.commits.at(-1)!;
    expect(commit).toMatchObject({ aggregator: "globaltopup", accepted: true });
    expect(commit.body).toMatchObject({ operator_id: 22, connection_no: "online_renew" });
  });

  it("a times-only ISP asks for the customer ID alone, and takes one that is not all digits to Khalti", async () => {
    const user = newUser();
    await startRenewal(user, "pathibara", /Pathibara/, "PB-1001", /Pathibara Internet says: Customer not found\.\nCheck the customer ID and type it again/);
  });

  it("saves the account after a renewal and renews it in two taps", async () => {
    const user = newUser();
    await h.fund(user.id, 20_000);
    await startRenewal(user, "loop", /Loop Network/, "active", /Choose what to pay/);
    await confirmAndPay(user, /3 Month/);
    await until(h.fake, () => user.buttons().some((b) => b.text === "📒 Save this account"), "save offer");
    press(user, "📒 Save this account");
    await waitText(user, /Type a name for this account/);
    user.sendText("Home");
    await waitText(user, /Saved as “Home”/);
    user.sendText("/accounts");
    await waitText(user, /Your saved accounts/);
    press(user, /^Home · Loop Network · active/); // tap 1
    await waitText(user, /Home: Loop Network · active/);
    press(user, "🌐 Renew"); // tap 2
    await waitText(user, /Choose what to pay/);
    expect(lastText(user)).toMatch(/Chandra Mani Neupane/);
    // Rename and remove.
    user.sendText("/accounts");
    await waitText(user, /Your saved accounts/);
    press(user, /^Home/);
    await waitText(user, /Home: Loop Network/);
    press(user, "✏️ Rename");
    await waitText(user, /Type a name/);
    user.sendText("Shop");
    await waitText(user, /Renamed to “Shop”/);
    user.sendText("/accounts");
    await waitText(user, /Your saved accounts/);
    press(user, /^Shop/);
    await waitText(user, /Shop: Loop Network/);
    press(user, "🗑 Remove");
    await waitText(user, /“Shop” was removed/);
    expect(await h.app.deps.accounts.list(user.id)).toEqual([]);
  });

  it("a saved account's provider comes first in the list, and paying for it again does not offer to save it", async () => {
    const user = newUser();
    await h.fund(user.id, 20_000);
    await startRenewal(user, "loop", /Loop Network/, "active", /Choose what to pay/);
    await confirmAndPay(user, /3 Month/);
    press(user, "📒 Save this account");
    await waitText(user, /Type a name for this account/);
    user.sendText("Home");
    await waitText(user, /Saved as “Home”/);
    user.sendText("/renew");
    await waitText(user, /Choose your internet provider/);
    expect(user.buttons()[0]!.text).toBe("⭐ Loop Network");
    press(user, "⭐ Loop Network");
    await waitText(user, /type the (username|customer ID)/);
    user.sendText("active");
    await waitText(user, /Choose what to pay/);
    await confirmAndPay(user, /3 Month/);
    expect(lastText(user)).toMatch(/Receipt No\./);
    expect(user.buttons().map((b) => b.text)).not.toContain("📒 Save this account");
  });

  it("history lists payments and opens each receipt; wallet shows the movements", async () => {
    const user = newUser();
    await h.fund(user.id, 10_000);
    await startRenewal(user, "world", /^WorldLink$/, "online_renew", /Choose what to pay/);
    await confirmAndPay(user, /^✓ Value Standard/);
    user.sendText("/history");
    await waitText(user, /Your payments \(page 1\)/);
    const rows = user.buttons().map((b) => b.text);
    expect(rows[0]).toMatch(/^✅ \d{4}-\d\d-\d\d · WorldLink · Rs 4,915.00$/);
    press(user, rows[0]!);
    await waitText(user, /Receipt No\./);
    user.sendText("/wallet");
    await waitText(user, /Your wallet/);
    expect(lastText(user)).toMatch(/Balance: Rs 5,085.00/);
    expect(lastText(user)).toMatch(/➖ Rs 4,915.00 worldlink online_renew/);
    expect(lastText(user)).toMatch(/➕ Rs 10,000.00 added by an admin/);
  });
});
