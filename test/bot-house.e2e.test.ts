/**
 * The house every feature lives in: private chats only (a group is told once), roles resolved once
 * per update and checked by `requireRole`, and a button no feature owns answered "expired".
 */
import { join } from "node:path";
import { Bot } from "grammy";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { translator } from "../src/bot/app.js";
import type { BotContext } from "../src/bot/context.js";
import { requireRole, roles } from "../src/bot/roles.js";
import { uiMiddleware } from "../src/bot/ui.js";
import { createLogger } from "../src/log.js";
import { BOT_USER, type FakeBotApi, startFakeBotApi } from "../src/playground/bot-api.js";
import { type Harness, startHarness, until } from "./support/bot-harness.js";

describe("a group chat", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ name: "house" });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it("is told once that the bot works in private chats, and nothing else happens there", async () => {
    const user = h.fake.user(9_100_001, { firstName: "Sita" });
    const group = { id: -100_200_300, type: "group", title: "Ward 5" };
    const from = { id: user.id, is_bot: false, first_name: "Sita", language_code: "en" };
    const sendInGroup = (text: string, id: number) =>
      h.fake.pushUpdate({ message: { message_id: id, date: Math.floor(Date.now() / 1000), chat: group, from, text, ...(text.startsWith("/") ? { entities: [{ type: "bot_command", offset: 0, length: text.length }] } : {}) } });
    const toGroup = () => h.fake.calls.filter((c) => c.method === "sendMessage" && c.params.chat_id === group.id);
    sendInGroup("/start", 1);
    await until(h.fake, () => toGroup().length === 1, "the private-only notice");
    expect(String(toGroup()[0]!.params.text)).toMatch(/private chats only/);
    sendInGroup("/renew", 2);
    sendInGroup("worldlink", 3);
    // The same user in a private chat is served, and the group heard nothing more.
    user.sendText("/start");
    await until(h.fake, () => /What would you like to do/.test(user.lastBotMessage()?.text ?? ""), "the menu in private");
    expect(toGroup()).toHaveLength(1);
  });
});

describe("the language", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ name: "houselang" });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it("tapping the current language again is answered, not an error", async () => {
    const user = h.fake.user(9_100_002, { firstName: "Hari", languageCode: "en" });
    user.sendText("/language");
    await until(h.fake, () => /Choose your language/i.test(user.lastBotMessage()?.text ?? ""), "the language choice");
    const msg = user.lastBotMessage()!;
    const english = user.buttons(msg).find((b) => b.text === "English")!.data!;
    user.pressButton(msg, english);
    await until(h.fake, () => /Language: English/.test(user.lastBotMessage()?.text ?? ""), "language set");
    user.pressButton(msg, english);
    await until(h.fake, () => h.fake.calls.filter((c) => c.method === "answerCallbackQuery" && /Language: English/.test(String(c.params.text))).length === 2, "the second answer");
    await new Promise((r) => setTimeout(r, 200));
    expect(h.fake.messages(user.id).some((m) => /something went wrong/.test(m.text ?? ""))).toBe(false);
  });
});

describe("roles", () => {
  const TOKEN = "123456:roles-test-token";
  let fake: FakeBotApi;
  beforeAll(async () => {
    fake = await startFakeBotApi({ token: TOKEN });
  });
  afterAll(async () => {
    await fake.close();
  });

  /** A bot with the role middleware and one command for agents and admins. */
  function botWith(agents: Set<number>, asked: number[]) {
    const bot = new Bot<BotContext>(TOKEN, { botInfo: BOT_USER as never, client: { apiRoot: fake.url } });
    bot.use(uiMiddleware(translator(join(import.meta.dirname, "..", "src", "locales")), false));
    bot.use(roles({ adminIds: [4242], isAgent: async (id) => (asked.push(id), agents.has(id)) }));
    bot.command("float", requireRole(["agent", "admin"], createLogger("silent", [])), async (ctx) => {
      // Asked twice in one update, resolved once.
      await ctx.reply(`role ${await ctx.role()} ${await ctx.role()}`);
    });
    bot.command("hello", (ctx) => ctx.reply("hello"));
    return bot;
  }
  const command = (userId: number, text: string, updateId: number) => ({
    update_id: updateId,
    message: {
      message_id: updateId,
      date: Math.floor(Date.now() / 1000),
      chat: { id: userId, type: "private" as const, first_name: "U" },
      from: { id: userId, is_bot: false, first_name: "U" },
      text,
      entities: [{ type: "bot_command" as const, offset: 0, length: text.length }],
    },
  });
  const lastTo = (chat: number) => fake.messages(chat).filter((m) => m.fromBot).at(-1)?.text;

  it("admins come from ADMIN_IDS, agents from their source; each update resolves the role once, and only when asked", async () => {
    const agents = new Set([5151]);
    const asked: number[] = [];
    const bot = botWith(agents, asked);
    for (const id of [4242, 5151, 6161]) fake.user(id);
    await bot.handleUpdate(command(4242, "/float", 1));
    expect(lastTo(4242)).toBe("role admin admin");
    await bot.handleUpdate(command(5151, "/float", 2));
    expect(lastTo(5151)).toBe("role agent agent");
    expect(asked).toEqual([5151]);
    // An update that needs no role asks nobody.
    await bot.handleUpdate(command(5151, "/hello", 3));
    expect(asked).toEqual([5151]);
    // A removed agent is refused at once, politely, and nothing else happens.
    agents.delete(5151);
    await bot.handleUpdate(command(5151, "/float", 4));
    expect(lastTo(5151)).toBe("Sorry, this is not available to you.");
    await bot.handleUpdate(command(6161, "/float", 5));
    expect(lastTo(6161)).toBe("Sorry, this is not available to you.");
    expect(asked).toEqual([5151, 5151, 6161]);
  });
});
