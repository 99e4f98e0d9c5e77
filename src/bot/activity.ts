/**
 * When each chat's dialogue last moved, so a dialogue idle too long can be closed with a message.
 * Redis (a sorted set, safe across processes: a chat is claimed by one sweeper) or memory.
 */
import type { Redis } from "ioredis";

export interface Activity {
  /** A dialogue step happened in this chat. */
  touch(chatId: number): Promise<void>;
  /** The dialogue ended: nothing to time out. */
  clear(chatId: number): Promise<void>;
  /** Takes (removes and returns) the chats idle for longer than `idleMs`. */
  claimIdle(idleMs: number, limit?: number): Promise<number[]>;
}

const CLAIM = `
local out = {}
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
for _, m in ipairs(due) do
  if redis.call('ZREM', KEYS[1], m) == 1 then table.insert(out, m) end
end
return out`;

export function redisActivity(redis: Redis, key: string): Activity {
  return {
    async touch(chatId) {
      await redis.zadd(key, Date.now(), String(chatId));
    },
    async clear(chatId) {
      await redis.zrem(key, String(chatId));
    },
    async claimIdle(idleMs, limit = 100) {
      const claimed = (await redis.eval(CLAIM, 1, key, String(Date.now() - idleMs), String(limit))) as string[];
      return claimed.map(Number);
    },
  };
}

export function memoryActivity(): Activity {
  const last = new Map<number, number>();
  return {
    async touch(chatId) {
      last.set(chatId, Date.now());
    },
    async clear(chatId) {
      last.delete(chatId);
    },
    async claimIdle(idleMs, limit = 100) {
      const threshold = Date.now() - idleMs;
      const out: number[] = [];
      for (const [chat, at] of last) {
        if (at <= threshold && out.length < limit) {
          last.delete(chat);
          out.push(chat);
        }
      }
      return out;
    },
  };
}
