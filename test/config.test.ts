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

  it("enables Khalti with its default base URL when the token is set", () => {
    const c = loadConfig({ KHALTI_TOKEN: "TEST:abc" });
    expect(c.upstream.khalti).toEqual({ baseUrl: "https://services.khalti.com", token: "TEST:abc" });
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
