/**
 * The Bot API emulator: a real HTTP server that grammY reaches through `apiRoot`, so the bot
 * runs the same code path it runs against api.telegram.org. It keeps chats, messages (with edits),
 * long-polled updates with offsets, and answers with Telegram's own error shapes where the real API
 * refuses a request (empty text, bad button data, unmodified edits, unknown queries, ...).
 *
 * Test code plays the users: `fake.user(id).sendText("/start")`, `pressButton(...)`, and reads what
 * the bot did through `calls`, `messages(chatId)` and `user.lastBotMessage()`.
 */
import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

type Json = Record<string, unknown>;

export interface ApiCall {
  method: string;
  params: Json;
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
  replyMarkup?: { inline_keyboard: Array<Array<Json>> };
  invoice?: Json;
  successfulPayment?: Json;
  /** A document the bot sent (`sendDocument`), with its bytes. */
  document?: FakeDocument;
  caption?: string;
  deleted?: boolean;
}

/** A file the bot uploaded. */
export interface FakeDocument {
  fileId: string;
  fileName: string;
  mimeType: string;
  content: Buffer;
}

export interface FakeUser {
  id: number;
  firstName: string;
  languageCode: string;
  /** Sends a text message (commands get their bot_command entity); returns the update. */
  sendText(text: string): Json;
  /** Presses an inline button: any data may be sent, as a modified client could. */
  pressButton(message: FakeMessage | number, data: string): Json;
  preCheckout(q: { currency: string; totalAmount: number; payload: string }): Json;
  successfulPayment(p: { currency: string; totalAmount: number; payload: string; chargeId: string }): Json;
  /** The bot's latest message in this user's private chat (after edits). */
  lastBotMessage(): FakeMessage | undefined;
  /** The inline buttons of a message (the latest bot message when none is given), row by row flattened. */
  buttons(message?: FakeMessage): Button[];
}

export interface FailRule {
  method: string;
  errorCode?: number;
  description?: string;
  retryAfter?: number;
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
  deliverWebhook(url: string, update: Json, secret?: string): Promise<{ status: number; body: string }>;
  messages(chatId: number): FakeMessage[];
  webhook(): { url: string; secretToken?: string } | undefined;
  /** Calls `listener` after every Bot API call is answered; returns an unsubscribe function. */
  onCall(listener: (c: ApiCall) => void): () => void;
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

function checkText(text: unknown): string {
  if (typeof text !== "string" || text.trim().length === 0) throw bad("message text is empty");
  if (utf16Length(text) > 4096) throw bad("message is too long");
  return text;
}

export async function startFakeBotApi(opts: { token: string; port?: number }): Promise<FakeBotApi> {
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
    ...(m.text !== undefined && m.fromBot === false && commandEntities(m.text) ? { entities: commandEntities(m.text) } : {}),
    ...(m.replyMarkup ? { reply_markup: m.replyMarkup } : {}),
    ...(m.invoice ? { invoice: m.invoice } : {}),
    ...(m.successfulPayment ? { successful_payment: m.successfulPayment } : {}),
    ...(m.document ? { document: documentJson(m.document) } : {}),
    ...(m.caption !== undefined ? { caption: m.caption } : {}),
  });
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
    return m;
  };

  const pushUpdate = (update: Json): Json => {
    const u = { update_id: nextUpdateId++, ...update };
    updates.push(u);
    for (const wake of [...pollers]) wake();
    return u;
  };

  /** Command lists are kept per scope (default, or one chat) and language, as Telegram keeps them. */
  const commandsKey = (p: Json) => {
    const scope = p.scope as Json | undefined;
    const where = scope?.type === "chat" ? `chat:${String(scope.chat_id)}` : String(scope?.type ?? "default");
    return `${where}|${String(p.language_code ?? "")}`;
  };
  const methods: Record<string, (p: Json) => unknown | Promise<unknown>> = {
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
    setMyCommands(p) {
      if (!Array.isArray(p.commands)) throw bad("field \"commands\" must be an Array");
      for (const c of p.commands as Json[]) {
        if (typeof c.command !== "string" || !/^[a-z0-9_]{1,32}$/.test(c.command)) throw bad("BOT_COMMAND_INVALID");
        if (typeof c.description !== "string" || c.description.length < 1 || c.description.length > 256) throw bad("BOT_COMMAND_DESCRIPTION_INVALID");
      }
      commands.set(commandsKey(p), p.commands as Json[]);
      return true;
    },
    getMyCommands: (p) => commands.get(commandsKey(p)) ?? [],
    deleteMyCommands(p) {
      commands.delete(commandsKey(p));
      return true;
    },
    sendChatAction(p) {
      requireChat(p.chat_id);
      if (!["typing", "upload_photo", "upload_document", "choose_sticker", "find_location"].includes(String(p.action))) throw bad("wrong parameter action in request");
      return true;
    },
    sendMessage(p) {
      const chatId = requireChat(p.chat_id);
      const text = checkText(p.text);
      const markup = checkMarkup(p.reply_markup);
      return toTelegram(botMessage(chatId, { text, ...(markup ? { replyMarkup: markup } : {}) }));
    },
    sendDocument(p) {
      const chatId = requireChat(p.chat_id);
      const file = p.document;
      if (!(file instanceof UploadedFile)) throw bad(typeof file === "string" ? "wrong file identifier/HTTP URL specified" : "there is no document in the request");
      if (file.content.length === 0) throw bad("file must be non-empty");
      if (p.caption !== undefined && String(p.caption).length > 1024) throw bad("message caption is too long");
      const markup = checkMarkup(p.reply_markup);
      const document: FakeDocument = { fileId: `doc${nextMessageId}-${file.content.length}`, fileName: file.fileName, mimeType: mimeOf(file.fileName), content: file.content };
      return toTelegram(botMessage(chatId, { document, ...(p.caption !== undefined ? { caption: String(p.caption) } : {}), ...(markup ? { replyMarkup: markup } : {}) }));
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
      const text = checkText(p.text);
      const markup = checkMarkup(p.reply_markup);
      if (m.text === text && JSON.stringify(m.replyMarkup ?? null) === JSON.stringify(markup ?? null)) {
        throw bad("message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message");
      }
      m.text = text;
      if (markup) m.replyMarkup = markup;
      else delete m.replyMarkup;
      m.editDate = now();
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
      return toTelegram(m);
    },
    deleteMessage(p) {
      const m = chats.get(Number(p.chat_id))?.find((x) => x.messageId === Number(p.message_id) && !x.deleted);
      if (!m) throw bad("message to delete not found");
      m.deleted = true;
      return true;
    },
    answerCallbackQuery(p) {
      const id = String(p.callback_query_id ?? "");
      if (openQueries.get(id) !== "callback") throw bad("query is too old and response timeout expired or query ID is invalid");
      openQueries.delete(id);
      if (p.text !== undefined && String(p.text).length > 200) throw bad("MESSAGE_TOO_LONG");
      return true;
    },
    answerPreCheckoutQuery(p) {
      const id = String(p.pre_checkout_query_id ?? "");
      if (openQueries.get(id) !== "pre_checkout") throw bad("query is too old and response timeout expired or query ID is invalid");
      if (typeof p.ok !== "boolean") throw bad("parameter \"ok\" is required");
      if (p.ok === false && (typeof p.error_message !== "string" || p.error_message.length === 0)) throw bad("error_message is required when ok is false");
      openQueries.delete(id);
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
      return toTelegram(botMessage(chatId, { invoice, ...(markup ? { replyMarkup: markup } : {}) }));
    },
  };

  const refusal = (rule: FailRule): ApiError => {
    const code = rule.errorCode ?? (rule.retryAfter !== undefined ? 429 : 500);
    return new ApiError(
      code,
      rule.description ?? (code === 429 ? `Too Many Requests: retry after ${rule.retryAfter ?? 1}` : "Internal Server Error"),
      rule.retryAfter !== undefined ? { retry_after: rule.retryAfter } : undefined,
    );
  };

  const reply = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      void (async () => {
        const m = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec((req.url ?? "").split("?")[0] ?? "");
        if (!m) return reply(res, 404, { ok: false, error_code: 404, description: "Not Found" });
        if (m[1] !== token) return reply(res, 401, { ok: false, error_code: 401, description: "Unauthorized" });
        const method = m[2]!;
        let params: Json = {};
        const body = Buffer.concat(chunks);
        const raw = body.toString("utf8");
        const boundary = multipartBoundary(req.headers["content-type"]);
        if (boundary !== undefined) {
          try {
            params = parseMultipart(body, boundary);
          } catch {
            return reply(res, 400, { ok: false, error_code: 400, description: "Bad Request: can't parse multipart/form-data" });
          }
        } else if (raw.length > 0) {
          try {
            params = JSON.parse(raw) as Json;
          } catch {
            return reply(res, 400, { ok: false, error_code: 400, description: "Bad Request: can't parse JSON" });
          }
        }
        const call: ApiCall = { method, params };
        const handler = methods[method];
        const ruleAt = failRules.findIndex((r) => r.method === method);
        const chatRule = [...chatRules].find((r) => r.method === method && r.chatId === Number(params.chat_id));
        try {
          if (!handler) throw new ApiError(404, "Not Found: method not found");
          if (ruleAt >= 0) throw refusal(failRules.splice(ruleAt, 1)[0]!);
          if (chatRule) throw refusal(chatRule);
          call.result = await handler(params);
          if (method !== "getUpdates" || (call.result as unknown[]).length > 0) calls.push(call);
          reply(res, 200, { ok: true, result: call.result });
        } catch (err) {
          const e = err instanceof ApiError ? err : new ApiError(500, `Internal Server Error: ${String(err)}`);
          call.error = { error_code: e.code, description: e.message };
          calls.push(call);
          reply(res, e.code, { ok: false, error_code: e.code, description: e.message, ...(e.parameters ? { parameters: e.parameters } : {}) });
        }
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
      return pushUpdate({ message: toTelegram(m) });
    };
    const self: FakeUser = {
      id,
      firstName: u.firstName,
      languageCode: u.languageCode,
      sendText: (text) => messageUpdate({ text }),
      pressButton(message, data) {
        const m = typeof message === "number" ? chats.get(id)?.find((x) => x.messageId === message) : message;
        if (!m) throw new Error(`no message ${String(message)} in chat ${id}`);
        const queryId = `cq${nextQueryId++}`;
        openQueries.set(queryId, "callback");
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

/** A file sent in a multipart request (`attach://<name>` names it). */
class UploadedFile {
  constructor(
    readonly fileName: string,
    readonly content: Buffer,
  ) {}
}

/** The boundary of a `multipart/form-data` content type, or `undefined` for any other body. */
function multipartBoundary(contentType: string | undefined): string | undefined {
  const m = /^multipart\/form-data;\s*boundary=("?)([^";]+)\1/i.exec(contentType ?? "");
  return m?.[2];
}

/**
 * A multipart/form-data body (how Bot API clients upload files) as parameters: a field's text is
 * parsed as JSON where it is JSON (reply markup, numbers), kept as text otherwise; a field whose value
 * is `attach://<part>` becomes that part's file.
 */
function parseMultipart(body: Buffer, boundary: string): Json {
  const fields = new Map<string, string>();
  const files = new Map<string, UploadedFile>();
  const delimiter = Buffer.from(`--${boundary}`);
  let at = body.indexOf(delimiter);
  if (at < 0) throw new Error("no boundary");
  for (;;) {
    at += delimiter.length;
    if (body.subarray(at, at + 2).toString() === "--") break;
    const headersEnd = body.indexOf("\r\n\r\n", at);
    const next = body.indexOf(delimiter, at);
    if (headersEnd < 0 || next < 0 || headersEnd > next) throw new Error("bad part");
    const headers = body.subarray(at, headersEnd).toString("utf8");
    const content = body.subarray(headersEnd + 4, next - 2); // the part ends with CRLF before the delimiter
    const name = /name="([^"]*)"/i.exec(headers)?.[1];
    const fileName = /filename="?([^";\r\n]*)"?/i.exec(headers)?.[1];
    if (name === undefined) throw new Error("a part without a name");
    if (fileName !== undefined) files.set(name, new UploadedFile(fileName, Buffer.from(content)));
    else fields.set(name, content.toString("utf8"));
    at = next;
  }
  const params: Json = {};
  for (const [name, text] of fields) {
    const attached = /^attach:\/\/(.+)$/.exec(text);
    if (attached) params[name] = files.get(attached[1]!) ?? text;
    else {
      try {
        params[name] = JSON.parse(text);
      } catch {
        params[name] = text;
      }
    }
  }
  return params;
}

function mimeOf(fileName: string): string {
  if (/\.csv$/i.test(fileName)) return "text/csv";
  if (/\.(txt|log)$/i.test(fileName)) return "text/plain";
  if (/\.pdf$/i.test(fileName)) return "application/pdf";
  return "application/octet-stream";
}

function documentJson(d: FakeDocument): Json {
  return { file_id: d.fileId, file_unique_id: d.fileId, file_name: d.fileName, mime_type: d.mimeType, file_size: d.content.length };
}
