/**
 * The pacer: every sender, in every process, takes its turn from it, so that the bot as a whole
 * never sends more than Telegram allows. With Redis its state is a few keys read and written by one
 * script (the server's clock, so processes agree on time); without Redis it lives in this process.
 *
 * Two rules, both needed:
 * - a timeline of slots: each message takes `1 s / rate` of it, starting no earlier than now (an
 *   idle sender saves no burst for later), so messages go out evenly spaced;
 * - at the moment of sending, a window: no more than `perSecond` messages in the last second. A
 *   sender that woke up late for its slot (a busy process) would otherwise send right before the
 *   punctual ones and crowd a second, which is what Telegram (and our emulator) count.
 * A 429 from Telegram pauses both for its `retry_after`; a sender waiting meanwhile takes a new slot
 * after the pause. The pacer's second is `SECOND_US`, a little longer than Telegram's.
 */
import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";

/** Turns to send. */
export interface Pacer {
  /**
   * Waits for this sender's turn to send one message (at most `perSecond` of them in any second).
   * `ready`, asked when the turn comes but before it is counted, may give it up (`false` is then
   * returned): nothing slow runs between a message being counted and it being sent.
   */
  take(perSecond: number, ready?: () => Promise<boolean>): Promise<boolean>;
  /** Nobody sends for `ms` (Telegram asked to wait). */
  pause(ms: number): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/**
 * "A second", as the pacer counts it: 25 ms longer than Telegram's, for messages that reach Telegram
 * a little later than their turn (a busy process, the network), which would otherwise crowd its
 * second. At 30 a second this sends 29.3.
 */
export const SECOND_US = 1_025_000;

/**
 * KEYS: the next free slot (µs), the end of a pause (µs), the window (a sorted set of send times).
 * ARGV: the operation, and its amount:
 * - "take" (the slot's length, µs): takes the next slot; returns µs until it starts;
 * - "send" (messages allowed per second): returns 0 and records the send when the window has room;
 *   otherwise µs until it may have, negative while paused;
 * - "pause" (µs): nobody sends until then.
 * ARGV[3] is a unique member for the window.
 */
const PACE = `
-- Numbers go to Redis through string.format: Lua would write them with 14 digits, and these have 16.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local paused = tonumber(redis.call('GET', KEYS[2]) or '0')
local op = ARGV[1]
local amount = tonumber(ARGV[2])
local ttl = 120000
if op == 'send' then
  if paused > now then return -(paused - now) end
  redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', string.format('%.0f', now - ${SECOND_US}))
  local n = redis.call('ZCARD', KEYS[3])
  if n >= amount then
    local first = redis.call('ZRANGE', KEYS[3], n - amount, n - amount, 'WITHSCORES')
    return math.max(1, tonumber(first[2]) + ${SECOND_US} - now)
  end
  redis.call('ZADD', KEYS[3], string.format('%.0f', now), ARGV[3])
  redis.call('PEXPIRE', KEYS[3], ttl)
  return 0
end
local nextFree = tonumber(redis.call('GET', KEYS[1]) or '0')
if op == 'pause' then
  local till = now + amount
  if till > paused then redis.call('SET', KEYS[2], string.format('%.0f', till), 'PX', ttl + math.ceil(amount / 1000)) end
  if till > nextFree then redis.call('SET', KEYS[1], string.format('%.0f', till), 'PX', ttl + math.ceil(amount / 1000)) end
  return 0
end
local start = math.max(now, nextFree, paused)
redis.call('SET', KEYS[1], string.format('%.0f', start + amount), 'PX', ttl + math.ceil((start + amount - now) / 1000))
return start - now
`;

type Op = (what: "take" | "send" | "pause", amount: number) => Promise<number>;

/** Turns from `op` (the script, or its copy in memory), sleeping in between. */
function pacer(op: Op): Pacer {
  return {
    async take(perSecond, ready) {
      for (;;) {
        const waitUs = await op("take", Math.round(SECOND_US / perSecond));
        if (waitUs >= 1000) await sleep(waitUs / 1000);
        if (ready && !(await ready())) return false;
        let send = await op("send", perSecond);
        while (send > 0) {
          await sleep(send / 1000);
          send = await op("send", perSecond);
        }
        if (send === 0) return true;
        // Paused: a new slot after the pause.
        await sleep(-send / 1000);
      }
    },
    async pause(ms) {
      await op("pause", Math.round(ms * 1000));
    },
  };
}

type PaceCommand = (next: string, paused: string, window: string, op: string, amount: number, member: string) => Promise<number>;

/** The pacer in Redis under `key` (every process with the same key shares it). */
export function redisPacer(redis: Redis, key: string): Pacer {
  const r = redis as Redis & { renewPace?: PaceCommand };
  if (!r.renewPace) redis.defineCommand("renewPace", { numberOfKeys: 3, lua: PACE });
  const me = randomBytes(4).toString("hex");
  let n = 0;
  return pacer((op, amount) => r.renewPace!(`${key}:next`, `${key}:paused`, `${key}:window`, op, amount, `${me}:${(n += 1)}`));
}

/** The pacer in this process. */
export function memoryPacer(): Pacer {
  let nextFree = 0;
  let paused = 0;
  const window: number[] = [];
  const nowUs = () => Math.round((performance.timeOrigin + performance.now()) * 1000);
  return pacer(async (op, amount) => {
    const now = nowUs();
    if (op === "send") {
      if (paused > now) return -(paused - now);
      while (window.length > 0 && window[0]! <= now - SECOND_US) window.shift();
      if (window.length >= amount) return Math.max(1, window[window.length - amount]! + SECOND_US - now);
      window.push(now);
      return 0;
    }
    if (op === "pause") {
      paused = Math.max(paused, now + amount);
      nextFree = Math.max(nextFree, now + amount);
      return 0;
    }
    const start = Math.max(now, nextFree, paused);
    nextFree = start + amount;
    return start - now;
  });
}
