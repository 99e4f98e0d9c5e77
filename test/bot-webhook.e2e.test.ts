/**
 * Webhook faults: the secret compared in constant time (any wrong secret is 401), an update slower
 * than the webhook's budget answered 200 without crashing the process while it finishes, an update
 * that throws answered with the apology and logged with its id.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sameSecret } from "../src/bot/webhook.js";
import { type Harness, lastText, startHarness, until, WEBHOOK_SECRET } from "./support/bot-harness.js";

describe("sameSecret", () => {
  it("is true only for the same text, whatever the lengths", () => {
    expect(sameSecret(WEBHOOK_SECRET, WEBHOOK_SECRET)).toBe(true);
    expect(sameSecret(`${WEBHOOK_SECRET}x`, WEBHOOK_SECRET)).toBe(false);
    expect(sameSecret(WEBHOOK_SECRET.slice(1), WEBHOOK_SECRET)).toBe(false);
    expect(sameSecret("", WEBHOOK_SECRET)).toBe(false);
    expect(sameSecret(undefined, WEBHOOK_SECRET)).toBe(false);
  });
});

describe("a webhook under faults", () => {
  let h: Harness;
  const log: string[] = [];
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown) => rejections.push(reason);
  beforeAll(async () => {
    process.on("unhandledRejection", onRejection);
    h = await startHarness({ name: "webhookfaults", mode: "webhook", app: { webhookBudgetMs: 300 }, log: { write: (line) => void log.push(line) } });
  });
  afterAll(async () => {
    await h?.stop();
    process.off("unhandledRejection", onRejection);
  });
  const url = () => `http://127.0.0.1:${h.app.webhookPort}/tg/webhook`;
  const deliver = async (update: Record<string, unknown>) => {
    const started = Date.now();
    const r = await h.fake.deliverWebhook(url(), update, WEBHOOK_SECRET);
    return { ...r, ms: Date.now() - started };
  };

  it("answers a slow update at its budget; the update finishes and nothing is left unhandled", async () => {
    const user = h.fake.user(9_600_001, { firstName: "Gita" });
    await deliver(user.sendText("/renew"));
    await deliver(user.sendText("worldlink"));
    const pick = user.lastBotMessage()!;
    await deliver(user.pressButton(pick, user.buttons(pick).find((b) => b.text === "WorldLink")!.data!));
    await until(h.fake, () => /type the username/.test(lastText(user)), "the account question");
    h.sandbox.injectFault({ fault: "timeout", on: "lookup", delayMs: 1200 });
    const slow = await deliver(user.sendText("online_renew"));
    expect(slow.status).toBe(200);
    expect(slow.ms).toBeLessThan(1000);
    // The update goes on after the answer: the customer sees the options.
    await until(h.fake, () => /Choose what to pay/.test(lastText(user)), "the options after the slow lookup");
    expect(log.some((l) => /past the webhook budget/.test(l))).toBe(true);
    expect(rejections).toEqual([]);
  });

  it("an update that throws gets the short apology, and the error is logged with the update id", async () => {
    const user = h.fake.user(9_600_002, { firstName: "Mina" });
    h.fake.failNext({ method: "sendMessage", errorCode: 400, description: "Bad Request: chat is having a bad day" });
    const update = user.sendText("/start");
    expect((await deliver(update)).status).toBe(200);
    await until(h.fake, () => /something went wrong on our side/.test(lastText(user)), "the apology");
    const line = log.find((l) => /update failed/.test(l));
    expect(line && JSON.parse(line).update).toBe(update.update_id);
    expect(rejections).toEqual([]);
  });
});
