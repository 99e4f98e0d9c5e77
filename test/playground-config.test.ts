/** The playground's settings, made from the loaded ones (`playgroundConfig`). */
import { describe, expect, it } from "vitest";
import { loadConfig, PLAYGROUND_COMMIT_TIMEOUT_MS, PLAYGROUND_RECONCILE_DELAY_SECONDS, playgroundConfig } from "../src/config.js";

const wiring = {
  botApi: { url: "http://127.0.0.1:5001", token: "123456:playground-token" },
  sandbox: { khalti: { baseUrl: "http://127.0.0.1:5002", token: "TEST:sandbox" }, globaltopup: { baseUrl: "http://127.0.0.1:5002/api/v1", token: "sandbox" } },
  adminId: 3_000_001,
};

describe("playgroundConfig", () => {
  it("talks to the emulator, pays the built-in sandbox, keeps sessions in memory and money in DATA_DIR/playground, whatever is configured", () => {
    const loaded = loadConfig({
      DATA_DIR: "/srv/renew/data/",
      DATABASE_URL: "postgres://u@db/renew",
      REDIS_URL: "redis://cache:6379",
      KHALTI_TOKEN: "live-secret",
      GLOBALTOPUP_TOKEN: "live-gtu",
      GLOBALTOPUP_BASE_URL: "https://gtu.example/api/v1",
      WEBHOOK_URL: "https://bot.example/hook",
      WEBHOOK_SECRET: "s".repeat(32),
      ADMIN_IDS: "42",
      PORT: "9000",
    });
    const c = playgroundConfig(loaded, wiring);
    expect(c.bot).toMatchObject({ token: wiring.botApi.token, apiRoot: wiring.botApi.url, webhookUrl: undefined, port: 9000 });
    expect(c.bot.paymentProviderToken).toBeTruthy();
    expect(c.redis).toBeUndefined();
    expect(c.money).toMatchObject({ databaseUrl: undefined, dataDir: "/srv/renew/data/playground", reconcileDelaySeconds: PLAYGROUND_RECONCILE_DELAY_SECONDS });
    expect(c.upstream.khalti).toEqual(wiring.sandbox.khalti);
    expect(c.upstream.globaltopup).toEqual(wiring.sandbox.globaltopup);
    expect(c.upstream.commitTimeoutMs).toBe(PLAYGROUND_COMMIT_TIMEOUT_MS);
    expect(c.money.staleSubmittedSeconds).toBe(PLAYGROUND_COMMIT_TIMEOUT_MS / 1000 + 60);
    expect(c.adminIds).toEqual([42, 3_000_001]);
    // The loaded settings are left as they were.
    expect(loaded.redis?.url).toBe("redis://cache:6379");
    expect(loaded.adminIds).toEqual([42]);
  });
});
