/**
 * The upstream layer against a hostile or broken aggregator (the sandbox over real HTTP): a body
 * that trickles past the timeout, an answer over 1 MB, packages that come back in another order,
 * tokens kept out of URLs, and accounts read as the aggregators read them.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  InvalidRequest,
  type Lookup,
  newReference,
  type Upstream,
  UpstreamRejected,
  UpstreamUnavailable,
} from "../src/providers/index.js";
import type { Sandbox } from "../src/sandbox/server.js";
import { sandboxAndUpstream } from "./support/upstream.js";

let sandbox: Sandbox;
let upstream: Upstream;

beforeAll(async () => {
  ({ sandbox, upstream } = await sandboxAndUpstream({ commitTimeoutMs: 500, lookupTimeoutMs: 500 }));
});
afterAll(async () => {
  await sandbox?.close();
});
beforeEach(() => sandbox.reset());

const lastCommit = () => sandbox.commits.at(-1)!;
const timed = async <T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> => {
  const started = Date.now();
  const value = await work();
  return { value, ms: Date.now() - started };
};
const optionLabelled = (l: Lookup, label: string) => {
  const o = l.options.find((x) => x.label === label);
  if (!o) throw new Error(`no option "${label}" in ${l.options.map((x) => x.label).join(", ")}`);
  return o;
};

describe("the timeout covers the whole answer, body included", () => {
  it("a lookup whose body trickles past the timeout is unavailable at the timeout (both attempts)", async () => {
    sandbox.injectFault({ fault: "slowBody", on: "lookup", delayMs: 4_000, times: 2 });
    const { value, ms } = await timed(() => upstream.lookup("worldlink", "online_renew", { via: "khalti" }).then(() => "answered", (e: unknown) => e));
    expect(value).toBeInstanceOf(UpstreamUnavailable);
    expect((value as Error).message).toMatch(/did not answer in time/);
    expect(ms).toBeLessThan(2_500);
  });

  it("a commit whose body trickles past the timeout is pending; the status lookup then finds it", async () => {
    const l = await upstream.lookup("worldlink", "online_renew");
    sandbox.injectFault({ fault: "slowBody", on: "commit", delayMs: 4_000 });
    const ref = newReference();
    const { value, ms } = await timed(() => upstream.commit(l, "pkg-1888118", ref));
    expect(value).toMatchObject({ state: "pending", cause: "timeout" });
    expect(ms).toBeLessThan(1_500);
    expect(await upstream.status(l.route, ref)).toMatchObject({ state: "success" });
  });

  it("Global Topup: a trickled lookup is unavailable, a trickled execute pending", async () => {
    sandbox.injectFault({ fault: "slowBody", on: "lookup", aggregator: "globaltopup", delayMs: 4_000, times: 2 });
    await expect(upstream.lookup("subisu", "online_renew")).rejects.toBeInstanceOf(UpstreamUnavailable);
    const l = await upstream.lookup("subisu", "online_renew");
    sandbox.injectFault({ fault: "slowBody", on: "commit", aggregator: "globaltopup", delayMs: 4_000 });
    const { value, ms } = await timed(() => upstream.commit(l, l.options[0]!.key, newReference()));
    expect(value).toMatchObject({ state: "pending", cause: "timeout" });
    expect(ms).toBeLessThan(1_500);
  });
});

describe("answers over 1 MB are refused unread", () => {
  it("a lookup is unavailable, and is not asked twice", async () => {
    sandbox.injectFault({ fault: "oversized", on: "lookup", aggregator: "khalti" });
    await expect(upstream.lookup("worldlink", "online_renew", { via: "khalti" })).rejects.toThrow(/too large/);
    expect(sandbox.requests.filter((r) => r.path.includes("/details/"))).toHaveLength(1);
    sandbox.injectFault({ fault: "oversized", on: "lookup", aggregator: "globaltopup" });
    await expect(upstream.lookup("subisu", "online_renew")).rejects.toBeInstanceOf(UpstreamUnavailable);
  });

  it("a commit is pending (the money stays held) and a status answer decides nothing", async () => {
    const l = await upstream.lookup("worldlink", "online_renew");
    sandbox.injectFault({ fault: "oversized", on: "commit" });
    const ref = newReference();
    expect(await upstream.commit(l, "pkg-1888118", ref)).toMatchObject({ state: "pending", cause: "malformed", message: /too large/ });
    sandbox.injectFault({ fault: "oversized", on: "status" });
    expect(await upstream.status(l.route, ref)).toMatchObject({ state: "pending" });
    expect(await upstream.status(l.route, ref)).toMatchObject({ state: "success" });
  });
});

describe("hashcnet options are named by what the aggregator says, not by position", () => {
  it("packages reordered between the lookup and the commit: the chosen package is paid", async () => {
    const first = await upstream.lookup("techminds", "jeetenaug4");
    const chosen = optionLabelled(first, "Fiber Gold · 1 Month");
    sandbox.injectFault({ fault: "reorder", on: "lookup" });
    const again = await upstream.lookup("techminds", "jeetenaug4");
    expect(again.options[0]!.label).not.toBe(first.options[0]!.label);
    expect(await upstream.commit(again, chosen.key, newReference())).toMatchObject({ state: "success" });
    expect(lastCommit()).toMatchObject({ accepted: true, amountPaisa: 123_200 });
    expect(lastCommit().body).toMatchObject({ package_code: "9", duration_code: "1", amount: 1232 });
  });

  it("keys stay the same across lookups, and differ for packages that share a code", async () => {
    const a = await upstream.lookup("techminds", "jeetenaug4");
    sandbox.injectFault({ fault: "reorder", on: "lookup" });
    const b = await upstream.lookup("techminds", "jeetenaug4");
    const keys = (l: Lookup) => Object.fromEntries(l.options.map((o) => [o.label, o.key]));
    expect(keys(b)).toEqual(keys(a));
    expect(new Set(a.options.map((o) => o.key)).size).toBe(a.options.length);
    expect(optionLabelled(a, "Fiber Gold · 1 Month").key).not.toBe(optionLabelled(a, "FTTH-50Mbps · 1 Month").key);
  });
});

describe("tokens never stand in a URL", () => {
  it("every request of every kind (lookup, commit, status) carries its token in the body or a header", async () => {
    for (const [isp, account] of [["worldlink", "online_renew"], ["subisu", "online_renew"]] as const) {
      const l = await upstream.lookup(isp, account);
      const ref = newReference();
      await upstream.commit(l, l.options[0]!.key, ref);
      expect(await upstream.status(l.route, ref)).toMatchObject({ state: "success" });
    }
    // Khalti's status lookup goes as documented: a GET whose JSON body holds the token.
    expect(sandbox.requests.some((r) => r.path === "/api/service/status/" && r.method === "GET")).toBe(true);
    expect(sandbox.requests.filter((r) => r.query.length > 0)).toEqual([]);
  });
});

describe("accounts are read as each aggregator reads them", () => {
  const asked = (aggregator: "khalti" | "globaltopup") => sandbox.requests.filter((r) => r.aggregator === aggregator).length;

  it("a times customer id that is not all digits goes to Khalti, which answers", async () => {
    const err = await upstream.lookup("pathibara-internet", "WS-1001").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UpstreamRejected);
    expect((err as Error).message).toBe("Customer not found.");
    expect(sandbox.requests.map((r) => r.path)).toEqual(["/api/servicegroup/userlist/times/"]);
    await expect(upstream.lookup("pathibara-internet", "WS 1001")).rejects.toBeInstanceOf(InvalidRequest);
  });

  it("a times ISP also on Global Topup: a customer id goes to times, a username to Global Topup", async () => {
    expect((await upstream.lookup("websurfer", "1112858")).route.family).toBe("times");
    const byUsername = await upstream.lookup("websurfer", "online_renew");
    expect(byUsername.route).toMatchObject({ aggregator: "globaltopup", operatorId: 22, accountField: "username" });
    expect(byUsername.account).toBe("online_renew");
    expect(byUsername.options.length).toBeGreaterThan(0);
    expect(await upstream.commit(byUsername, byUsername.options[0]!.key, newReference())).toMatchObject({ state: "success" });
  });

  it("with Khalti unreachable, the Global Topup route is usable with the username", async () => {
    sandbox.injectFault({ fault: "http500", on: "lookup", aggregator: "khalti", times: 2 });
    const l = await upstream.lookup("websurfer", "rameshsah_fbrgj");
    expect(l.route.aggregator).toBe("globaltopup");
    expect(asked("khalti")).toBe(2);
  });

  it("when no route finds the account, the first route's refusal is the answer", async () => {
    const err = await upstream.lookup("websurfer", "999").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UpstreamRejected);
    expect(err).toMatchObject({ aggregator: "khalti", message: "Customer not found." });
    expect(asked("globaltopup")).toBe(1);
  });

  it("a refusal is final where every route reads the account the same way, or with an explicit route", async () => {
    await expect(upstream.lookup("worldlink", "nobody_here")).rejects.toBeInstanceOf(UpstreamRejected);
    await expect(upstream.lookup("websurfer", "online_renew", { via: "khalti" })).rejects.toBeInstanceOf(UpstreamRejected);
    expect(asked("globaltopup")).toBe(0);
  });
});
