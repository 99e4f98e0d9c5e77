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
});
