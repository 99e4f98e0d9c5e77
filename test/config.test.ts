import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config.js";

describe("config", () => {
  it("defaults: both aggregators disabled, documented timeouts", () => {
    const c = loadConfig({});
    expect(c.upstream.khalti).toBeUndefined();
    expect(c.upstream.globaltopup).toBeUndefined();
    expect(c.upstream.lookupTimeoutMs).toBe(15000);
    expect(c.upstream.commitTimeoutMs).toBe(30000);
  });

  it("enables Khalti with the base URL of its token's kind: a test token never goes to the live service", () => {
    expect(loadConfig({ KHALTI_TOKEN: "TEST:abc" }).upstream.khalti).toEqual({ baseUrl: "https://uatservices.khalti.com", token: "TEST:abc" });
    expect(loadConfig({ KHALTI_TOKEN: "live-abc" }).upstream.khalti).toEqual({ baseUrl: "https://services.khalti.com", token: "live-abc" });
    expect(loadConfig({ KHALTI_TOKEN: "TEST:abc", KHALTI_BASE_URL: "http://127.0.0.1:4010" }).upstream.khalti?.baseUrl).toBe("http://127.0.0.1:4010");
  });

  it("wants a webhook secret of at least 32 characters", () => {
    const hook = { WEBHOOK_URL: "https://bot.example.test/hook" };
    expect(() => loadConfig({ ...hook, WEBHOOK_SECRET: "short-secret-123" })).toThrow(/WEBHOOK_SECRET: must be 32-256 characters/);
    expect(loadConfig({ ...hook, WEBHOOK_SECRET: "a".repeat(32) }).bot.webhookSecret).toBe("a".repeat(32));
  });

  it("refuses a first status lookup sooner than 5 minutes, except in tests", () => {
    expect(() => loadConfig({ RECONCILE_DELAY_SECONDS: "60" })).toThrow(/RECONCILE_DELAY_SECONDS: must be at least 300/);
    expect(loadConfig({ RECONCILE_DELAY_SECONDS: "300" }).money.reconcileDelaySeconds).toBe(300);
    expect(loadConfig({ RECONCILE_DELAY_SECONDS: "0", NODE_ENV: "test" }).money.reconcileDelaySeconds).toBe(0);
  });

  it("refuses Redis (several processes) on the embedded database folder", () => {
    expect(() => loadConfig({ REDIS_URL: "redis://127.0.0.1:6379" })).toThrow(/DATABASE_URL: is required when REDIS_URL is set/);
    expect(loadConfig({ REDIS_URL: "redis://127.0.0.1:6379", DATABASE_URL: "postgres://u@h/db" }).redis?.url).toBe("redis://127.0.0.1:6379");
  });

  it("names every bad variable in one message, without the values of secrets", () => {
    let error: unknown;
    try {
      loadConfig({
        GLOBALTOPUP_TOKEN: "secret-gtu-token",
        UPSTREAM_LOOKUP_TIMEOUT_MS: "soon",
        KHALTI_BASE_URL: "not a url",
        ISP_ROUTE_PRIORITY: "worldlink=paypal",
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    for (const name of ["GLOBALTOPUP_BASE_URL", "UPSTREAM_LOOKUP_TIMEOUT_MS", "KHALTI_BASE_URL", "ISP_ROUTE_PRIORITY"]) {
      expect(message).toContain(name);
    }
    expect(message).not.toContain("secret-gtu-token");
    expect(message.split("\n")).toHaveLength(5);
  });

  it("parses per-ISP route priority", () => {
    const c = loadConfig({ ISP_ROUTE_PRIORITY: "worldlink=globaltopup, websurfer=khalti" });
    expect(c.upstream.routePriority).toEqual({ worldlink: "globaltopup", websurfer: "khalti" });
  });

  it("trims a trailing slash from base URLs", () => {
    const c = loadConfig({ GLOBALTOPUP_TOKEN: "t", GLOBALTOPUP_BASE_URL: "https://uatservices.globaltopup.in/api/v1/" });
    expect(c.upstream.globaltopup?.baseUrl).toBe("https://uatservices.globaltopup.in/api/v1");
  });
});
