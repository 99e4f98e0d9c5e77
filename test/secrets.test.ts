/**
 * Secrets never reach storage or logs: an aggregator that echoes our token in an odd field of a
 * commit or status answer leaves no trace of it in `payment_events` or `payments`, and a log line
 * that carries the database or Redis password (plain, or percent-encoded inside a URL) is scrubbed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configuredSecrets, loadConfig } from "../src/config.js";
import { createLogger } from "../src/log.js";
import { createMoney, type Money } from "../src/money/index.js";
import type { Upstream } from "../src/providers/index.js";
import type { Sandbox } from "../src/sandbox/server.js";
import { BACKENDS, type TestDb } from "./support/db.js";
import { GTU_TEST_TOKEN, KHALTI_TEST_TOKEN, sandboxAndUpstream } from "./support/upstream.js";

describe.each(BACKENDS)("aggregator answers echoing a token, stored on $name", ({ open }) => {
  let t: TestDb;
  let sandbox: Sandbox;
  let upstream: Upstream;
  let money: Money;
  let user = 7000;

  beforeAll(async () => {
    t = await open("secrets");
    ({ sandbox, upstream } = await sandboxAndUpstream({ commitTimeoutMs: 1000 }));
    money = createMoney({
      db: t.db,
      upstream,
      reconcileDelaySeconds: 0,
      staleSubmittedSeconds: 3600,
      secrets: [KHALTI_TEST_TOKEN, GTU_TEST_TOKEN],
    });
  });
  afterAll(async () => {
    await sandbox?.close();
    await t?.drop();
  });

  /** Everything stored about a payment, as text. */
  const stored = async (paymentId: number) => {
    const events = await t.db.query<{ raw: unknown; message: string | null }>("SELECT raw, message FROM payment_events WHERE payment_id = $1", [paymentId]);
    const payment = await t.db.query("SELECT upstream_message, upstream_id, lookup FROM payments WHERE id = $1", [paymentId]);
    return JSON.stringify({ events: events.rows, payment: payment.rows });
  };

  it("a commit answer with the Khalti token in an odd field and in its message", async () => {
    user += 1;
    await money.grant({ userId: user, amountPaisa: 1_000_000, adminId: 1 });
    const lookup = await upstream.lookup("worldlink", "online_renew");
    sandbox.injectFault({ fault: "echoToken", on: "commit" });
    const result = await money.pay({ key: `echo-commit-${user}`, payerUserId: user, lookup, optionKey: "pkg-1888118" });
    expect(result.payment.state).toBe("succeeded");
    const text = await stored(result.payment.id);
    expect(text).toContain("[redacted]");
    expect(text).not.toContain(KHALTI_TEST_TOKEN);
    expect(JSON.stringify(result.outcome)).not.toContain(KHALTI_TEST_TOKEN);
  });

  it("a status answer (reconciliation) and a Global Topup answer echoing the token", async () => {
    user += 1;
    await money.grant({ userId: user, amountPaisa: 2_000_000, adminId: 1 });
    const lookup = await upstream.lookup("worldlink", "online_renew");
    sandbox.injectFault({ fault: "queued", on: "commit" });
    const queued = await money.pay({ key: `echo-status-${user}`, payerUserId: user, lookup, optionKey: "pkg-1888118" });
    expect(queued.payment.state).toBe("pending");
    sandbox.injectFault({ fault: "echoToken", on: "status" });
    await money.reconcile({ all: true });
    expect((await money.payment({ id: queued.payment.id }))?.state).toBe("succeeded");
    expect(await stored(queued.payment.id)).not.toContain(KHALTI_TEST_TOKEN);

    const gtu = await upstream.lookup("subisu", "online_renew");
    sandbox.injectFault({ fault: "echoToken", on: "commit", aggregator: "globaltopup" });
    const paid = await money.pay({ key: `echo-gtu-${user}`, payerUserId: user, lookup: gtu, optionKey: gtu.options[0]!.key });
    expect(paid.payment.state).toBe("succeeded");
    const text = await stored(paid.payment.id);
    expect(text).toContain("[redacted]");
    expect(text).not.toContain(GTU_TEST_TOKEN);
  });
});

describe("the logger's scrub list", () => {
  it("holds the database and Redis passwords: a log line carrying them, plain or in a URL, is scrubbed", () => {
    const databaseUrl = "postgres://renew:Pa%24%24-w0rd-db@127.0.0.1:5432/renew";
    const redisUrl = "redis://:r3dis-Secret-pw@127.0.0.1:6379/0";
    const config = loadConfig({ DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, NODE_ENV: "test" });
    const lines: string[] = [];
    const logger = createLogger("info", configuredSecrets(config), { write: (l: string) => void lines.push(l) });
    logger.error({ err: new Error(`connect to ${databaseUrl} failed: password "Pa$$-w0rd-db" refused`) }, "database down");
    logger.warn({ url: redisUrl }, "redis reconnecting with r3dis-Secret-pw");
    const text = lines.join("\n");
    expect(lines).toHaveLength(2);
    expect(text).toContain("[redacted]");
    for (const secret of ["Pa$$-w0rd-db", "Pa%24%24-w0rd-db", "r3dis-Secret-pw"]) expect(text).not.toContain(secret);
  });
});
