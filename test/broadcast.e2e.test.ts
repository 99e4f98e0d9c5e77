/**
 * Broadcasts end to end: the real bot (Redis, PostgreSQL, BullMQ) against the Bot API emulator. An
 * admin writes a notice, picks its audience, sees the preview exactly as it arrives with the number
 * of recipients, and sends it; the emulator enforces Telegram's limit (429s), some recipients have
 * blocked the bot (403) and some sends fail (500) — every reachable recipient gets the notice once.
 * Customers and agents can use neither /broadcast nor its buttons; a customer can mute an ISP's
 * notices under one of them.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FakeMessage, FakeUser } from "../src/playground/bot-api.js";
import { buttonOf, type Harness, lastText, press, startHarness, until } from "./support/bot-harness.js";

const ADMIN = 9_800_001;
const OTHER_ADMIN = 9_800_002;

/** Users known to the bot (as if they had used it), and optionally customers of an ISP (a saved account). */
async function people(h: Harness, ids: number[], isp?: string): Promise<void> {
  await h.db.db.query("INSERT INTO bot_users (user_id) SELECT unnest($1::bigint[]) ON CONFLICT DO NOTHING", [ids]);
  if (isp) {
    await h.db.db.query(
      "INSERT INTO saved_accounts (user_id, name, isp, account) SELECT u, 'Home', $2, 'acct' || u FROM unnest($1::bigint[]) u",
      [ids, isp],
    );
  }
}

const range = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);

/** The bot's messages to `chatId` (not deleted). */
const botMessages = (h: Harness, chatId: number) => h.fake.messages(chatId).filter((m) => m.fromBot && !m.deleted);

/** Walks the admin through /broadcast → the notice → the audience → the confirmation. */
async function writeNotice(h: Harness, admin: FakeUser, notice: { text: string } | { photo: string; caption: string }, audience: RegExp[]): Promise<FakeMessage> {
  admin.sendText("/broadcast");
  await until(h.fake, () => /New notice/.test(lastText(admin)), "the notice question");
  if ("text" in notice) admin.sendText(notice.text);
  else admin.sendPhoto(notice.photo, notice.caption);
  await until(h.fake, () => /Who gets this notice/.test(lastText(admin)), "the audience choice");
  for (const label of audience) {
    const before = admin.lastBotMessage()!;
    const { data } = buttonOf(admin, label);
    admin.pressButton(before, data);
    await until(h.fake, () => admin.lastBotMessage() !== before || !admin.buttons(before).some((b) => b.data === data), `after ${label}`);
  }
  await until(h.fake, () => /exactly as it will arrive/.test(lastText(admin)), "the confirmation");
  return admin.lastBotMessage()!;
}

/** Waits for the final report of broadcast `id`. */
async function report(h: Harness, admin: FakeUser, id: number, timeoutMs = 20_000): Promise<string> {
  await until(h.fake, () => botMessages(h, admin.id).some((m) => new RegExp(`Broadcast #${id} (finished|cancelled)`).test(m.text ?? "")), `the report of #${id}`, timeoutMs);
  return botMessages(h, admin.id).find((m) => new RegExp(`Broadcast #${id} (finished|cancelled)`).test(m.text ?? ""))!.text!;
}

const idOf = (progress: FakeMessage) => Number(/Broadcast #(\d+)/.exec(progress.text ?? "")![1]);

describe("broadcasts", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      name: "broadcast",
      env: { ADMIN_IDS: `${ADMIN},${OTHER_ADMIN}`, BROADCAST_RATE_PER_SECOND: "400", BROADCAST_ALLOW_PAID: "true" },
    });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it("to an ISP's customers: the preview is the notice as it arrives, with how many get it; a customer mutes that ISP", async () => {
    const customers = range(7_100_001, 4);
    await people(h, customers, "worldlink");
    await people(h, [7_100_100], "vianet");
    const admin = h.fake.user(ADMIN, { firstName: "Admin" });
    const confirm = await writeNotice(h, admin, { text: "WorldLink is down in Baneshwor until 6 pm." }, [/one ISP/, /WorldLink/]);
    expect(confirm.text).toMatch(/To: customers of WorldLink · 4 people/);
    const preview = botMessages(h, ADMIN).at(-2)!;
    expect(preview.text).toBe("WorldLink is down in Baneshwor until 6 pm.");
    expect(admin.buttons(preview).map((b) => b.text)).toEqual(["🔕 No more notices about WorldLink"]);

    press(admin, /Send to 4/);
    await until(h.fake, () => /Broadcast #\d+ to customers of WorldLink/.test(lastText(admin)), "the progress message");
    const id = idOf(admin.lastBotMessage()!);
    expect(await report(h, admin, id)).toMatch(/finished .*: 4 sent, 0 blocked \(they stopped the bot\), 0 failed, of 4/);
    for (const c of customers) {
      const got = botMessages(h, c);
      expect(got.map((m) => m.text)).toEqual([preview.text]);
      expect(h.fake.user(c).buttons(got[0]).map((b) => b.text)).toEqual(["🔕 No more notices about WorldLink"]);
    }
    expect(botMessages(h, 7_100_100)).toEqual([]);
    // The progress message ends as the final state, without buttons.
    await until(h.fake, () => /finished/.test(h.fake.messages(ADMIN).find((m) => m.messageId === confirm.messageId)!.text ?? ""), "the final progress");

    // A customer mutes WorldLink's notices under the notice; the next WorldLink notice leaves them out.
    const muter = h.fake.user(customers[0]!);
    const notice = botMessages(h, muter.id)[0]!;
    muter.pressButton(notice, muter.buttons(notice)[0]!.data!);
    await until(h.fake, () => muter.buttons(notice)[0]?.text === "🔔 Notices about WorldLink again", "the unmute button");
    const again = await writeNotice(h, admin, { text: "WorldLink is back." }, [/one ISP/, /WorldLink/]);
    expect(again.text).toMatch(/· 3 people/);
    press(admin, /Send to 3/);
    await until(h.fake, () => /Broadcast #\d+ to/.test(lastText(admin)), "the progress message");
    await report(h, admin, idOf(admin.lastBotMessage()!));
    expect(botMessages(h, muter.id)).toHaveLength(1);
    for (const c of customers.slice(1)) expect(botMessages(h, c).map((m) => m.text)).toEqual([preview.text, "WorldLink is back."]);
  });

  it("to 1,000 recipients under the emulator's rate limit, with 429s, blocked recipients and failing sends: each reachable one gets it once", async () => {
    const ids = range(7_200_001, 1000);
    await people(h, ids, "subisu");
    const blocked = ids.filter((_, i) => i % 25 === 7); // 40
    const unblock = blocked.map((id) => h.fake.block(id));
    const gone = ids[500]!; // never started the bot: "chat not found", for good
    h.fake.failChat(gone);
    // Telegram's limit here is 300 a second; the bot is set to 400, so the emulator answers 429s.
    h.fake.rateLimit({ perSecond: 300 });
    const admin = h.fake.user(ADMIN);
    try {
      const confirm = await writeNotice(h, admin, { text: "Subisu maintenance tonight, 1 to 3 am." }, [/one ISP/, /Subisu/]);
      expect(confirm.text).toMatch(/customers of Subisu · 1,000 people/);
      // The first five notices fail with a 500 (and are sent again).
      for (let i = 0; i < 5; i++) h.fake.failNext({ method: "sendMessage", errorCode: 500, description: "Internal Server Error: try again" });
      const started = Date.now();
      press(admin, /Send to 1,000/);
      await until(h.fake, () => /Broadcast #\d+ to customers of Subisu/.test(lastText(admin)), "the progress message");
      const id = idOf(admin.lastBotMessage()!);
      expect(await report(h, admin, id, 60_000)).toMatch(/finished .*: 959 sent, 40 blocked \(they stopped the bot\), 1 failed, of 1,000/);

      const sends = h.fake.calls.filter((c) => c.method === "sendMessage" && c.at >= started && ids.includes(Number(c.params.chat_id)));
      const delivered = new Map<number, number>();
      for (const c of sends) if (c.result) delivered.set(Number(c.params.chat_id), (delivered.get(Number(c.params.chat_id)) ?? 0) + 1);
      const reachable = ids.filter((u) => !blocked.includes(u) && u !== gone);
      expect(reachable.filter((u) => delivered.get(u) !== 1)).toEqual([]);
      expect([...delivered.keys()].filter((u) => !reachable.includes(u))).toEqual([]);
      // The limit was met (429s happened, and were waited out) and never passed in any second.
      expect(sends.filter((c) => c.error?.error_code === 429).length).toBeGreaterThan(0);
      const times = sends.filter((c) => c.result).map((c) => c.at);
      for (let i = 300; i < times.length; i++) expect(times[i]! - times[i - 300]!).toBeGreaterThanOrEqual(1000 - 5);
      // Each 429 (retry_after 1) stopped all sending for a second, but for the messages already in flight.
      for (const refused of sends.filter((c) => c.error?.error_code === 429)) {
        expect(times.filter((t) => t > refused.at + 200 && t < refused.at + 900)).toEqual([]);
      }

      // Outcomes in PostgreSQL; the blocked are marked so in bot_users.
      const states = await h.db.db.query<{ state: string; n: number }>(
        "SELECT state, count(*)::int AS n FROM broadcast_recipients WHERE broadcast_id = $1 GROUP BY state ORDER BY state",
        [id],
      );
      expect(states.rows).toEqual([
        { state: "blocked", n: 40 },
        { state: "failed", n: 1 },
        { state: "sent", n: 959 },
      ]);
      const failed = await h.db.db.query<{ error: string; attempts: number }>("SELECT error, attempts FROM broadcast_recipients WHERE broadcast_id = $1 AND state = 'failed'", [id]);
      expect(failed.rows).toEqual([{ error: "Bad Request: chat not found", attempts: 1 }]);
      for (const u of blocked) expect(await h.app.deps.broadcasts.store.isBlocked(u)).toBe(true);

      // The progress message was edited at most every 5 s.
      const edits = h.fake.calls.filter((c) => c.method === "editMessageText" && c.result && c.params.message_id === confirm.messageId).map((c) => c.at);
      expect(edits.length).toBeGreaterThanOrEqual(2);
      for (let i = 1; i < edits.length; i++) expect(edits[i]! - edits[i - 1]!).toBeGreaterThanOrEqual(4900);
    } finally {
      h.fake.rateLimit(undefined);
      unblock.forEach((f) => f());
    }

    // Someone who had blocked the bot comes back with /start: reachable again.
    const back = h.fake.user(blocked[0]!);
    back.sendText("/start");
    await until(h.fake, () => /What would you like to do/.test(lastText(back)), "the menu");
    expect(await h.app.deps.broadcasts.store.isBlocked(back.id)).toBe(false);
  }, 90_000);

  it("a photo to the agents, sent as an urgent paid broadcast: the confirmation shows its cost in Stars and the time saved", async () => {
    const agents = range(7_300_001, 3);
    for (const a of [...agents, 7_300_009]) await h.app.deps.agents.add(a, "test");
    await h.app.deps.agents.remove(7_300_009, "test");
    const admin = h.fake.user(ADMIN);
    const confirm = await writeNotice(h, admin, { photo: "AgADBAADnew-rates", caption: "New commission rates from Monday." }, [/Agents · 3/]);
    expect(confirm.text).toMatch(/To: the agents · 3 people/);
    const preview = botMessages(h, ADMIN).at(-2)!;
    expect(preview).toMatchObject({ photo: [{ file_id: "AgADBAADnew-rates" }], caption: "New commission rates from Monday." });
    expect(admin.buttons(confirm).map((b) => b.text)).toContain("⚡ Urgent (paid): off");
    press(admin, /Urgent \(paid\): off/);
    await until(h.fake, () => /Estimated cost/.test(lastText(admin)), "the paid option's cost");
    // 3 messages fit in the free 30 of one second: nothing to pay, and a fraction of a second saved.
    expect(lastText(admin)).toMatch(/up to 1,000 messages per second, about 1 s \(1 s sooner\)\. Estimated cost: 0 Telegram Stars/);
    press(admin, /Send to 3/);
    await until(h.fake, () => /Broadcast #\d+ to the agents/.test(lastText(admin)), "the progress message");
    await report(h, admin, idOf(admin.lastBotMessage()!));
    for (const a of agents) expect(botMessages(h, a)).toMatchObject([{ photo: [{ file_id: "AgADBAADnew-rates" }], caption: "New commission rates from Monday.", paidBroadcast: true }]);
    expect(botMessages(h, 7_300_009)).toEqual([]);
  });

  it("customers and agents can use neither /broadcast nor its buttons; another admin cannot touch someone's draft", async () => {
    const customer = h.fake.user(7_400_001);
    const agent = h.fake.user(7_400_002);
    await h.app.deps.agents.add(agent.id, "test");
    for (const u of [customer, agent]) {
      u.sendText("/broadcast");
      await until(h.fake, () => /not available to you/.test(lastText(u)), "the refusal");
      u.sendText("Free internet for everyone!");
      await until(h.fake, () => !/Free internet/.test(lastText(u)) && botMessages(h, u.id).length === 2, "the answer to the text");
      expect(lastText(u)).not.toMatch(/Who gets this notice/);
    }
    // An admin's draft, waiting for confirmation.
    const admin = h.fake.user(ADMIN);
    const confirm = await writeNotice(h, admin, { text: "Draft notice." }, [/Everyone/]);
    const id = Number(/^bc:(\d+):/.exec(buttonOf(admin, /Send to/).data)![1]);
    const answers = () => h.fake.calls.filter((c) => c.method === "answerCallbackQuery").length;
    for (const u of [customer, agent]) {
      for (const verb of ["go", "all", "isps:0", "paid", "drop", "pause", "resume", "stop"]) {
        const before = answers();
        u.pressButton(confirm, `bc:${id}:${verb}`);
        await until(h.fake, () => answers() > before, `the answer to ${verb}`);
        expect(h.fake.calls.filter((c) => c.method === "answerCallbackQuery").at(-1)!.params.text).toBe("Sorry, this is not available to you.");
      }
      // A mute under a notice they never got.
      const before = answers();
      u.pressButton(confirm, `mu:${id}:off`);
      await until(h.fake, () => answers() > before, "the answer to mute");
      expect(h.fake.calls.filter((c) => c.method === "answerCallbackQuery").at(-1)!.params.text).toBe("This button has expired.");
    }
    // Another admin is an admin, but the draft is not theirs.
    const other = h.fake.user(OTHER_ADMIN);
    const before = answers();
    other.pressButton(confirm, `bc:${id}:go`);
    await until(h.fake, () => answers() > before, "the answer to the other admin");
    expect(h.fake.calls.filter((c) => c.method === "answerCallbackQuery").at(-1)!.params.text).toBe("This button has expired.");
    const b = await h.app.deps.broadcasts.store.get(id);
    expect(b).toMatchObject({ state: "draft", total: 0 });
    expect((await h.db.db.query("SELECT 1 FROM broadcast_recipients WHERE broadcast_id = $1", [id])).rows).toEqual([]);
    // The writer can still drop it.
    press(admin, /Cancel/);
    await until(h.fake, () => /was not sent/.test(lastText(admin)), "dropped");
  });
});

describe("a broadcast paused, resumed and cancelled", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ name: "bcpause", env: { ADMIN_IDS: String(ADMIN), BROADCAST_RATE_PER_SECOND: "20" } });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it("stops sending while paused, goes on when resumed, and a second press of Cancel ends it", async () => {
    const ids = range(7_500_001, 300);
    await people(h, ids);
    const admin = h.fake.user(ADMIN);
    await writeNotice(h, admin, { text: "Office closed on Friday." }, [/Everyone · 301/]);
    const from = Date.now();
    press(admin, /Send to 301/);
    await until(h.fake, () => /Broadcast #\d+ to everyone: sending/.test(lastText(admin)), "the progress message");
    const progress = admin.lastBotMessage()!;
    const id = idOf(progress);
    // The notices sent (the preview came before Send).
    const sent = () => h.fake.calls.filter((c) => c.method === "sendMessage" && c.result && c.params.text === "Office closed on Friday." && c.at >= from).length;
    await until(h.fake, () => sent() >= 20, "some sent");

    press(admin, /Pause/);
    await until(h.fake, () => /: ⏸ paused/.test(progress.text ?? ""), "paused");
    expect(admin.buttons(progress).map((b) => b.text)).toEqual(["▶️ Resume", "✖️ Cancel broadcast"]);
    // The messages in flight when it was pressed go out.
    await new Promise((r) => setTimeout(r, 1000));
    const atPause = sent();
    await new Promise((r) => setTimeout(r, 2000));
    expect(sent()).toBe(atPause);

    press(admin, /Resume/);
    await until(h.fake, () => sent() >= atPause + 20, "sending again");
    expect(progress.text).toMatch(/: sending/);

    // Cancel asks for a second press.
    press(admin, /Cancel broadcast/);
    await until(h.fake, () => h.fake.calls.some((c) => c.method === "answerCallbackQuery" && /again within 10 seconds/.test(String(c.params.text))), "the question");
    expect(progress.text).toMatch(/: sending/);
    press(admin, /Cancel broadcast/);
    await until(h.fake, () => /: ✖️ cancelled/.test(progress.text ?? ""), "cancelled");
    const text = await report(h, admin, id);
    await new Promise((r) => setTimeout(r, 1000));
    const total = sent();
    expect(total).toBeLessThan(301);
    const counts = await h.app.deps.broadcasts.store.counts(id);
    expect(counts.sent).toBe(total);
    expect(text).toMatch(new RegExp(`cancelled after .*: ${total} sent, 0 blocked \\(they stopped the bot\\), 0 failed, of 301\\.\\n${301 - total} did not get it\\.`));
    await new Promise((r) => setTimeout(r, 1500));
    expect(sent()).toBe(total);
    expect(await h.redis.keys(`${h.prefix}bull:broadcast-${id}:*`)).toEqual([]);
  }, 60_000);
});
