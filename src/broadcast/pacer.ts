/**
 * The pacer: one timeline of send slots that every sender takes its turn from, so that messages go
 * out evenly spaced at the configured rate, whichever process sends them. With Redis the timeline
 * is two keys read and written by one script (the server's clock, so processes agree on time);
 * without Redis it lives in this process.
 *
 * Each message takes `1e6 / rate` microseconds of the timeline, starting no earlier than now (an
 * idle sender saves no burst for later: Telegram counts any second, not a fixed window). A 429 from
 * Telegram pauses the timeline for its `retry_after`: a sender whose slot falls inside the pause
 * takes a new one after it.
 */
import type { Redis } from "ioredis";

/** Turns to send. */
export interface Pacer {
  /** Waits for this sender's turn to send one message that takes `costUs` of the timeline. */
  take(costUs: number): Promise<void>;
  /** Nobody sends for `ms` (Telegram asked to wait). */
  pause(ms: number): Promise<void>;
}

/** Microseconds of the timeline one message takes at `perSecond`. */
export const slotUs = (perSecond: number) => Math.round(1_000_000 / perSecond);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * KEYS: the next free slot (µs), the end of a pause (µs). ARGV: "take" | "check" | "pause", and the
 * slot's length or the pause's (µs). Returns µs to wait: for "take", until the slot taken; for
 * "check", until the pause ends.
 */
const PACE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local paused = tonumber(redis.call('GET', KEYS[2]) or '0')
local op = ARGV[1]
local amount = tonumber(ARGV[2])
if op == 'check' then
  if paused > now then return paused - now end
  return 0
end
local nextFree = tonumber(redis.call('GET', KEYS[1]) or '0')
if op == 'pause' then
  local till = now + amount
  local ttl = math.ceil(amount / 1000) + 60000
  if till > paused then redis.call('SET', KEYS[2], string.format('%.0f', till), 'PX', ttl) end
  if till > nextFree then redis.call('SET', KEYS[1], string.format('%.0f', till), 'PX', ttl) end
  return 0
end
local start = math.max(now, nextFree, paused)
redis.call('SET', KEYS[1], string.format('%.0f', start + amount), 'PX', math.ceil((start + amount - now) / 1000) + 60000)
return start - now
`;

type PaceCommand = (next: string, paused: string, op: "take" | "check" | "pause", amountUs: number) => Promise<number>;

/** Takes turns with `amountUs` waits from `op`, sleeping in between; shared by both pacers. */
function pacer(op: (what: "take" | "check" | "pause", amountUs: number) => Promise<number>): Pacer {
  return {
    async take(costUs) {
      for (;;) {
        const waitUs = await op("take", costUs);
        if (waitUs < 1000) return;
        await sleep(waitUs / 1000);
        // Paused while waiting: the slot is inside the pause, take a new one after it.
        if ((await op("check", 0)) <= 0) return;
      }
    },
    async pause(ms) {
      await op("pause", Math.round(ms * 1000));
    },
  };
}

/** The timeline in Redis under `key` (every process with the same key shares it). */
export function redisPacer(redis: Redis, key: string): Pacer {
  const r = redis as Redis & { renewPace?: PaceCommand };
  if (!r.renewPace) redis.defineCommand("renewPace", { numberOfKeys: 2, lua: PACE });
  return pacer((op, amount) => r.renewPace!(`${key}:next`, `${key}:paused`, op, amount));
}

/** The timeline in this process. */
export function memoryPacer(): Pacer {
  let nextFree = 0;
  let paused = 0;
  const nowUs = () => Math.round((performance.timeOrigin + performance.now()) * 1000);
  return pacer(async (op, amount) => {
    const now = nowUs();
    if (op === "check") return Math.max(0, paused - now);
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
