/**
 * Contract tests: every family's adapter against the sandbox aggregators over real HTTP, with the
 * documented test accounts and every fault.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createUpstream,
  InvalidRequest,
  isNumericReference,
  type Lookup,
  lookupReference,
  needsConnection,
  newReference,
  type Upstream,
  UpstreamMalformed,
  UpstreamRejected,
  UpstreamUnavailable,
} from "../src/providers/index.js";
import type { Sandbox } from "../src/sandbox/server.js";
import { GTU_TEST_TOKEN, KHALTI_TEST_TOKEN, sandboxAndUpstream } from "./support/upstream.js";

let sandbox: Sandbox;
let upstream: Upstream;

beforeAll(async () => {
  ({ sandbox, upstream } = await sandboxAndUpstream({ commitTimeoutMs: 400, lookupTimeoutMs: 400 }));
});
afterAll(async () => {
  await sandbox?.close();
});

const lastCommit = () => sandbox.commits.at(-1)!;
const option = (l: Lookup, key: string) => {
  const o = l.options.find((x) => x.key === key);
  if (!o) throw new Error(`no option ${key} in ${l.options.map((x) => x.key).join(",")}`);
  return o;
};

describe("worldlink-v2", () => {
  it("package switchable user: options from package_options, no due, current plan marked", async () => {
    const l = await upstream.lookup("worldlink", "online_renew");
    expect(l.route).toMatchObject({ aggregator: "khalti", family: "worldlink-v2" });
    expect(l.customer).toMatchObject({ name: "Online Renew", plan: "Value Standard 25mbps/3mths 1TV (Renew)", daysRemaining: 0 });
    expect(l.options).toHaveLength(7);
    expect(l.options.filter((o) => o.current).map((o) => o.key)).toEqual(["pkg-1888314"]);
    expect(option(l, "pkg-1888125")).toMatchObject({ amountPaisa: 2_825_000, kind: "package" });
    expect(l.options.every((o) => !o.breakdown)).toBe(true);
    const ref = newReference();
    const outcome = await upstream.commit(l, "pkg-1888118", ref);
    expect(outcome).toMatchObject({ state: "success", upstreamState: "Success" });
    expect(lastCommit()).toMatchObject({ family: "worldlink-v2", reference: ref, accepted: true, amountPaisa: 593_200 });
    expect(lastCommit().body).toMatchObject({ package_id: 1888118, amount: 5932 });
    expect(lastCommit().body).not.toHaveProperty("token");
  });

  it("switchable user with due: the due is added to every package but the subscribed one", async () => {
    const l = await upstream.lookup("worldlink", "online_due_and_package");
    expect(l.options).toHaveLength(8);
    expect(l.customer.duePaisa).toBe(30_100);
    const same = option(l, "pkg-1888768");
    expect(same).toMatchObject({ amountPaisa: 1_220_400, current: true });
    expect(same.breakdown).toBeUndefined();
    const other = option(l, "pkg-1888857");
    expect(other.amountPaisa).toBe(1_627_200 + 30_100);
    expect(other.breakdown).toEqual([
      { kind: "package", label: "Smart Offer (1TV) 2079 200mbps/12mths", amountPaisa: 1_627_200 },
      { kind: "due", label: "Due", amountPaisa: 30_100 },
    ]);
    expect(option(l, "pkg-18881068").label).toBe("WorldLink TurboSpeed Plus 150Mbps/12M");
    expect(await upstream.commit(l, "pkg-1888857", newReference())).toMatchObject({ state: "success" });
    expect(lastCommit().body).toMatchObject({ amount: 16573, package_id: 1888857 });
  });

  it("the subscribed package is paid without the due", async () => {
    const l = await upstream.lookup("worldlink", "online_due_and_package");
    expect(await upstream.commit(l, "pkg-1888768", newReference())).toMatchObject({ state: "success" });
    expect(lastCommit().body).toMatchObject({ amount: 12204, package_id: 1888768 });
  });

  it("due-only user: one option for `amount`, committed with no package_id", async () => {
    const l = await upstream.lookup("worldlink", "online_due_payment");
    expect(l.options).toEqual([expect.objectContaining({ key: "due", kind: "due", amountPaisa: 495_000 })]);
    expect(l.customer.duePaisa).toBe(495_000);
    expect(await upstream.commit(l, "due", newReference())).toMatchObject({ state: "success" });
    expect(lastCommit().body).toMatchObject({ amount: 4950 });
    expect(lastCommit().body).not.toHaveProperty("package_id");
  });

  it("an unknown customer is refused in the aggregator's words", async () => {
    const err = await upstream.lookup("worldlink", "nobody_here").catch((e) => e);
    expect(err).toBeInstanceOf(UpstreamRejected);
    expect(err.message).toBe("Customer not found.");
  });
});

describe("konnect", () => {
  it("active customer: packages with the current one marked, plan, end date and due", async () => {
    const l = await upstream.lookup("loop-network", "active");
    expect(l.route).toMatchObject({ family: "konnect", slug: "loop-network" });
    expect(l.customer).toMatchObject({ name: "Chandra Mani Neupane", status: "Active", expiresOn: "2021-04-30", duePaisa: 0, mobile: "9869045195" });
    expect(l.options.map((o) => [o.key, o.amountPaisa, o.current])).toEqual([
      ["pkg-1-13286-5-3", 599_900, true],
      ["pkg-1-13286-5-12", 1_550_000, false],
    ]);
    expect(await upstream.commit(l, "pkg-1-13286-5-12", newReference())).toMatchObject({ state: "success" });
    expect(lastCommit()).toMatchObject({ family: "konnect", amountPaisa: 1_550_000 });
  });

  it("expired customer can renew", async () => {
    const l = await upstream.lookup("izone", "expired");
    expect(l.customer.status).toBe("Expired");
    expect(l.options).toHaveLength(4);
    expect(option(l, "pkg-1-4412-8-12").current).toBe(true);
  });

  it("a new customer gets a clear result with no options: first payment at the office", async () => {
    const l = await upstream.lookup("dg-link", "new");
    expect(l.options).toEqual([]);
    expect(l.notPayable).toMatchObject({ code: "first-payment-at-office" });
    expect(l.notPayable?.message).toMatch(/nearest office/);
    await expect(upstream.commit(l, "anything", newReference())).rejects.toBeInstanceOf(InvalidRequest);
  });
});

describe("hashcnet-v2", () => {
  it("two levels: package then duration; package_code is not unique", async () => {
    const l = await upstream.lookup("techminds", "jeetenaug4");
    expect(l.route).toMatchObject({ family: "hashcnet-v2", slug: "techminds" });
    expect(l.customer).toMatchObject({ name: "jeetenaug4(23123213)", plan: "Fiber Gold", daysRemaining: 314 });
    expect(l.options).toHaveLength(12);
    expect(new Set(l.options.map((o) => o.key)).size).toBe(12);
    const ftth = option(l, "ftth-50mbps-c9-6eaa7add-d1");
    expect(ftth).toMatchObject({ label: "FTTH-50Mbps · 1 Month", amountPaisa: 99_900, group: { key: "ftth-50mbps-c9-6eaa7add", label: "FTTH-50Mbps" }, current: false });
    expect(option(l, "fiber-gold-c9-b8d3a88c-dcustom_3")).toMatchObject({ amountPaisa: 85_900, current: true });
    expect(await upstream.commit(l, "ftth-50mbps-c9-6eaa7add-d1", newReference())).toMatchObject({ state: "success" });
    expect(lastCommit().body).toMatchObject({ package_code: "9", duration_code: "1", amount: 999 });
    expect(Object.keys(lastCommit().body).every((k) => !k.includes(" "))).toBe(true);
  });

  it("BBN Internet test account", async () => {
    const l = await upstream.lookup("bbn-internet", "pnt_test");
    expect(l.options.length).toBeGreaterThan(0);
    const first = l.options[0]!;
    expect(await upstream.commit(l, first.key, newReference())).toMatchObject({ state: "success" });
  });
});

describe("times", () => {
  it("a customer with two connections chooses one, then sees its packages", async () => {
    const l = await upstream.lookup("websurfer", "1112858");
    expect(l.route).toMatchObject({ family: "times", slug: "websurfer-internet", accountField: "customer_id" });
    expect(l.connections).toHaveLength(2);
    expect(needsConnection(l)).toBe(true);
    expect(l.options).toEqual([]);
    const second = l.connections![1]!.username;
    const l2 = await upstream.lookup("websurfer", "1112858", { connection: second });
    expect(l2.connection).toBe(second);
    expect(needsConnection(l2)).toBe(false);
    expect(l2.options.length).toBeGreaterThan(0);
    const first = await upstream.lookup("websurfer", "1112858", { connection: l.connections![0]!.username });
    expect(first.options).toHaveLength(31);
    expect(option(first, "pkg-125")).toMatchObject({ label: "5Mbps Monthly Old - Nepalgunj (MONTHLY)", amountPaisa: 79_000 });
    const ref = newReference();
    expect(await upstream.commit(first, "pkg-125", ref)).toMatchObject({ state: "success", creditsConsumedPaisa: 79_000 });
    expect(lastCommit()).toMatchObject({ family: "times", reference: ref });
    expect(lastCommit().body).toMatchObject({ package_id: "125", amount: 790 });
  });

  it("a single connection is chosen by itself (Sky test customer)", async () => {
    const l = await upstream.lookup("sky-internet", "1073661");
    expect(l.connection).toBe("ftth_sujan_thapa");
    expect(l.options.length).toBeGreaterThan(0);
  });

  it("refuses a connection the customer does not have, and a malformed customer id", async () => {
    await expect(upstream.lookup("websurfer", "1112858", { connection: "someone_else" })).rejects.toBeInstanceOf(UpstreamRejected);
    // Issue 11, item 14: "ram" is no longer refused unasked (a customer id need not be digits).
    await expect(upstream.lookup("websurfer", "ram thapa")).rejects.toBeInstanceOf(InvalidRequest);
  });
});

describe("Global Topup (Merosoft)", () => {
  it("looks up and pays through execute; the status lookup confirms", async () => {
    const l = await upstream.lookup("worldlink", "online_renew", { via: "globaltopup" });
    expect(l.route).toMatchObject({ aggregator: "globaltopup", family: "merosoft", operatorId: 20 });
    expect(l.customer).toMatchObject({ name: "Majdur family", address: "CHITWAN", plan: "Dealdaar offer-50Mbps/12mths", daysRemaining: 233, duePaisa: 0 });
    expect(l.options.map((o) => [o.key, o.amountPaisa])).toEqual([
      ["pkg-800011", 452_000],
      ["pkg-800012", 180_800],
      ["pkg-800013", 361_600],
      ["pkg-800014", 678_000],
    ]);
    expect(option(l, "pkg-800011").current).toBe(true);
    const ref = newReference();
    const outcome = await upstream.commit(l, "pkg-800012", ref);
    expect(outcome).toMatchObject({ state: "success" });
    expect(lastCommit()).toMatchObject({ aggregator: "globaltopup", family: "merosoft", reference: ref, accepted: true });
    expect(lastCommit().body).toMatchObject({ operator_id: 20, operator_type_id: 5, connection_no: "online_renew", reference_no: ref, amount: 1808, package_id: 800012, package_name: "Dealdaar offer-80Mbps/3mths" });
    const status = await upstream.status(l.route, ref);
    expect(status).toMatchObject({ state: "success", upstreamId: outcome.upstreamId });
  });

  it("a second Merosoft customer, and an unknown one", async () => {
    const l = await upstream.lookup("subisu", "rameshsah_fbrgj");
    expect(l.options.length).toBeGreaterThan(0);
    expect(l.customer.duePaisa).toBeGreaterThan(0);
    const err = await upstream.lookup("subisu", "nobody").catch((e) => e);
    expect(err).toBeInstanceOf(UpstreamRejected);
    expect(err.message).toBe("Customer not found");
  });

  it("an unknown order is unknown (pending), not a failure; a failed execute is failed", async () => {
    expect(await upstream.status({ aggregator: "globaltopup" }, newReference())).toMatchObject({ state: "pending", cause: "not-found" });
    sandbox.injectFault({ fault: "failed", on: "commit", aggregator: "globaltopup" });
    const l = await upstream.lookup("vianet", "online_renew");
    expect(await upstream.commit(l, "pkg-800013", newReference())).toMatchObject({ state: "failed" });
  });
});

describe("references", () => {
  it("lookups take 20 digits; one-off commit references 15, increasing; neither meets a payment's 16", () => {
    expect(lookupReference()).toMatch(/^\d{20}$/);
    const refs = Array.from({ length: 500 }, () => newReference());
    for (const r of refs) expect(r).toMatch(/^[1-9]\d{14}$/);
    expect(refs.every((r, i) => i === 0 || Number(r) > Number(refs[i - 1]))).toBe(true);
    expect(isNumericReference(refs[0]!)).toBe(true);
    expect(isNumericReference("9007199254740991")).toBe(true);
    for (const bad of ["9007199254740992", "17000000000001234567", "0123", "12a", ""]) expect(isNumericReference(bad)).toBe(false);
  });

  it("a Global Topup commit refuses a reference a JSON number cannot hold, before sending anything", async () => {
    const l = await upstream.lookup("vianet", "online_renew");
    const before = sandbox.commits.length;
    await expect(upstream.commit(l, "pkg-800012", "17000000000001234567")).rejects.toBeInstanceOf(InvalidRequest);
    expect(sandbox.commits.length).toBe(before);
    // Khalti takes any alphanumeric reference; a status lookup takes the 20-digit references made before.
    const k = await upstream.lookup("worldlink", "online_renew");
    expect(await upstream.commit(k, "pkg-1888314", lookupReference())).toMatchObject({ state: "success" });
    expect(await upstream.status({ aggregator: "globaltopup" }, "17000000000001234567")).toMatchObject({ cause: "not-found" });
  });
});

describe("status lookup (Khalti)", () => {
  it("reports success with the transaction id, and an unknown reference as failed", async () => {
    const l = await upstream.lookup("worldlink", "online_renew");
    const ref = newReference();
    const committed = await upstream.commit(l, "pkg-1888314", ref);
    const status = await upstream.status(l.route, ref);
    expect(status).toMatchObject({ state: "success", upstreamId: committed.upstreamId });
    expect(await upstream.status(l.route, newReference())).toMatchObject({ state: "failed", cause: "not-found" });
  });
});

describe("faults", () => {
  it("a lookup is retried once after a timeout or a 500, then gives up as unavailable", async () => {
    sandbox.injectFault({ fault: "timeout", on: "lookup", delayMs: 2_000 });
    expect((await upstream.lookup("worldlink", "online_renew")).options).toHaveLength(7);
    sandbox.injectFault({ fault: "http500", on: "lookup" });
    expect((await upstream.lookup("worldlink", "online_renew")).options).toHaveLength(7);
    sandbox.injectFault({ fault: "http500", on: "lookup", aggregator: "khalti", times: 2 });
    await expect(upstream.lookup("worldlink", "online_renew", { via: "khalti" })).rejects.toBeInstanceOf(UpstreamUnavailable);
  });

  it("an unreachable aggregator falls back to the next route of the ISP", async () => {
    sandbox.injectFault({ fault: "http500", on: "lookup", aggregator: "khalti", times: 2 });
    const l = await upstream.lookup("worldlink", "online_renew");
    expect(l.route.aggregator).toBe("globaltopup");
  });

  it("malformed or wrongly shaped lookups are UpstreamMalformed, never a crash or a wrong amount", async () => {
    // An answer that came back garbled is not retried (only no answer or a 5xx is).
    sandbox.injectFault({ fault: "malformed", on: "lookup" });
    await expect(upstream.lookup("loop-network", "active")).rejects.toBeInstanceOf(UpstreamMalformed);
    expect((await upstream.lookup("loop-network", "active")).options).toHaveLength(2);
    sandbox.injectFault({ fault: "badShape", on: "lookup" });
    const err = await upstream.lookup("loop-network", "active").catch((e) => e);
    expect(err).toBeInstanceOf(UpstreamMalformed);
    expect(err.message).toMatch(/Khalti sent an unexpected/);
    sandbox.injectFault({ fault: "badShape", on: "lookup", aggregator: "globaltopup" });
    await expect(upstream.lookup("subisu", "online_renew")).rejects.toBeInstanceOf(UpstreamMalformed);
  });

  it.each([
    ["timeout", { fault: "timeout", delayMs: 2_000 }, "timeout"],
    ["http500", { fault: "http500" }, "http-status"],
    ["malformed", { fault: "malformed" }, "malformed"],
    ["badShape", { fault: "badShape" }, "malformed"],
    ["queued", { fault: "queued", settleAfterMs: 0 }, "answer"],
  ] as const)("a commit fault (%s) is pending and sent only once", async (_name, fault, cause) => {
    const l = await upstream.lookup("loop-network", "active");
    const ref = newReference();
    sandbox.injectFault({ ...fault, on: "commit" });
    const outcome = await upstream.commit(l, "pkg-1-13286-5-3", ref);
    expect(outcome).toMatchObject({ state: "pending", cause });
    expect(sandbox.commits.filter((c) => c.reference === ref)).toHaveLength(1);
  });

  it("a failed commit is failed", async () => {
    const l = await upstream.lookup("loop-network", "active");
    sandbox.injectFault({ fault: "failed", on: "commit" });
    expect(await upstream.commit(l, "pkg-1-13286-5-3", newReference())).toMatchObject({ state: "failed" });
  });

  it("a queued commit settles later, as the status lookup tells", async () => {
    const l = await upstream.lookup("worldlink", "online_renew");
    const ref = newReference();
    sandbox.injectFault({ fault: "queued", on: "commit", settleAfterMs: 3_600_000 });
    expect(await upstream.commit(l, "pkg-1888314", ref)).toMatchObject({ state: "pending", upstreamState: "Queued" });
    expect(await upstream.status(l.route, ref)).toMatchObject({ state: "pending", upstreamState: "Queued" });
    sandbox.settle(ref, "Success");
    expect(await upstream.status(l.route, ref)).toMatchObject({ state: "success" });
  });

  it("a reused reference is refused upstream (1013) and never taken as a failure", async () => {
    const ref = newReference();
    const a = await upstream.lookup("worldlink", "online_renew");
    expect((await upstream.commit(a, "pkg-1888314", ref)).state).toBe("success");
    const b = await upstream.lookup("worldlink", "online_renew");
    expect(await upstream.commit(b, "pkg-1888314", ref)).toMatchObject({ state: "pending", cause: "duplicate-reference" });
  });
});

describe("credentials and secrets", () => {
  it("a wrong token is 'unavailable' and never appears in the error", async () => {
    const wrong = createUpstream({
      khalti: { baseUrl: sandbox.khaltiBaseUrl, token: "TEST:wrong-secret-123" },
      globaltopup: { baseUrl: sandbox.globaltopupBaseUrl, token: "gtu-wrong-secret-456" },
      lookupTimeoutMs: 1000,
      commitTimeoutMs: 1000,
      routePriority: {},
    });
    const k = await wrong.lookup("worldlink", "online_renew", { via: "khalti" }).catch((e) => e);
    expect(k).toBeInstanceOf(UpstreamUnavailable);
    expect(String(k.message)).not.toContain("wrong-secret");
    const g = await wrong.lookup("worldlink", "online_renew", { via: "globaltopup" }).catch((e) => e);
    expect(g).toBeInstanceOf(UpstreamUnavailable);
    expect(String(g.message)).not.toContain("wrong-secret");
    const status = await wrong.status({ aggregator: "khalti" }, newReference());
    expect(status.state).toBe("pending");
    expect(JSON.stringify(status)).not.toContain("wrong-secret");
  });

  it("an unreachable server is unavailable (lookup) or pending (commit)", async () => {
    const down = createUpstream({
      khalti: { baseUrl: "http://127.0.0.1:9", token: KHALTI_TEST_TOKEN },
      globaltopup: { baseUrl: "http://127.0.0.1:9/api/v1", token: GTU_TEST_TOKEN },
      lookupTimeoutMs: 500,
      commitTimeoutMs: 500,
      routePriority: {},
    });
    await expect(down.lookup("worldlink", "online_renew")).rejects.toBeInstanceOf(UpstreamUnavailable);
    const l = await upstream.lookup("worldlink", "online_renew");
    expect(await down.commit(l, "pkg-1888314", newReference())).toMatchObject({ state: "pending", cause: "network" });
  });
});
