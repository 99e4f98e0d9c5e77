/**
 * Two webhook processes on one Redis and one PostgreSQL, as behind a load balancer: a chat's updates
 * delivered to both at once do not race on its session, and the flood limit counts a user's updates
 * across both.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type App, createApp } from "../src/bot/app.js";
import type { SessionData } from "../src/bot/context.js";
import { createLogger } from "../src/log.js";
import { type Harness, startHarness, until, WEBHOOK_SECRET } from "./support/bot-harness.js";

let h: Harness;
let second: App;
beforeAll(async () => {
  h = await startHarness({ name: "twoprocs", mode: "webhook" });
  second = await createApp({ config: h.app.deps.config, logger: createLogger("silent", []), db: h.db.db, jobIntervals: { reconcileMs: 250, notifyMs: 250, idleMs: 250 } });
  await second.startWebhook({ port: 0, setWebhook: false });
});
afterAll(async () => {
  await second?.stop();
  await h?.stop();
});

const hook = (app: App) => `http://127.0.0.1:${app.webhookPort}/tg/webhook`;

describe("two webhook processes", () => {
  it("handle a chat's updates one at a time: every update delivered to either is remembered in the session", async () => {
    const user = h.fake.user(9_700_001, { firstName: "Asha" });
    const updates = Array.from({ length: 8 }, () => user.sendText("/help"));
    const answers = await Promise.all(updates.map((u, i) => h.fake.deliverWebhook(hook(i % 2 === 0 ? h.app : second), u, WEBHOOK_SECRET)));
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(200));
    await until(h.fake, () => h.fake.messages(user.id).filter((m) => m.fromBot).length === 8, "eight answers");
    const session = JSON.parse((await h.redis.get(`${h.prefix}s:${user.id}`))!) as SessionData;
    expect([...session.seen!].sort()).toEqual(updates.map((u) => u.update_id as number).sort());
  });

  it("count one user's flood across both processes", async () => {
    const user = h.fake.user(9_700_002, { firstName: "Bina" });
    for (let i = 0; i < 24; i++) await h.fake.deliverWebhook(hook(i % 2 === 0 ? h.app : second), user.sendText("/help"), WEBHOOK_SECRET);
    await until(h.fake, () => h.fake.messages(user.id).some((m) => m.fromBot && /too fast/.test(m.text ?? "")), "the flood notice");
  });
});
