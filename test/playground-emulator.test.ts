/**
 * The Bot API emulator's chat-client side, over real HTTP with grammY's own client: formatting
 * (parse_mode and entities, refused as Telegram refuses them), documents and photos uploaded as
 * multipart forms and served back, command lists per scope, invoices paid through pre-checkout, and
 * the feed of changes a chat client shows.
 */
import { Api, GrammyError, InputFile } from "grammy";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmulatorEvent, type FakeBotApi, startFakeBotApi } from "../src/playground/bot-api.js";
import { png } from "./support/png.js";

const TOKEN = "123456:TEST-emulator-token-for-renew-bot";
let fake: FakeBotApi;
let api: Api;
const events: EmulatorEvent[] = [];

beforeAll(async () => {
  fake = await startFakeBotApi({ token: TOKEN, keepCalls: 50 });
  api = new Api(TOKEN, { apiRoot: fake.url });
  fake.onEvent((e) => events.push(e));
});
afterAll(async () => {
  await fake?.close();
});

/** The Bot API's refusal of `call`, as grammY reports it. */
async function refusal(call: Promise<unknown>): Promise<GrammyError> {
  try {
    await call;
  } catch (err) {
    if (err instanceof GrammyError) return err;
    throw err;
  }
  throw new Error("the call was not refused");
}

describe("formatting", () => {
  it("HTML: tags become entities over the plain text (UTF-16 offsets), character references decoded", async () => {
    const sent = await api.sendMessage(1, '🧾 <b>Paid</b> &amp; <i>done</i>: <a href="https://example.test/r?a=1&amp;b=2">receipt</a>\n<pre><code class="language-csv">a,b</code></pre>', { parse_mode: "HTML" });
    expect(sent.text).toBe("🧾 Paid & done: receipt\na,b");
    expect(sent.entities).toEqual([
      { type: "bold", offset: 3, length: 4 },
      { type: "italic", offset: 10, length: 4 },
      { type: "text_link", offset: 16, length: 7, url: "https://example.test/r?a=1&b=2" },
      { type: "pre", offset: 24, length: 3, language: "csv" },
    ]);
    expect(fake.shown(1).at(-1)?.message).toMatchObject({ text: sent.text, entities: sent.entities });
  });

  it("HTML: an unknown or unclosed tag is refused as Telegram refuses it", async () => {
    expect((await refusal(api.sendMessage(1, "<blink>x</blink>", { parse_mode: "HTML" }))).description).toMatch(/can't parse entities: Unsupported start tag "blink"/);
    expect((await refusal(api.sendMessage(1, "<b>x", { parse_mode: "HTML" }))).description).toMatch(/Can't find end tag corresponding to start tag "b"/);
  });

  it("MarkdownV2: entities, escapes, links; an unescaped reserved character is refused", async () => {
    const sent = await api.sendMessage(1, "*bold _both_* ~gone~ ||secret|| `a.b` [site](https://example.test/x\\)y) Rs 1\\.00", { parse_mode: "MarkdownV2" });
    expect(sent.text).toBe("bold both gone secret a.b site Rs 1.00");
    expect(sent.entities).toEqual([
      { type: "bold", offset: 0, length: 9 },
      { type: "italic", offset: 5, length: 4 },
      { type: "strikethrough", offset: 10, length: 4 },
      { type: "spoiler", offset: 15, length: 6 },
      { type: "code", offset: 22, length: 3 },
      { type: "text_link", offset: 26, length: 4, url: "https://example.test/x)y" },
    ]);
    const e = await refusal(api.sendMessage(1, "Total: Rs 5.00", { parse_mode: "MarkdownV2" }));
    expect(e.error_code).toBe(400);
    expect(e.description).toBe("Bad Request: can't parse entities: Character '.' is reserved and must be escaped with the preceding '\\'");
  });

  it("legacy Markdown, and entities given as such (checked against the text)", async () => {
    const md = await api.sendMessage(1, "*Hi* _there_ [docs](https://example.test)", { parse_mode: "Markdown" });
    expect(md.text).toBe("Hi there docs");
    expect(md.entities?.map((e) => e.type)).toEqual(["bold", "italic", "text_link"]);
    const given = await api.sendMessage(1, "plain bold", { entities: [{ type: "bold", offset: 6, length: 4 }] });
    expect(given.entities).toEqual([{ type: "bold", offset: 6, length: 4 }]);
    expect((await refusal(api.sendMessage(1, "short", { entities: [{ type: "bold", offset: 2, length: 10 }] }))).error_code).toBe(400);
  });

  it("an edit that changes only the formatting is an edit; the same text and formatting is 'not modified'", async () => {
    const m = await api.sendMessage(2, "Balance: Rs 10", { parse_mode: "HTML" });
    const edited = await api.editMessageText(2, m.message_id, "<b>Balance</b>: Rs 10", { parse_mode: "HTML" });
    expect(edited).toMatchObject({ text: "Balance: Rs 10", entities: [{ type: "bold", offset: 0, length: 7 }] });
    expect((await refusal(api.editMessageText(2, m.message_id, "<b>Balance</b>: Rs 10", { parse_mode: "HTML" }))).description).toMatch(/message is not modified/);
    const last = events.filter((e) => e.type === "message" && e.chatId === 2).at(-1);
    expect(last).toMatchObject({ message: { message_id: m.message_id, text: "Balance: Rs 10", edit_date: expect.any(Number) } });
  });
});

describe("documents and photos", () => {
  it("a document uploaded as a multipart form is stored, shown with its name and type, and served back", async () => {
    const csv = Buffer.from("date,amount\n2026-01-01,100.00\n");
    const sent = await api.sendDocument(3, new InputFile(csv, "statement.csv"), { caption: "<b>Statement</b> for today", parse_mode: "HTML" });
    expect(sent.document).toMatchObject({ file_name: "statement.csv", mime_type: "text/csv", file_size: csv.length });
    expect(sent.caption).toBe("Statement for today");
    expect(sent.caption_entities).toEqual([{ type: "bold", offset: 0, length: 9 }]);
    expect(fake.file(sent.document.file_id)?.bytes?.equals(csv)).toBe(true);
    const file = await api.getFile(sent.document.file_id);
    const res = await fetch(`${fake.url}/file/bot${TOKEN}/${file.file_path}`);
    expect(res.headers.get("content-type")).toBe("text/csv");
    expect(Buffer.from(await res.arrayBuffer()).equals(csv)).toBe(true);
    // Sent again by its file_id: the same file.
    const again = await api.sendDocument(3, sent.document.file_id);
    expect(again.document.file_id).toBe(sent.document.file_id);
    expect((await refusal(api.sendDocument(3, "no-such-file"))).description).toMatch(/wrong file identifier/);
  });

  it("a photo is stored with its size; its caption can be edited", async () => {
    const sent = await api.sendPhoto(3, new InputFile(png(3, 2), "chart.png"), { caption: "Chart" });
    expect(sent.photo[0]).toMatchObject({ width: 3, height: 2 });
    expect(fake.file(sent.photo[0]!.file_id)?.mimeType).toBe("image/png");
    const edited = await api.editMessageCaption(3, sent.message_id, { caption: "_Chart_, edited", parse_mode: "Markdown" });
    expect(edited).toMatchObject({ caption: "Chart, edited", caption_entities: [{ type: "italic", offset: 0, length: 5 }] });
  });
});

describe("what a chat client sees", () => {
  it("commands per scope and language, in Telegram's order for a private chat", async () => {
    await api.setMyCommands([{ command: "start", description: "Start" }]);
    await api.setMyCommands([{ command: "start", description: "सुरु" }], { language_code: "ne" });
    await api.setMyCommands([{ command: "start", description: "Start" }, { command: "broadcast", description: "Notice" }], { scope: { type: "chat", chat_id: 42 } });
    expect(fake.commandsFor(7, "en").map((c) => c.description)).toEqual(["Start"]);
    expect(fake.commandsFor(7, "ne").map((c) => c.description)).toEqual(["सुरु"]);
    expect(fake.commandsFor(42, "ne").map((c) => c.command)).toEqual(["start", "broadcast"]);
    expect((await api.getMyCommands({ scope: { type: "chat", chat_id: 42 } })).map((c) => c.command)).toEqual(["start", "broadcast"]);
    expect(await api.getMyCommands({ scope: { type: "chat", chat_id: 7 } })).toEqual([]);
    expect(events.some((e) => e.type === "commands")).toBe(true);
  });

  it("the typing indicator and a pressed button's answer reach the client, the answer addressed to who pressed", async () => {
    const user = fake.user(5, { firstName: "Sita" });
    await api.sendChatAction(5, "typing");
    expect(events).toContainEqual({ type: "chatAction", chatId: 5, action: "typing" });
    const m = await api.sendMessage(5, "Pick", { reply_markup: { inline_keyboard: [[{ text: "A", callback_data: "a" }]] } });
    const update = user.pressButton(m.message_id, "a") as { callback_query: { id: string } };
    await api.answerCallbackQuery(update.callback_query.id, { text: "Added Rs 10,000" });
    expect(events).toContainEqual({ type: "callbackAnswer", userId: 5, text: "Added Rs 10,000", showAlert: false });
  });

  it("an invoice is paid through pre-checkout: yes gives successful_payment and marks it paid; no gives the bot's reason", async () => {
    const user = fake.user(6);
    const invoice = await api.sendInvoice(6, "Wallet top-up", "Adds Rs 120", "inv-1", "NPR", [{ label: "Top-up", amount: 12_000 }], { provider_token: "test" });
    let offset = 0;
    const nextUpdates = async () => {
      const got = await api.getUpdates({ offset, timeout: 2 });
      offset = (got.at(-1)?.update_id ?? offset - 1) + 1;
      return got;
    };
    await nextUpdates(); // drop older updates (button presses above)
    const paying = user.payInvoice(invoice.message_id);
    const [q] = await nextUpdates();
    expect(q?.pre_checkout_query).toMatchObject({ currency: "NPR", total_amount: 12_000, invoice_payload: "inv-1", from: { id: 6 } });
    await api.answerPreCheckoutQuery(q!.pre_checkout_query!.id, true);
    const paid = await paying;
    expect(paid.ok).toBe(true);
    const [p] = await nextUpdates();
    expect(p?.message?.successful_payment).toMatchObject({ currency: "NPR", total_amount: 12_000, invoice_payload: "inv-1" });
    expect(fake.shown(6).find((s) => s.message.message_id === invoice.message_id)?.paid).toBe(true);

    const second = await api.sendInvoice(6, "Wallet top-up", "Adds Rs 120", "inv-2", "NPR", [{ label: "Top-up", amount: 12_000 }], { provider_token: "test" });
    const refused = user.payInvoice(second.message_id);
    const [q2] = await nextUpdates();
    await api.answerPreCheckoutQuery(q2!.pre_checkout_query!.id, false, { error_message: "This invoice has expired." });
    expect(await refused).toEqual({ ok: false, error: "This invoice has expired." });
    expect(await api.getUpdates({ offset, timeout: 0 })).toEqual([]);
  });

  it("keeps only the latest calls when asked (a long-running playground)", () => {
    expect(fake.calls.length).toBeLessThanOrEqual(50);
  });
});
