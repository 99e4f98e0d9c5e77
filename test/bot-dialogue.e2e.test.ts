/**
 * Dialogue control (/cancel, idle timeout), Nepali, the sandbox banner, webhook mode, and what a
 * renewal keeps in Redis.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeUser } from "../src/playground/bot-api.js";
import { buttonOf, type Harness, lastText, press, startHarness, until, WEBHOOK_SECRET } from "./support/bot-harness.js";

describe("dialogue control, language and storage (polling)", () => {
  let h: Harness;
  let nextUser = 9_000_001;
  const newUser = (languageCode = "en") => h.fake.user(nextUser++, { firstName: "Gita", languageCode });
  const waitText = (user: FakeUser, re: RegExp) => until(h.fake, () => re.test(lastText(user)), String(re));

  beforeAll(async () => {
    h = await startHarness({ name: "dialogue", env: { DIALOGUE_IDLE_SECONDS: "2" }, sandbox: true });
  });
  afterAll(async () => {
    await h?.stop();
  });

  async function askAccount(user: FakeUser) {
    user.sendText("/renew");
    await waitText(user, /internet provider|इन्टरनेट/);
    user.sendText("worldlink");
    await until(h.fake, () => user.buttons().some((b) => b.text === "WorldLink"), "WorldLink button");
    press(user, /^WorldLink$/);
    await waitText(user, /online_renew/);
  }

  /** A funded customer looking at WorldLink's packages for online_renew. */
  async function atPackages(): Promise<FakeUser> {
    const user = newUser();
    await h.fund(user.id, 10_000);
    await askAccount(user);
    user.sendText("online_renew");
    await waitText(user, /Choose what to pay/);
    return user;
  }

  it("every screen says it is a sandbox", async () => {
    const user = newUser();
    user.sendText("/start");
    await waitText(user, /Namaste/);
    expect(lastText(user).startsWith("🧪 SANDBOX")).toBe(true);
    await askAccount(user);
    expect(lastText(user).startsWith("🧪 SANDBOX")).toBe(true);
  });

  it("/cancel leaves the dialogue: the next text is not taken as an account", async () => {
    const user = newUser();
    await askAccount(user);
    const lookupsBefore = h.fake.calls.filter((c) => c.method === "sendChatAction").length;
    user.sendText("/cancel");
    await waitText(user, /Cancelled\. Nothing was paid\./);
    user.sendText("online_renew");
    await waitText(user, /Please use the buttons above/);
    expect(h.fake.calls.filter((c) => c.method === "sendChatAction").length).toBe(lookupsBefore);
    user.sendText("/cancel");
    await waitText(user, /There is nothing to cancel/);
  });

  it("an idle dialogue ends with a message and its Redis state is gone", async () => {
    const user = newUser();
    await askAccount(user);
    // The conversation's state lives in the chat's session in Redis.
    const convo = async () => (JSON.parse((await h.redis.get(`${h.prefix}s:${user.id}`)) ?? "{}") as { convo?: unknown }).convo;
    expect(await convo()).toBeDefined();
    await waitText(user, /closed after 0 minutes without activity|without activity/);
    expect(await convo()).toBeUndefined();
    // The old buttons and text no longer drive anything.
    user.sendText("online_renew");
    await waitText(user, /Please use the buttons above/);
  });

  it("an idle confirmation expires: its Pay button no longer pays", async () => {
    const user = await atPackages();
    press(user, /^✓ Value Standard/);
    await waitText(user, /Please confirm/);
    const { msg, data: pay } = buttonOf(user, /^✅ Pay/);
    await until(h.fake, () => /without activity/.test(lastText(user)), "idle notice", 8000);
    const before = h.sandbox.commits.length;
    user.pressButton(msg, pay);
    await until(h.fake, () => h.fake.calls.some((c) => c.method === "answerCallbackQuery" && (c.params as { text?: string }).text === "This button has expired."), "expired");
    expect(h.sandbox.commits.length).toBe(before);
  });

  it("Nepali: chosen from Telegram's language, held inside the dialogue; switching language sticks", async () => {
    const user = newUser("ne");
    user.sendText("/start");
    await waitText(user, /नमस्ते/);
    await askAccount(user);
    expect(lastText(user)).toMatch(/युजरनेम/);
    user.sendText("bad name!");
    await waitText(user, /युजरनेम/);
    user.sendText("/cancel");
    await waitText(user, /रद्द/);

    const english = newUser("en");
    english.sendText("/language");
    await waitText(english, /Choose your language/);
    press(english, "नेपाली");
    await waitText(english, /नेपाली/);
    await askAccount(english);
    expect(lastText(english)).toMatch(/युजरनेम/);
    user.sendText("/cancel");
  });

  it("keeps a renewal in progress small in Redis (under 8 KB)", async () => {
    const user = await atPackages();
    // Mid-renewal: conversation, session and the rest of this chat's keys.
    const keys = (await h.redis.keys(`${h.prefix}*`)).filter((k) => k.endsWith(`:${user.id}`));
    let bytes = 0;
    for (const k of keys) bytes += (await h.redis.memory("USAGE", k)) ?? 0;
    expect(keys.length).toBeGreaterThan(0);
    expect(bytes).toBeLessThan(8 * 1024);
  });
});

describe("webhook mode", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ name: "webhook", mode: "webhook" });
    const call = h.fake.calls.find((c) => c.method === "setWebhook");
    expect(call?.params).toMatchObject({ url: "https://bot.example.test/tg/webhook", secret_token: WEBHOOK_SECRET });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it("checks the secret on every request, answers the health check, and ignores a re-sent update", async () => {
    const url = `http://127.0.0.1:${h.app.webhookPort}/tg/webhook`;
    const health = await fetch(`http://127.0.0.1:${h.app.webhookPort}/health`);
    expect(health.status).toBe(200);
    const user = h.fake.user(9_500_001, { firstName: "Ram", languageCode: "en" });
    const update = user.sendText("/start");
    const wrong = await h.fake.deliverWebhook(url, update, "not-the-secret");
    expect(wrong.status).toBe(401);
    const none = await h.fake.deliverWebhook(url, update);
    expect(none.status).toBe(401);
    const ok = await h.fake.deliverWebhook(url, update, WEBHOOK_SECRET);
    expect(ok.status).toBe(200);
    const again = await h.fake.deliverWebhook(url, update, WEBHOOK_SECRET);
    expect(again.status).toBe(200);
    await until(h.fake, () => /Namaste/.test(lastText(user)), "welcome");
    await new Promise((r) => setTimeout(r, 200));
    const welcomes = h.fake.messages(user.id).filter((m) => m.fromBot && /Namaste/.test(m.text ?? ""));
    expect(welcomes).toHaveLength(1);
  });
});
