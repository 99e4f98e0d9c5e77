/**
 * The Bot API emulator: a real HTTP server that grammY reaches through `apiRoot`, so the bot
 * runs the same code path it runs against api.telegram.org. It keeps chats, messages (with edits),
 * long-polled updates with offsets, and answers with Telegram's own error shapes where the real API
 * refuses a request (empty text, bad button data, unmodified edits, unknown queries, ...). It can
 * enforce Telegram's limit on the messages a bot sends (`rateLimit`: 429 with `retry_after`), play
 * users who blocked the bot (`block`: 403), and records paid broadcasts (`allow_paid_broadcast`).
 *
 * Test code plays the users: `fake.user(id).sendText("/start")`, `pressButton(...)`, and reads what
 * the bot did through `calls`, `messages(chatId)` and `user.lastBotMessage()`.
 *
 * What a chat client needs (the playground's web page) is here too: formatting (`parse_mode` and
 * entities, `formatting.ts`), documents and photos uploaded as multipart forms (`multipart.ts`) and
 * served back, command lists per scope, the typing indicator, callback answers, invoices paid through
 * pre-checkout, and `onEvent`, a feed of every change a client would see.
 */
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { EntityParseError, type Entity, formatText } from "./formatting.js";
import { boundaryOf, parseMultipart, type UploadedFile } from "./multipart.js";

type Json = Record<string, unknown>;

export interface ApiCall {
  method: string;
  params: Json;
  /** When it was answered (ms since the epoch). */
  at: number;
  result?: unknown;
  error?: { error_code: number; description: string };
}

export interface Button {
  text: string;
  data?: string;
  url?: string;
}

export interface FakeMessage {
  messageId: number;
  chatId: number;
  fromBot: boolean;
  /** The Telegram user who wrote it (users' messages). */
  fromId: number;
  date: number;
  editDate?: number;
  text?: string;
  /** Sent with `allow_paid_broadcast`. */
  paidBroadcast?: boolean;
  replyMarkup?: { inline_keyboard: Array<Array<Json>> };
  invoice?: Json;
  successfulPayment?: Json;
  deleted?: boolean;
  /** Formatting of `text` (parse_mode or entities). */
  entities?: Entity[];
  caption?: string;
  captionEntities?: Entity[];
  /** A document (Telegram's Document object). */
  document?: Json;
  /** A photo (Telegram's PhotoSize array). */
  photo?: Json[];
  /** An invoice's payload: Telegram keeps it for the pre-checkout query and never shows it. */
  invoicePayload?: string;
  /** The invoice was paid. */
  paid?: boolean;
}

/** How paying an invoice ended: the bot's pre-checkout answer. */
export type PaymentResult = { ok: true; chargeId: string } | { ok: false; error: string };

/** A message as a chat client shows it: Telegram's JSON, and whether its invoice is paid. */
export interface ShownMessage {
  chatId: number;
  message: Json;
  paid?: boolean;
  deleted?: boolean;
}

/** What a chat client sees change, as it happens. */
export type EmulatorEvent =
  | ({ type: "message" } & ShownMessage)
  | { type: "chatAction"; chatId: number; action: string }
  | { type: "callbackAnswer"; userId: number; text?: string; showAlert: boolean; url?: string }
  | { type: "commands" };

/** A file the bot sent (uploaded bytes, or a URL Telegram would fetch). */
export interface StoredFile {
  fileId: string;
  filename: string;
  mimeType: string;
  bytes?: Buffer;
  url?: string;
}

export interface FakeUser {
  id: number;
  firstName: string;
  languageCode: string;
  /** Sends a text message (commands get their bot_command entity); returns the update. */
  sendText(text: string): Json;
  /** Sends a photo (by file id) with an optional caption; returns the update. */
  sendPhoto(fileId: string, caption?: string): Json;
  /** Presses an inline button: any data may be sent, as a modified client could. */
  pressButton(message: FakeMessage | number, data: string): Json;
  preCheckout(q: { currency: string; totalAmount: number; payload: string }): Json;
  successfulPayment(p: { currency: string; totalAmount: number; payload: string; chargeId: string }): Json;
  /** The bot's latest message in this user's private chat (after edits). */
  lastBotMessage(): FakeMessage | undefined;
  /** The inline buttons of a message (the latest bot message when none is given), row by row flattened. */
  buttons(message?: FakeMessage): Button[];
  /**
   * Pays an invoice as Telegram would: a pre-checkout query, and when the bot says yes, the
   * successful_payment message. Resolves with the bot's answer (no answer in 10 s is a refusal).
   */
  payInvoice(message: FakeMessage | number): Promise<PaymentResult>;
}

export interface FailRule {
  method: string;
  errorCode?: number;
  description?: string;
  retryAfter?: number;
}

/**
 * Telegram's limit on what a bot sends (messages of every kind, every chat together): more than
 * `perSecond` in any second is answered 429 with `retry_after`. Messages sent with
 * `allow_paid_broadcast` may go up to `paidPerSecond` (default 1,000); those above `perSecond` are
 * the ones Telegram charges for (`chargedMessages`).
 */
export interface RateLimit {
  perSecond: number;
  paidPerSecond?: number;
}

export interface FakeBotApi {
  url: string;
  token: string;
  calls: ApiCall[];
  user(id: number, opts?: { firstName?: string; languageCode?: string }): FakeUser;
  pushUpdate(update: Json): Json;
  waitForCall(pred: (c: ApiCall) => boolean, opts?: { timeoutMs?: number }): Promise<ApiCall>;
  /** The next call of `method` fails with the given error (429 carries retry_after). */
  failNext(rule: FailRule): void;
  /**
   * Every call of `rule.method` (sendMessage unless given) to this chat fails with the given error
   * (400 "Bad Request: chat not found" unless given; 403 says the bot was blocked), until the
   * returned function is called.
   */
  failChat(chatId: number, rule?: Partial<FailRule>): () => void;
  /** The user blocked the bot: every call about their chat answers 403, until the returned function is called. */
  block(chatId: number): () => void;
  /** Enforces a limit on messages sent (see `RateLimit`); `undefined` lifts it. */
  rateLimit(limit: RateLimit | undefined): void;
  /** Paid-broadcast messages accepted above the free limit (0.1 Star each on Telegram). */
  readonly chargedMessages: number;
  deliverWebhook(url: string, update: Json, secret?: string): Promise<{ status: number; body: string }>;
  messages(chatId: number): FakeMessage[];
  webhook(): { url: string; secretToken?: string } | undefined;
  /** Calls `listener` after every Bot API call is answered; returns an unsubscribe function. */
  onCall(listener: (c: ApiCall) => void): () => void;
  /** Calls `listener` on every change a chat client would show; returns an unsubscribe function. */
  onEvent(listener: (e: EmulatorEvent) => void): () => void;
  /** The chat's messages as a client shows them (deleted ones left out). */
  shown(chatId: number): ShownMessage[];
  /** The command list a user sees in a private chat, by Telegram's scope order. */
  commandsFor(chatId: number, languageCode?: string): Json[];
  /** A file the bot sent, by its file_id. */
  file(fileId: string): StoredFile | undefined;
  close(): Promise<void>;
}

export const BOT_USER = { id: 123456, is_bot: true, first_name: "Renew Bot", username: "renew_test_bot", can_join_groups: false, can_read_all_group_messages: false, supports_inline_queries: false };

class ApiError extends Error {
  constructor(
    readonly code: number,
    description: string,
    readonly parameters?: Json,
  ) {
    super(description);
  }
}
const bad = (what: string) => new ApiError(400, `Bad Request: ${what}`);
/** Telegram's words when it refuses a chat, by error code. */
const CHAT_REFUSALS: Record<number, string> = { 400: "Bad Request: chat not found", 403: "Forbidden: bot was blocked by the user" };

const now = () => Math.floor(Date.now() / 1000);
const utf16Length = (s: string) => s.length;

function commandEntities(text: string): Json[] | undefined {
  const m = /^\/[A-Za-z0-9_]+(@[A-Za-z0-9_]+)?/.exec(text);
  return m ? [{ type: "bot_command", offset: 0, length: utf16Length(m[0]) }] : undefined;
}

function checkMarkup(markup: unknown): FakeMessage["replyMarkup"] | undefined {
  if (markup === undefined || markup === null) return undefined;
  const m = (typeof markup === "string" ? JSON.parse(markup) : markup) as Json;
  if (!("inline_keyboard" in m)) return undefined; // reply keyboards and removals are accepted, not rendered
  const rows = m.inline_keyboard;
  if (!Array.isArray(rows)) throw bad("field \"inline_keyboard\" of the InlineKeyboardMarkup should be an Array of Arrays");
  for (const row of rows) {
    if (!Array.isArray(row)) throw bad("field \"inline_keyboard\" of the InlineKeyboardMarkup should be an Array of Arrays");
    for (const b of row as Json[]) {
      if (typeof b.text !== "string" || b.text.length === 0) throw bad("text buttons are unallowed in the inline keyboard");
      const kinds = ["callback_data", "url", "pay", "switch_inline_query", "web_app", "copy_text"].filter((k) => k in b);
      if (kinds.length !== 1) throw bad("can't parse inline keyboard button: exactly one of the optional fields must be used");
      if ("callback_data" in b) {
        const d = b.callback_data;
        if (typeof d !== "string" || Buffer.byteLength(d) < 1 || Buffer.byteLength(d) > 64) throw bad("BUTTON_DATA_INVALID");
      }
    }
  }
  return { inline_keyboard: rows as Array<Array<Json>> };
}

/** Marks a message sent with `allow_paid_broadcast`. */
const paid = (p: Json) => (p.allow_paid_broadcast === true ? { paidBroadcast: true } : {});

/** Methods that send a message (what Telegram's limit on a bot's messages counts). */
const isSend = (method: string) => /^(send|copy|forward)/.test(method) && method !== "sendChatAction";

/** A text with its formatting (parse_mode or entities) taken out, as Telegram stores it. */
function formatted(raw: unknown, parseMode: unknown, entities: unknown, limit: number, empty: string): { text: string; entities: Entity[] } {
  if (typeof raw !== "string") throw bad(empty);
  let f;
  try {
    f = formatText(raw, parseMode, entities);
  } catch (err) {
    if (err instanceof EntityParseError) throw new ApiError(400, err.message);
    throw err;
  }
  if (f.text.trim().length === 0) throw bad(empty);
  if (utf16Length(f.text) > limit) throw bad(limit === 4096 ? "message is too long" : "message caption is too long");
  return f;
}

/** Fields a client sends as JSON text inside a multipart form. */
const JSON_FIELDS = new Set(["reply_markup", "entities", "caption_entities", "reply_parameters", "link_preview_options", "scope", "commands", "prices", "allowed_updates"]);

const MIME_TYPES: Record<string, string> = { csv: "text/csv", txt: "text/plain", pdf: "application/pdf", json: "application/json", png: "image/png", jpg: "image/jpeg", jpeg: "image/jpeg", gif: "image/gif", webp: "image/webp" };
const mimeOf = (filename: string) => MIME_TYPES[/\.([a-z0-9]+)$/i.exec(filename)?.[1]?.toLowerCase() ?? ""] ?? "application/octet-stream";

/** Width and height of a PNG or JPEG (0 × 0 when unknown). */
function imageSize(b: Buffer | undefined): { width: number; height: number } {
  if (b && b.length > 24 && b.readUInt32BE(0) === 0x89504e47) return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
  if (b && b[0] === 0xff && b[1] === 0xd8) {
    for (let i = 2; i + 9 < b.length && b[i] === 0xff; i += 2 + b.readUInt16BE(i + 2)) {
      const marker = b[i + 1]!;
      if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) return { width: b.readUInt16BE(i + 7), height: b.readUInt16BE(i + 5) };
    }
  }
  return { width: 0, height: 0 };
}

/** Where a command list applies (`BotCommandScope`), as a key of the emulator's map. */
function scopeKey(scope: unknown, languageCode: unknown): string {
  const s = (typeof scope === "string" ? JSON.parse(scope) : scope) as Json | undefined;
  const type = String(s?.type ?? "default");
  if (!["default", "all_private_chats", "all_group_chats", "all_chat_administrators", "chat", "chat_administrators", "chat_member"].includes(type)) throw bad("wrong parameter scope");
  const chat = s?.chat_id !== undefined ? `:${String(s.chat_id)}` : "";
  const user = s?.user_id !== undefined ? `:${String(s.user_id)}` : "";
  return `${type}${chat}${user}|${String(languageCode ?? "")}`;
}

/** Starts the emulator on 127.0.0.1 (a random port unless given), accepting `token` only. */
export async function startFakeBotApi(opts: {
  token: string;
  port?: number;
  /** Keep only the latest this many calls in `calls` (a long-running playground); all when unset. */
  keepCalls?: number;
}): Promise<FakeBotApi> {
  const token = opts.token;
  const calls: ApiCall[] = [];
  const chats = new Map<number, FakeMessage[]>();
  const users = new Map<number, { firstName: string; languageCode: string }>();
  const updates: Json[] = [];
  let nextUpdateId = 500_000_001;
  let nextMessageId = 1;
  let nextQueryId = 1;
  const openQueries = new Map<string, "callback" | "pre_checkout">();
  const failRules: FailRule[] = [];
  const chatRules = new Set<FailRule & { chatId: number }>();
  let webhook: { url: string; secretToken?: string } | undefined;
  const pollers = new Set<() => void>();
  const callWaiters = new Set<() => void>();
  const listeners = new Set<(c: ApiCall) => void>();
  let commands = new Map<string, Json[]>();
  let closed = false;
  const blocked = new Set<number>();
  let limit: RateLimit | undefined;
  /** Times (ms) of the messages accepted within the last second, oldest first. */
  const window: number[] = [];
  let charged = 0;
  const eventListeners = new Set<(e: EmulatorEvent) => void>();
  const files = new Map<string, StoredFile>();
  /** Who pressed the button of each open callback query (its answer is shown to them). */
  const queryUsers = new Map<string, number>();
  /** Waiting `payInvoice` calls, by pre-checkout query id. */
  const preCheckoutAnswers = new Map<string, (answer: PaymentResult) => void>();
  const emit = (e: EmulatorEvent) => {
    for (const l of [...eventListeners]) l(e);
  };

  const chatOf = (id: number) => {
    let list = chats.get(id);
    if (!list) chats.set(id, (list = []));
    return list;
  };
  const userJson = (id: number) => {
    const u = users.get(id) ?? { firstName: `User ${id}`, languageCode: "en" };
    return { id, is_bot: false, first_name: u.firstName, language_code: u.languageCode };
  };
  const chatJson = (id: number) => ({ id, type: "private", first_name: users.get(id)?.firstName ?? `User ${id}` });
  const toTelegram = (m: FakeMessage): Json => ({
    message_id: m.messageId,
    from: m.fromBot ? BOT_USER : userJson(m.fromId),
    chat: chatJson(m.chatId),
    date: m.date,
    ...(m.editDate ? { edit_date: m.editDate } : {}),
    ...(m.text !== undefined ? { text: m.text } : {}),
    ...(m.caption !== undefined ? { caption: m.caption } : {}),
    ...(m.text !== undefined && m.fromBot === false && commandEntities(m.text) ? { entities: commandEntities(m.text) } : {}),
    ...(m.entities?.length ? { entities: m.entities } : {}),
    ...(m.document ? { document: m.document } : {}),
    ...(m.photo ? { photo: m.photo } : {}),
    ...(m.caption !== undefined ? { caption: m.caption } : {}),
    ...(m.captionEntities?.length ? { caption_entities: m.captionEntities } : {}),
    ...(m.replyMarkup ? { reply_markup: m.replyMarkup } : {}),
    ...(m.invoice ? { invoice: m.invoice } : {}),
    ...(m.successfulPayment ? { successful_payment: m.successfulPayment } : {}),
  });
  const shownOf = (m: FakeMessage): ShownMessage => ({
    chatId: m.chatId,
    message: toTelegram(m),
    ...(m.paid ? { paid: true } : {}),
    ...(m.deleted ? { deleted: true } : {}),
  });
  /** Tells clients that `m` is new, edited or deleted. */
  const changed = (m: FakeMessage) => emit({ type: "message", ...shownOf(m) });
  const findMessage = (chatId: unknown, messageId: unknown) => {
    const m = chats.get(Number(chatId))?.find((x) => x.messageId === Number(messageId) && !x.deleted);
    if (!m) throw bad("message to edit not found");
    return m;
  };
  const requireChat = (chatId: unknown): number => {
    const id = Number(chatId);
    if (!Number.isSafeInteger(id) || id === 0) throw bad("chat not found");
    return id;
  };
  const botMessage = (chatId: number, fields: Partial<FakeMessage>): FakeMessage => {
    const m: FakeMessage = { messageId: nextMessageId++, chatId, fromBot: true, fromId: BOT_USER.id, date: now(), ...fields };
    chatOf(chatId).push(m);
    changed(m);
    return m;
  };
  /** A file the bot sends: an uploaded part (`attach://name`, or the field's own part), a known file_id, or a URL. */
  const fileOf = (value: unknown, field: string, upload: Map<string, UploadedFile>): StoredFile => {
    const part = typeof value === "string" && value.startsWith("attach://") ? upload.get(value.slice(9)) : upload.get(field);
    if (part) {
      const f: StoredFile = { fileId: `${field}-${randomBytes(9).toString("hex")}`, filename: part.filename, mimeType: mimeOf(part.filename), bytes: part.bytes };
      files.set(f.fileId, f);
      return f;
    }
    if (typeof value === "string" && files.has(value)) return files.get(value)!;
    if (typeof value === "string" && /^https?:\/\/\S+$/.test(value)) {
      const f: StoredFile = { fileId: `${field}-${randomBytes(9).toString("hex")}`, filename: value.split("/").pop() || field, mimeType: mimeOf(value), url: value };
      files.set(f.fileId, f);
      return f;
    }
    throw bad("wrong file identifier/HTTP URL specified");
  };
  const uniqueId = (f: StoredFile) => f.fileId.slice(-12);
  /** The caption fields of a media message. */
  const captionOf = (p: Json): { caption?: string; captionEntities?: Entity[] } => {
    if (p.caption === undefined || p.caption === "") return {};
    const f = formatted(p.caption, p.parse_mode, p.caption_entities, 1024, "message caption is empty");
    return { caption: f.text, ...(f.entities.length ? { captionEntities: f.entities } : {}) };
  };

  const pushUpdate = (update: Json): Json => {
    const u = { update_id: nextUpdateId++, ...update };
    updates.push(u);
    for (const wake of [...pollers]) wake();
    return u;
  };

  const methods: Record<string, (p: Json, upload: Map<string, UploadedFile>) => unknown | Promise<unknown>> = {
    getMe: () => BOT_USER,
    logOut: () => true,
    close: () => true,
    async getUpdates(p) {
      if (webhook) throw new ApiError(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
      const offset = Number(p.offset ?? 0);
      const limit = Math.min(100, Math.max(1, Number(p.limit ?? 100)));
      const timeout = Math.min(50, Math.max(0, Number(p.timeout ?? 0)));
      const allowed = Array.isArray(p.allowed_updates) && p.allowed_updates.length > 0 ? (p.allowed_updates as string[]) : undefined;
      // Confirm (drop) everything below the offset, as Telegram does.
      if (offset > 0) while (updates.length > 0 && (updates[0]!.update_id as number) < offset) updates.shift();
      const pick = () =>
        updates.filter((u) => (u.update_id as number) >= offset && (!allowed || Object.keys(u).some((k) => allowed.includes(k)))).slice(0, limit);
      let got = pick();
      if (got.length === 0 && timeout > 0 && !closed) {
        await new Promise<void>((resolve) => {
          const wake = () => {
            clearTimeout(timer);
            pollers.delete(wake);
            resolve();
          };
          const timer = setTimeout(wake, timeout * 1000);
          pollers.add(wake);
        });
        got = pick();
      }
      return got;
    },
    setWebhook(p) {
      if (typeof p.url !== "string") throw bad("bad webhook: URL must be provided");
      if (p.url === "") webhook = undefined;
      else {
        if (!/^https:\/\//.test(p.url)) throw bad("bad webhook: An HTTPS URL must be provided for webhook");
        if (p.secret_token !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(String(p.secret_token))) throw bad("secret token contains unallowed characters");
        webhook = { url: p.url, ...(p.secret_token !== undefined ? { secretToken: String(p.secret_token) } : {}) };
      }
      return true;
    },
    deleteWebhook(p) {
      webhook = undefined;
      if (p.drop_pending_updates) updates.length = 0;
      return true;
    },
    getWebhookInfo: () => ({ url: webhook?.url ?? "", has_custom_certificate: false, pending_update_count: updates.length }),
    sendChatAction(p) {
      requireChat(p.chat_id);
      if (!["typing", "upload_photo", "upload_document", "choose_sticker", "find_location"].includes(String(p.action))) throw bad("wrong parameter action in request");
      emit({ type: "chatAction", chatId: Number(p.chat_id), action: String(p.action) });
      return true;
    },
    sendMessage(p) {
      const chatId = requireChat(p.chat_id);
      const { text, entities } = formatted(p.text, p.parse_mode, p.entities, 4096, "message text is empty");
      const markup = checkMarkup(p.reply_markup);
      return toTelegram(botMessage(chatId, { text, ...(entities.length ? { entities } : {}), ...(markup ? { replyMarkup: markup } : {}), ...paid(p) }));
    },
    getChat(p) {
      const id = requireChat(p.chat_id);
      if (!users.has(id)) throw bad("chat not found");
      const u = users.get(id)!;
      return { id, type: "private", first_name: u.firstName };
    },
    editMessageText(p) {
      if (p.inline_message_id !== undefined) throw bad("inline messages are not supported by this fake");
      const m = findMessage(p.chat_id, p.message_id);
      if (!m.fromBot) throw bad("message can't be edited");
      if (m.text === undefined) throw bad("there is no text in the message to edit");
      const { text, entities } = formatted(p.text, p.parse_mode, p.entities, 4096, "message text is empty");
      const markup = checkMarkup(p.reply_markup);
      if (m.text === text && JSON.stringify(m.entities ?? []) === JSON.stringify(entities) && JSON.stringify(m.replyMarkup ?? null) === JSON.stringify(markup ?? null)) {
        throw bad("message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message");
      }
      m.text = text;
      if (entities.length) m.entities = entities;
      else delete m.entities;
      if (markup) m.replyMarkup = markup;
      else delete m.replyMarkup;
      m.editDate = now();
      changed(m);
      return toTelegram(m);
    },
    editMessageReplyMarkup(p) {
      const m = findMessage(p.chat_id, p.message_id);
      if (!m.fromBot) throw bad("message can't be edited");
      const markup = checkMarkup(p.reply_markup);
      if (JSON.stringify(m.replyMarkup ?? null) === JSON.stringify(markup ?? null)) {
        throw bad("message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message");
      }
      if (markup) m.replyMarkup = markup;
      else delete m.replyMarkup;
      m.editDate = now();
      changed(m);
      return toTelegram(m);
    },
    deleteMessage(p) {
      const m = chats.get(Number(p.chat_id))?.find((x) => x.messageId === Number(p.message_id) && !x.deleted);
      if (!m) throw bad("message to delete not found");
      m.deleted = true;
      changed(m);
      return true;
    },
    answerCallbackQuery(p) {
      const id = String(p.callback_query_id ?? "");
      if (openQueries.get(id) !== "callback") throw bad("query is too old and response timeout expired or query ID is invalid");
      openQueries.delete(id);
      if (p.text !== undefined && String(p.text).length > 200) throw bad("MESSAGE_TOO_LONG");
      const userId = queryUsers.get(id);
      queryUsers.delete(id);
      if (userId !== undefined) {
        emit({
          type: "callbackAnswer",
          userId,
          ...(p.text !== undefined && p.text !== "" ? { text: String(p.text) } : {}),
          showAlert: p.show_alert === true || p.show_alert === "true",
          ...(typeof p.url === "string" ? { url: p.url } : {}),
        });
      }
      return true;
    },
    answerPreCheckoutQuery(p) {
      const id = String(p.pre_checkout_query_id ?? "");
      if (openQueries.get(id) !== "pre_checkout") throw bad("query is too old and response timeout expired or query ID is invalid");
      if (typeof p.ok !== "boolean") throw bad("parameter \"ok\" is required");
      if (p.ok === false && (typeof p.error_message !== "string" || p.error_message.length === 0)) throw bad("error_message is required when ok is false");
      openQueries.delete(id);
      preCheckoutAnswers.get(id)?.(p.ok ? { ok: true, chargeId: "" } : { ok: false, error: String(p.error_message) });
      return true;
    },
    sendInvoice(p) {
      const chatId = requireChat(p.chat_id);
      for (const f of ["title", "description", "payload", "currency"]) if (typeof p[f] !== "string" || (p[f] as string).length === 0) throw bad(`parameter "${f}" is required`);
      if ((p.title as string).length > 32) throw bad("INVOICE_TITLE_INVALID");
      if ((p.description as string).length > 255) throw bad("INVOICE_DESCRIPTION_INVALID");
      if (Buffer.byteLength(p.payload as string) > 128) throw bad("INVOICE_PAYLOAD_INVALID");
      if (!/^[A-Z]{3}$/.test(p.currency as string)) throw bad("CURRENCY_INVALID");
      if (p.currency !== "XTR" && (typeof p.provider_token !== "string" || p.provider_token.length === 0)) throw bad("PAYMENT_PROVIDER_INVALID");
      const prices = p.prices as Array<{ label?: unknown; amount?: unknown }>;
      if (!Array.isArray(prices) || prices.length === 0 || prices.some((x) => typeof x.label !== "string" || !Number.isSafeInteger(x.amount)))
        throw bad("field \"prices\" must be a non-empty Array of LabeledPrice");
      const total = prices.reduce((s, x) => s + (x.amount as number), 0);
      if (total <= 0) throw bad("CURRENCY_TOTAL_AMOUNT_INVALID");
      const markup = checkMarkup(p.reply_markup);
      const invoice = { title: p.title, description: p.description, start_parameter: p.start_parameter ?? "", currency: p.currency, total_amount: total };
      return toTelegram(botMessage(chatId, { invoice, invoicePayload: p.payload as string, ...(markup ? { replyMarkup: markup } : {}) }));
    },
  };

  // Media: documents and photos, uploaded (multipart) or by file_id or URL, and their download.
  const mediaMethods: Record<string, (p: Json, upload: Map<string, UploadedFile>) => unknown> = {
    sendDocument(p, upload) {
      const chatId = requireChat(p.chat_id);
      const f = fileOf(p.document, "document", upload);
      const markup = checkMarkup(p.reply_markup);
      const document = { file_id: f.fileId, file_unique_id: uniqueId(f), file_name: f.filename, mime_type: f.mimeType, ...(f.bytes ? { file_size: f.bytes.length } : {}) };
      return toTelegram(botMessage(chatId, { document, ...captionOf(p), ...(markup ? { replyMarkup: markup } : {}) }));
    },
    sendPhoto(p, upload) {
      const chatId = requireChat(p.chat_id);
      const f = fileOf(p.photo, "photo", upload);
      const markup = checkMarkup(p.reply_markup);
      const photo = [{ file_id: f.fileId, file_unique_id: uniqueId(f), ...imageSize(f.bytes), ...(f.bytes ? { file_size: f.bytes.length } : {}) }];
      return toTelegram(botMessage(chatId, { photo, ...captionOf(p), ...(markup ? { replyMarkup: markup } : {}), ...paid(p) }));
    },
    editMessageCaption(p) {
      const m = findMessage(p.chat_id, p.message_id);
      if (!m.fromBot) throw bad("message can't be edited");
      if (!m.document && !m.photo) throw bad("there is no caption in the message to edit");
      const c = captionOf(p);
      const markup = checkMarkup(p.reply_markup);
      if (m.caption === c.caption && JSON.stringify(m.captionEntities ?? []) === JSON.stringify(c.captionEntities ?? []) && JSON.stringify(m.replyMarkup ?? null) === JSON.stringify(markup ?? null)) {
        throw bad("message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message");
      }
      delete m.caption;
      delete m.captionEntities;
      Object.assign(m, c);
      if (markup) m.replyMarkup = markup;
      else delete m.replyMarkup;
      m.editDate = now();
      changed(m);
      return toTelegram(m);
    },
    getFile(p) {
      const f = files.get(String(p.file_id ?? ""));
      if (!f) throw bad("invalid file_id");
      return { file_id: f.fileId, file_unique_id: uniqueId(f), ...(f.bytes ? { file_size: f.bytes.length, file_path: `files/${f.fileId}` } : {}) };
    },
  };
  // Command lists per scope and language (Telegram keeps one per pair).
  const commandMethods: Record<string, (p: Json) => unknown> = {
    setMyCommands(p) {
      if (!Array.isArray(p.commands)) throw bad("field \"commands\" must be an Array");
      for (const c of p.commands as Json[]) {
        if (typeof c.command !== "string" || !/^[a-z0-9_]{1,32}$/.test(c.command)) throw bad("BOT_COMMAND_INVALID");
        if (typeof c.description !== "string" || c.description.length < 1 || c.description.length > 256) throw bad("BOT_COMMAND_DESCRIPTION_INVALID");
      }
      commands.set(scopeKey(p.scope, p.language_code), p.commands as Json[]);
      emit({ type: "commands" });
      return true;
    },
    getMyCommands: (p) => commands.get(scopeKey(p.scope, p.language_code)) ?? [],
    deleteMyCommands(p) {
      commands.delete(scopeKey(p.scope, p.language_code));
      emit({ type: "commands" });
      return true;
    },
  };
  Object.assign(methods, mediaMethods, commandMethods);

  const refusal = (rule: FailRule): ApiError => {
    const code = rule.errorCode ?? (rule.retryAfter !== undefined ? 429 : 500);
    return new ApiError(
      code,
      rule.description ?? (code === 429 ? `Too Many Requests: retry after ${rule.retryAfter ?? 1}` : "Internal Server Error"),
      rule.retryAfter !== undefined ? { retry_after: rule.retryAfter } : undefined,
    );
  };

  /** Counts a message against the limit, or refuses it (429) when the last second is full. */
  const admit = (p: Json) => {
    if (!limit) return;
    const t = Date.now();
    while (window.length > 0 && window[0]! <= t - 1000) window.shift();
    const paid = p.allow_paid_broadcast === true;
    const cap = paid ? (limit.paidPerSecond ?? 1000) : limit.perSecond;
    if (window.length >= cap) {
      const wait = Math.max(1, Math.ceil((window[window.length - cap]! + 1000 - t) / 1000));
      throw new ApiError(429, `Too Many Requests: retry after ${wait}`, { retry_after: wait });
    }
    if (paid && window.length >= limit.perSecond) charged += 1;
    window.push(t);
  };

  const reply = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
  };

  /** Telegram's limit on an upload, roughly: a body larger than this is refused. */
  const MAX_BODY = 50 * 1024 * 1024;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
    });
    req.on("end", () => {
      void (async () => {
        const path = (req.url ?? "").split("?")[0] ?? "";
        const download = /^\/file\/bot([^/]+)\/files\/([^/]+)$/.exec(path);
        if (download) {
          const f = download[1] === token ? files.get(decodeURIComponent(download[2]!)) : undefined;
          if (!f?.bytes) return reply(res, 404, { ok: false, error_code: 404, description: "Not Found" });
          res.writeHead(200, { "content-type": f.mimeType, "content-length": f.bytes.length }).end(f.bytes);
          return;
        }
        const m = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(path);
        if (!m) return reply(res, 404, { ok: false, error_code: 404, description: "Not Found" });
        if (m[1] !== token) return reply(res, 401, { ok: false, error_code: 401, description: "Unauthorized" });
        if (size > MAX_BODY) return reply(res, 413, { ok: false, error_code: 413, description: "Request Entity Too Large" });
        const method = m[2]!;
        let params: Json = {};
        let upload = new Map<string, UploadedFile>();
        const body = Buffer.concat(chunks);
        const boundary = boundaryOf(req.headers["content-type"]);
        try {
          if (boundary) {
            const form = parseMultipart(body, boundary);
            upload = form.files;
            for (const [k, v] of Object.entries(form.fields)) params[k] = JSON_FIELDS.has(k) ? (JSON.parse(v) as unknown) : v;
          } else if (body.length > 0) {
            params = JSON.parse(body.toString("utf8")) as Json;
          }
        } catch {
          return reply(res, 400, { ok: false, error_code: 400, description: boundary ? "Bad Request: can't parse multipart form" : "Bad Request: can't parse JSON" });
        }
        const call: ApiCall = { method, params, at: 0 };
        const handler = methods[method];
        const ruleAt = failRules.findIndex((r) => r.method === method);
        const chatRule = [...chatRules].find((r) => r.method === method && r.chatId === Number(params.chat_id));
        try {
          if (!handler) throw new ApiError(404, "Not Found: method not found");
          if (ruleAt >= 0) throw refusal(failRules.splice(ruleAt, 1)[0]!);
          if (chatRule) throw refusal(chatRule);
          if (params.chat_id !== undefined && blocked.has(Number(params.chat_id))) throw new ApiError(403, CHAT_REFUSALS[403]!);
          if (isSend(method)) admit(params);
          call.result = await handler(params, upload);
          call.at = Date.now();
          if (method !== "getUpdates" || (call.result as unknown[]).length > 0) calls.push(call);
          reply(res, 200, { ok: true, result: call.result });
        } catch (err) {
          const e = err instanceof ApiError ? err : new ApiError(500, `Internal Server Error: ${String(err)}`);
          call.error = { error_code: e.code, description: e.message };
          call.at = Date.now();
          calls.push(call);
          reply(res, e.code, { ok: false, error_code: e.code, description: e.message, ...(e.parameters ? { parameters: e.parameters } : {}) });
        }
        if (opts.keepCalls !== undefined && calls.length > opts.keepCalls) calls.splice(0, calls.length - opts.keepCalls);
        for (const w of [...callWaiters]) w();
        for (const l of [...listeners]) l(call);
      })();
    });
  });
  server.listen(opts.port ?? 0, "127.0.0.1");
  await once(server, "listening");
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const makeUser = (id: number): FakeUser => {
    const u = users.get(id)!;
    const messageUpdate = (fields: Partial<FakeMessage>) => {
      const m: FakeMessage = { messageId: nextMessageId++, chatId: id, fromBot: false, fromId: id, date: now(), ...fields };
      chatOf(id).push(m);
      changed(m);
      return pushUpdate({ message: toTelegram(m) });
    };
    const self: FakeUser = {
      id,
      firstName: u.firstName,
      languageCode: u.languageCode,
      sendText: (text) => messageUpdate({ text }),
      sendPhoto(fileId, caption) {
        // A photo the user sent: the bot may send it on by its file id.
        if (!files.has(fileId)) files.set(fileId, { fileId, filename: "photo.jpg", mimeType: "image/jpeg" });
        return messageUpdate({ photo: [{ file_id: fileId, file_unique_id: `u${fileId}`.slice(0, 32), width: 1280, height: 720 }], ...(caption !== undefined ? { caption } : {}) });
      },
      pressButton(message, data) {
        const m = typeof message === "number" ? chats.get(id)?.find((x) => x.messageId === message) : message;
        if (!m) throw new Error(`no message ${String(message)} in chat ${id}`);
        const queryId = `cq${nextQueryId++}`;
        openQueries.set(queryId, "callback");
        queryUsers.set(queryId, id);
        return pushUpdate({ callback_query: { id: queryId, from: userJson(id), message: toTelegram(m), chat_instance: `ci${m.chatId}`, data } });
      },
      preCheckout(q) {
        const queryId = `pc${nextQueryId++}`;
        openQueries.set(queryId, "pre_checkout");
        return pushUpdate({ pre_checkout_query: { id: queryId, from: userJson(id), currency: q.currency, total_amount: q.totalAmount, invoice_payload: q.payload } });
      },
      successfulPayment(p) {
        return messageUpdate({
          successfulPayment: {
            currency: p.currency,
            total_amount: p.totalAmount,
            invoice_payload: p.payload,
            telegram_payment_charge_id: `tg-${p.chargeId}`,
            provider_payment_charge_id: p.chargeId,
          },
        });
      },
      lastBotMessage() {
        const list = chats.get(id) ?? [];
        for (let i = list.length - 1; i >= 0; i--) if (list[i]!.fromBot && !list[i]!.deleted) return list[i];
        return undefined;
      },
      buttons(message) {
        const m = message ?? self.lastBotMessage();
        return (m?.replyMarkup?.inline_keyboard ?? []).flat().map((b) => ({
          text: String(b.text),
          ...(typeof b.callback_data === "string" ? { data: b.callback_data } : {}),
          ...(typeof b.url === "string" ? { url: b.url } : {}),
        }));
      },
      async payInvoice(message) {
        const m = typeof message === "number" ? chats.get(id)?.find((x) => x.messageId === message && !x.deleted) : message;
        if (!m?.invoice || m.invoicePayload === undefined) throw new Error(`no invoice ${typeof message === "number" ? message : message.messageId} in chat ${id}`);
        const invoice = m.invoice as { currency: string; total_amount: number };
        const queryId = `pc${nextQueryId++}`;
        const answered = new Promise<PaymentResult>((resolve) => {
          const timer = setTimeout(() => resolve({ ok: false, error: "The bot did not answer in time." }), 10_000);
          preCheckoutAnswers.set(queryId, (a) => {
            clearTimeout(timer);
            resolve(a);
          });
        });
        openQueries.set(queryId, "pre_checkout");
        pushUpdate({ pre_checkout_query: { id: queryId, from: userJson(id), currency: invoice.currency, total_amount: invoice.total_amount, invoice_payload: m.invoicePayload } });
        const answer = await answered.finally(() => preCheckoutAnswers.delete(queryId));
        if (!answer.ok) return answer;
        const chargeId = `playground-${randomBytes(8).toString("hex")}`;
        m.paid = true;
        changed(m);
        self.successfulPayment({ currency: invoice.currency, totalAmount: invoice.total_amount, payload: m.invoicePayload, chargeId });
        return { ok: true, chargeId };
      },
    };
    return self;
  };

  return {
    url,
    token,
    calls,
    user(id, o = {}) {
      users.set(id, { firstName: o.firstName ?? `User ${id}`, languageCode: o.languageCode ?? "en" });
      return makeUser(id);
    },
    pushUpdate,
    waitForCall(pred, o = {}) {
      const found = calls.find(pred);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const check = () => {
          const c = calls.find(pred);
          if (c) {
            clearTimeout(timer);
            callWaiters.delete(check);
            resolve(c);
          }
        };
        const timer = setTimeout(() => {
          callWaiters.delete(check);
          reject(new Error(`no matching Bot API call within ${o.timeoutMs ?? 8000} ms; last: ${calls.slice(-5).map((c) => c.method).join(", ")}`));
        }, o.timeoutMs ?? 8000);
        callWaiters.add(check);
      });
    },
    failNext(rule) {
      failRules.push(rule);
    },
    failChat(chatId, rule = {}) {
      const errorCode = rule.errorCode ?? (rule.retryAfter !== undefined ? 429 : 400);
      const r = {
        ...rule,
        chatId,
        method: rule.method ?? "sendMessage",
        errorCode,
        description: rule.description ?? CHAT_REFUSALS[errorCode],
      };
      chatRules.add(r);
      return () => chatRules.delete(r);
    },
    block(chatId) {
      blocked.add(chatId);
      return () => void blocked.delete(chatId);
    },
    rateLimit(l) {
      limit = l;
      window.length = 0;
    },
    get chargedMessages() {
      return charged;
    },
    async deliverWebhook(target, update, secret) {
      const res = await fetch(target, {
        method: "POST",
        headers: { "content-type": "application/json", ...(secret !== undefined ? { "x-telegram-bot-api-secret-token": secret } : {}) },
        body: JSON.stringify(update),
      });
      return { status: res.status, body: await res.text() };
    },
    messages: (chatId) => [...(chats.get(chatId) ?? [])],
    webhook: () => webhook,
    onCall(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onEvent(listener) {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
    shown: (chatId) => (chats.get(chatId) ?? []).filter((m) => !m.deleted).map(shownOf),
    commandsFor(chatId, languageCode = "") {
      const scopes = [`chat:${chatId}`, "all_private_chats", "default"];
      const keys = scopes.flatMap((s) => (languageCode ? [`${s}|${languageCode}`, `${s}|`] : [`${s}|`]));
      for (const k of keys) {
        const list = commands.get(k);
        if (list) return list;
      }
      return [];
    },
    file: (fileId) => files.get(fileId),
    async close() {
      closed = true;
      for (const wake of [...pollers]) wake();
      commands = new Map();
      const done = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await done;
    },
  };
}


