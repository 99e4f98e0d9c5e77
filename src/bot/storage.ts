/**
 * Where the bot keeps per-chat state: Redis through @grammyjs/storage-redis when `REDIS_URL` is set,
 * memory otherwise. Keys are `<prefix>s:<chat>` (the session, which also carries the conversation
 * state) and `<prefix>idle` (dialogue activity).
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
import { type Locale, localeOf } from "./ui.js";

/** How long a chat's session is kept after its last write (its language choice, a dialogue's state). */
export const SESSION_TTL_SECONDS = 90 * 24 * 3600;

export interface ChatStorage {
  session: StorageAdapter<SessionData>;
  /** Removes expired sessions that nothing removes by itself (memory); returns how many are left. */
  prune(): Promise<number | undefined>;
  prefix: string;
  sessionKey(chatId: number): string;
  /** The chat's session as stored now, to close its dialogue with `closeDialogue` after. */
  snapshot(chatId: number): Promise<SessionSnapshot | undefined>;
  /**
   * Drops the dialogue (conversation state) from the session taken in `snapshot`, only if the
   * session has not been written since: a chat whose update wrote it meanwhile is not idle, and its
   * newer session must not be overwritten. Returns false when the session changed.
   */
  closeDialogue(chatId: number, snap: SessionSnapshot): Promise<boolean>;
}

/** A session as read, with the stored text it was read from (what `closeDialogue` compares). */
export interface SessionSnapshot {
  session: SessionData;
  raw: string;
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

/** Sets KEYS[1] to ARGV[2] only while it still holds ARGV[1], keeping its expiry. */
const COMPARE_AND_SET = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2], 'KEEPTTL')
  return 1
end
return 0`;

const withoutDialogue = (session: SessionData): SessionData => {
  const next = { ...session };
  delete next.convo;
  return next;
};

export function createChatStorage(opts: { redis?: Redis; prefix: string; ttlSeconds?: number }): ChatStorage {
  const { prefix, redis } = opts;
  const ttlSeconds = opts.ttlSeconds ?? SESSION_TTL_SECONDS;
  const sessionKey = (chatId: number) => `${prefix}s:${chatId}`;
  if (redis) {
    // The adapter stores JSON text under the key; the snapshot keeps that text to compare with.
    return {
      session: new RedisAdapter<SessionData>({ instance: redis, ttl: ttlSeconds }),
      // Redis expires sessions by itself.
      prune: async () => undefined,
      prefix,
      sessionKey,
      async snapshot(chatId) {
        const raw = await redis.get(sessionKey(chatId));
        return raw === null ? undefined : { session: JSON.parse(raw) as SessionData, raw };
      },
      async closeDialogue(chatId, snap) {
        const set = await redis.eval(COMPARE_AND_SET, 1, sessionKey(chatId), snap.raw, JSON.stringify(withoutDialogue(snap.session)));
        return set === 1;
      },
    };
  }
  // In memory, a read and a write with nothing awaited between them cannot interleave with an update.
  // Memory sessions expire too; reading them all drops the expired ones (the idle job does it).
  const memory = new MemorySessionStorage<SessionData>(ttlSeconds * 1000);
  return {
    session: memory,
    prune: async () => memory.readAllValues().length,
    prefix,
    sessionKey,
    async snapshot(chatId) {
      const session = memory.read(sessionKey(chatId));
      return session === undefined ? undefined : { session, raw: JSON.stringify(session) };
    },
    async closeDialogue(chatId, snap) {
      const now = memory.read(sessionKey(chatId));
      if (now === undefined || JSON.stringify(now) !== snap.raw) return false;
      memory.write(sessionKey(chatId), withoutDialogue(now));
      return true;
    },
  };
}

/**
 * The conversations plugin's storage, inside the session (its "context" storage type): reading it
 * costs nothing more than the session read every update makes anyway, and it is written with the
 * session. What is stored is slimmed first.
 */
export const conversationInSession = {
  read: (ctx: { session: SessionData }) => ctx.session.convo,
  write: (ctx: { session: SessionData }, state: unknown) => {
    ctx.session.convo = slimConversationData(state);
  },
  delete: (ctx: { session: SessionData }) => {
    delete ctx.session.convo;
  },
};

/** Whether stored conversation data holds a dialogue that is still waiting. */
export function hasOpenConversation(convo: unknown): boolean {
  const state = (convo as { state?: Record<string, unknown[]> } | undefined)?.state;
  return !!state && Object.values(state).some((list) => Array.isArray(list) && list.length > 0);
}

/** The language kept in a chat's session (a user's private chat has the user's id). */
export async function localeIn(storage: ChatStorage, chatId: number): Promise<Locale> {
  const session = (await storage.session.read(storage.sessionKey(chatId))) as SessionData | undefined;
  return localeOf({ session });
}
