/**
 * Closing an idle dialogue must not overwrite a session an update wrote after the sweeper read it.
 * Real Redis (this file's own key prefix) and the in-memory storage.
 */
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { createChatStorage } from "../src/bot/storage.js";
import type { SessionData } from "../src/bot/context.js";
import { REDIS_URL } from "./support/bot-harness.js";

const redis = new Redis(REDIS_URL);
const prefix = `test:storage:${randomBytes(3).toString("hex")}:`;
afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
});

const open = (lang: string): SessionData => ({ __language_code: lang, convo: { state: { renew: [{ replay: { receive: [] } }] } } }) as unknown as SessionData;

describe.each([
  ["redis", () => createChatStorage({ redis, prefix })],
  ["memory", () => createChatStorage({ prefix })],
])("closing a dialogue (%s)", (kind, make) => {
  it("drops the conversation and keeps the rest of an unchanged session", async () => {
    const storage = make();
    const chat = 101;
    await storage.session.write(storage.sessionKey(chat), open("ne"));
    const snap = await storage.snapshot(chat);
    expect(snap?.session.convo).toBeDefined();
    expect(await storage.closeDialogue(chat, snap!)).toBe(true);
    const after = (await storage.session.read(storage.sessionKey(chat))) as SessionData;
    expect(after.convo).toBeUndefined();
    expect(after.__language_code).toBe("ne");
    // The session keeps the expiry the adapter gave it.
    if (kind === "redis") expect(await redis.ttl(storage.sessionKey(chat))).toBeGreaterThan(24 * 3600);
  });

  it("leaves a session an update wrote after the snapshot alone", async () => {
    const storage = make();
    const chat = 102;
    await storage.session.write(storage.sessionKey(chat), open("en"));
    const snap = await storage.snapshot(chat);
    // An update moves the dialogue on (and switches language) before the sweeper writes.
    const newer = open("ne");
    await storage.session.write(storage.sessionKey(chat), newer);
    expect(await storage.closeDialogue(chat, snap!)).toBe(false);
    expect(await storage.session.read(storage.sessionKey(chat))).toEqual(newer);
  });

  it("has nothing to snapshot for a chat without a session", async () => {
    expect(await make().snapshot(103)).toBeUndefined();
  });
});
