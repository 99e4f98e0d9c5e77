/**
 * Where the bot keeps per-chat state: Redis through @grammyjs/storage-redis when `REDIS_URL` is set,
 * memory otherwise. Keys are `<prefix>s:<chat>` (session), `<prefix>c:<chat>` (conversation state)
 * and `<prefix>idle` (dialogue activity).
 *
 * Conversation state is slimmed before it is written: the conversations plugin stores every update
 * a conversation accepted, whole, and a callback query carries the message it came from with its
 * whole keyboard. Our dialogues never read those from inside a conversation (rendering uses the
 * live context), so they are dropped.
 */
import { MemorySessionStorage, type StorageAdapter } from "grammy";
import { RedisAdapter } from "@grammyjs/storage-redis";
import type { Redis } from "ioredis";
import type { SessionData } from "./context.js";

export interface ChatStorage {
  session: StorageAdapter<SessionData>;
  conversation: StorageAdapter<unknown>;
  prefix: string;
  sessionKey(chatId: number): string;
  conversationKey(chatId: number): string;
}

/** Removes what our conversations never read from stored updates (keeps ids and text). */
export function slimUpdate(update: unknown): unknown {
  if (!update || typeof update !== "object") return update;
  const u = { ...(update as Record<string, unknown>) };
  const cq = u.callback_query as Record<string, unknown> | undefined;
  if (cq && typeof cq === "object") {
    const msg = cq.message as Record<string, unknown> | undefined;
    u.callback_query = {
      id: cq.id,
      from: slimUser(cq.from),
      chat_instance: cq.chat_instance,
      data: cq.data,
      ...(msg ? { message: { message_id: msg.message_id, date: msg.date, chat: slimChat(msg.chat) } } : {}),
    };
  }
  const m = u.message as Record<string, unknown> | undefined;
  if (m && typeof m === "object") {
    u.message = { message_id: m.message_id, date: m.date, chat: slimChat(m.chat), from: slimUser(m.from), text: m.text, entities: m.entities };
  }
  return u;
}

function slimUser(from: unknown): unknown {
  const f = from as Record<string, unknown> | undefined;
  return f ? { id: f.id, is_bot: f.is_bot, first_name: f.first_name, language_code: f.language_code } : f;
}
function slimChat(chat: unknown): unknown {
  const c = chat as Record<string, unknown> | undefined;
  return c ? { id: c.id, type: c.type } : c;
}

/** Walks the conversations plugin's stored data and slims every update in its receive logs. */
export function slimConversationData(value: unknown): unknown {
  const v = value as { state?: Record<string, { replay?: { receive?: { returnValue?: unknown }[] } }[]> } | undefined;
  if (!v || typeof v !== "object" || !v.state || typeof v.state !== "object") return value;
  for (const states of Object.values(v.state)) {
    if (!Array.isArray(states)) continue;
    for (const s of states) {
      for (const r of s.replay?.receive ?? []) {
        const rv = r.returnValue as Record<string, unknown> | undefined;
        if (rv && typeof rv === "object" && "update" in rv) r.returnValue = { ...rv, update: slimUpdate(rv.update) };
        else if (rv && typeof rv === "object" && "update_id" in rv) r.returnValue = slimUpdate(rv);
      }
    }
  }
  return value;
}

function slimming(inner: StorageAdapter<unknown>): StorageAdapter<unknown> {
  return {
    read: (k) => inner.read(k),
    write: (k, v) => inner.write(k, slimConversationData(v)),
    delete: (k) => inner.delete(k),
  };
}

export function createChatStorage(opts: { redis?: Redis; prefix: string; idleSeconds: number }): ChatStorage {
  const { prefix } = opts;
  // Conversation state outlives the idle limit a little, so the idle sweep still finds it to say so.
  const conversationTtl = opts.idleSeconds + 120;
  const session: StorageAdapter<SessionData> = opts.redis
    ? new RedisAdapter<SessionData>({ instance: opts.redis, ttl: 90 * 24 * 3600 })
    : new MemorySessionStorage<SessionData>();
  const conversation: StorageAdapter<unknown> = slimming(
    opts.redis
      ? new RedisAdapter<unknown>({ instance: opts.redis, ttl: conversationTtl })
      : new MemorySessionStorage<unknown>(conversationTtl * 1000),
  );
  return {
    session,
    conversation,
    prefix,
    sessionKey: (chatId) => `${prefix}s:${chatId}`,
    conversationKey: (chatId) => `${prefix}c:${chatId}`,
  };
}
