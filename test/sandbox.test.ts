/**
 * The sandbox itself, over real HTTP: every documented account, the token and reference rules,
 * commit validation, every fault, the control endpoints and closing while a request hangs.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Sandbox, startSandbox } from "../src/sandbox/server.js";
import { TIMES_FULL_PACKAGES } from "../src/sandbox/khalti/times.js";

const KT = "TEST:sandbox";
const GT = "sandbox";

let sb: Sandbox;
let counter = 0;
/**
 * A fresh alphanumeric (digits-only, so it suits both aggregators) reference, 16 digits: below 2^53,
 * as Global Topup's execute needs.
 */
const ref = (): string => `${Date.now()}${String(++counter % 1000).padStart(3, "0")}`;

interface Answer {
  status: number;
  text: string;
  json: any;
}

async function answer(res: Response): Promise<Answer> {
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, text, json };
}

/** `token: null` sends no token. */
async function khalti(path: string, body: Record<string, unknown>, token: string | null = KT): Promise<Answer> {
  const payload = token === null ? body : { token, ...body };
  return answer(
    await fetch(`${sb.khaltiBaseUrl}${path}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(payload),
    }),
  );
}

/** `token: null` sends no `x-auth-token`. */
async function gtu(path: string, body: Record<string, unknown>, token: string | null = GT): Promise<Answer> {
  const headers: Record<string, string> = { "Content-Type": "application/json", Accept: "application/json" };
  if (token !== null) headers["x-auth-token"] = token;
  return answer(await fetch(`${sb.globaltopupBaseUrl}${path}`, { method: "POST", headers, body: JSON.stringify(body) }));
}

async function status(reference: string): Promise<Answer> {
  const q = new URLSearchParams({ token: KT, reference });
  return answer(await fetch(`${sb.khaltiBaseUrl}/api/service/status/?${q}`));
}

async function konnectSession(username = "active"): Promise<number> {
  const r = await khalti("/api/servicegroup/details/konnect/", { reference: ref(), username, service_slug: "loop-network" });
  expect(r.status).toBe(200);
  return r.json.session_id as number;
}

async function gtuSession(connection_no = "online_renew", operator_id: number | string = 20): Promise<number> {
  const r = await gtu("/np/recharge/package", { operator_id, operator_type_id: 5, connection_no, reference_no: ref() });
  expect(r.status).toBe(200);
  return r.json.data.session_id as number;
}

function gtuExecute(session_id: number, extra: Record<string, unknown> = {}): Promise<Answer> {
  return gtu("/np/recharge/execute", {
    operator_id: 20,
    operator_type_id: 5,
    connection_no: "online_renew",
    reference_no: ref(),
    amount: 1808,
    package_id: 800012,
    package_name: "Dealdaar offer-80Mbps/3mths",
    session_id,
    ...extra,
  });
}

beforeAll(async () => {
  sb = await startSandbox();
});

afterAll(async () => {
  await sb.close();
});

beforeEach(() => {
  sb.reset();
});

describe("startSandbox", () => {
  it("serves both aggregators on one random port", () => {
    expect(sb.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sb.khaltiBaseUrl).toBe(sb.url);
    expect(sb.globaltopupBaseUrl).toBe(`${sb.url}/api/v1`);
  });

  it("answers 404 to anything else", async () => {
    expect((await khalti("/api/servicegroup/details/nope/", { reference: ref() })).status).toBe(404);
    expect((await gtu("/np/recharge/nope", {})).status).toBe(404);
    expect((await fetch(`${sb.url}/api/servicegroup/details/konnect/`)).status).toBe(404); // GET
  });

  it("refuses a body that is not JSON", async () => {
    const k = await answer(await fetch(`${sb.url}/api/servicegroup/details/konnect/`, { method: "POST", body: "{nope" }));
    expect(k.status).toBe(400);
    expect(k.json).toMatchObject({ status: false, error_code: "1014", message: "Parse error", state: "Error" });
    const g = await answer(
      await fetch(`${sb.globaltopupBaseUrl}/np/recharge/package`, { method: "POST", headers: { "x-auth-token": GT }, body: "x" }),
    );
    expect(g.status).toBe(422);
    expect(g.json.error).toBe(true);
  });
});

describe("accounts named like built-in properties", () => {
  it("are unknown customers, not a server error", async () => {
    for (const [path, body] of [
      ["/api/servicegroup/userlist/times/", { customer_id: "constructor", service_slug: "palsnet" }],
      ["/api/servicegroup/details/konnect/", { username: "toString", service_slug: "izone" }],
      ["/api/servicegroup/details/worldlink-v2/", { username: "constructor" }],
      ["/api/servicegroup/details/hashcnet-v2/", { username: "hasOwnProperty", service_slug: "vns" }],
    ] as const) {
      const r = await khalti(path, { reference: ref(), ...body });
      expect(r.status).toBe(400);
      expect(r.json.details).toBe("Customer not found.");
    }
    const g = await gtu("/np/recharge/package", { operator_id: 20, operator_type_id: 5, connection_no: "constructor", reference_no: ref() });
    expect(g.status).toBe(404);
    expect(g.json).toEqual({ error: true, message: "Customer not found" });
  });
});

describe("Khalti tokens and references", () => {
  it("refuses a missing token with 1001 and a wrong one with 1002, never echoing it", async () => {
    const body = { reference: ref(), username: "active", service_slug: "izone" };
    const missing = await khalti("/api/servicegroup/details/konnect/", body, null);
    expect(missing.status).toBe(400);
    expect(missing.json).toEqual({
      status: false,
      error_code: "1001",
      message: "Token not provided",
      error: "client_error",
      details: "",
      error_data: {},
      state: "Error",
    });
    const wrong = await khalti("/api/servicegroup/details/konnect/", { ...body, reference: ref() }, "TEST:secret-wrong-token");
    expect(wrong.status).toBe(400);
    expect(wrong.json).toMatchObject({ error_code: "1002", message: "Invalid token", state: "Error" });
    expect(wrong.text).not.toContain("secret-wrong-token");
  });

  it("records a commit with a wrong token as refused, without the token", async () => {
    const r = await khalti("/api/servicegroup/commit/konnect/", { reference: ref(), session_id: 1, package_id: "x", amount: 1 }, "TEST:bad");
    expect(r.json.error_code).toBe("1002");
    expect(sb.commits).toHaveLength(1);
    expect(sb.commits[0]).toMatchObject({ aggregator: "khalti", family: "konnect", accepted: false, error: "Invalid token" });
    expect(sb.commits[0]!.body).not.toHaveProperty("token");
  });

  it("refuses a reused reference with 1013, whichever call used it first", async () => {
    const r1 = ref();
    expect((await khalti("/api/servicegroup/details/konnect/", { reference: r1, username: "active", service_slug: "izone" })).status).toBe(200);
    const again = await khalti("/api/servicegroup/details/worldlink-v2/", { reference: r1, username: "online_renew" });
    expect(again.status).toBe(400);
    expect(again.json).toMatchObject({
      status: false,
      error_code: "1013",
      message: "Request with duplicate reference id obtained",
      error_data: {},
      state: "Error",
    });
    const session = await konnectSession();
    const commit = await khalti("/api/servicegroup/commit/konnect/", { reference: r1, session_id: session, package_id: "1-13286-5-3", amount: 5999 });
    expect(commit.status).toBe(400);
    expect(commit.json.error_code).toBe("1013");
    expect(sb.commits.at(-1)).toMatchObject({ accepted: false, reference: r1 });
  });

  it("validates the reference format and presence", async () => {
    const bad = await khalti("/api/servicegroup/details/worldlink-v2/", { reference: "has-dash", username: "online_renew" });
    expect(bad.status).toBe(400);
    expect(bad.json.error_code).toBe("1010");
    expect(bad.json.details).toMatch(/letters and digits/);
    const long = await khalti("/api/servicegroup/details/worldlink-v2/", { reference: "a".repeat(51), username: "online_renew" });
    expect(long.json.error_code).toBe("1010");
    const missing = await khalti("/api/servicegroup/details/worldlink-v2/", { username: "online_renew" });
    expect(missing.status).toBe(400);
    expect(missing.json.error_code).toBe("1012");
  });

  it("refuses an unknown service slug with 404 / 1008", async () => {
    const r = await khalti("/api/servicegroup/details/konnect/", { reference: ref(), username: "active", service_slug: "chitrawan-unique-net" });
    expect(r.status).toBe(404);
    expect(r.json).toMatchObject({ status: false, error_code: "1008", state: "Error" });
  });
});

describe("Khalti times", () => {
  it("lists the Websurfer test customer's two connections and their packages", async () => {
    const list = await khalti("/api/servicegroup/userlist/times/", {
      reference: ref(),
      customer_id: "1112858",
      service_slug: "websurfer-internet",
    });
    expect(list.status).toBe(200);
    expect(list.json.customer.cuid).toBe("1112858");
    expect(list.json.connection.map((c: { username: string }) => c.username)).toEqual(["ram_websurfer", "ram_websurfer2"]);
    expect(list.json.status).toBe(true);
    const sessionId = list.json.session_id as number;
    expect(Number.isInteger(sessionId)).toBe(true);

    const full = await khalti("/api/servicegroup/details/times/", {
      reference: ref(),
      username: "ram_websurfer",
      session_id: String(sessionId),
      service_slug: "websurfer-internet",
    });
    expect(full.status).toBe(200);
    expect(full.json.session_id).toBe(sessionId);
    expect(full.json.packages).toHaveLength(31);
    expect(full.json.packages[0]).toEqual({ package_id: "132", package_name: "10Mbps Half Yearly - Nepalgunj (HALF YEARLY)", amount: 7451 });
    expect(full.json.packages.every((p: { amount: unknown }) => Number.isInteger(p.amount))).toBe(true);

    const short = await khalti("/api/servicegroup/details/times/", {
      reference: ref(),
      username: "ram_websurfer2",
      session_id: sessionId,
      service_slug: "websurfer-internet",
    });
    expect(short.json.packages.map((p: { package_id: string }) => p.package_id)).toEqual(["103", "101", "102", "104"]);
  });

  it("serves the Sky customer and the document's example customer", async () => {
    const sky = await khalti("/api/servicegroup/userlist/times/", { reference: ref(), customer_id: 1073661, service_slug: "sky-internet" });
    expect(sky.json.connection).toEqual([{ username: "ftth_sujan_thapa", status: "active" }]);
    const doc = await khalti("/api/servicegroup/userlist/times/", { reference: ref(), customer_id: "1000000", service_slug: "palsnet" });
    expect(doc.json).toMatchObject({
      customer: { cuid: "1000000", first_name: "rajesh", last_name: "lamichhane", status: "active" },
      connection: [
        { username: "rajesh-lamichhane", status: "active" },
        { username: "rajesh-lamichhane2", status: "active" },
      ],
      status: true,
    });
  });

  it("refuses an unknown customer and a connection of another customer", async () => {
    const unknown = await khalti("/api/servicegroup/userlist/times/", { reference: ref(), customer_id: "42", service_slug: "pathibara" });
    expect(unknown.status).toBe(400);
    expect(unknown.json).toEqual({
      status: false,
      error_code: "4000",
      message: "Can't fulfill request",
      error: "client_error",
      details: "Customer not found.",
      error_data: {},
      state: "Error",
    });
    const list = await khalti("/api/servicegroup/userlist/times/", { reference: ref(), customer_id: "1073661", service_slug: "sky-internet" });
    const other = await khalti("/api/servicegroup/details/times/", {
      reference: ref(),
      username: "ram_websurfer",
      session_id: list.json.session_id,
      service_slug: "sky-internet",
    });
    expect(other.status).toBe(400);
    expect(other.json.details).toBe("Connection not found for this customer.");
  });

  it("commits with or without a reference and answers the documented success", async () => {
    const list = await khalti("/api/servicegroup/userlist/times/", { reference: ref(), customer_id: "1073661", service_slug: "sky-internet" });
    const sessionId = list.json.session_id as number;
    await khalti("/api/servicegroup/details/times/", { reference: ref(), username: "ftth_sujan_thapa", session_id: sessionId, service_slug: "sky-internet" });
    const commit = await khalti("/api/servicegroup/commit/times/", { session_id: String(sessionId), amount: "790", package_id: "125" });
    expect(commit.status).toBe(200);
    expect(commit.json).toMatchObject({
      status: true,
      state: "Success",
      message: "Successfully Completed Transaction",
      extra_data: {},
      detail: "Success",
      credits_consumed: 790,
      credits_available: 10_000_000 - 790,
    });
    expect(typeof commit.json.id).toBe("number");
    expect(sb.commits[0]).toMatchObject({
      aggregator: "khalti",
      family: "times",
      reference: undefined,
      accepted: true,
      amountPaisa: 79000,
      state: "Success",
      upstreamId: commit.json.id,
    });

    // A second connection, committed with a reference, then looked up.
    const list2 = await khalti("/api/servicegroup/userlist/times/", { reference: ref(), customer_id: "1112858", service_slug: "websurfer-internet" });
    await khalti("/api/servicegroup/details/times/", { reference: ref(), username: "ram_websurfer2", session_id: list2.json.session_id, service_slug: "websurfer-internet" });
    const r = ref();
    const c2 = await khalti("/api/servicegroup/commit/times/", { reference: r, session_id: list2.json.session_id, amount: 950, package_id: 101 });
    expect(c2.json.state).toBe("Success");
    const s = await status(r);
    expect(s.status).toBe(200);
    expect(s.json).toEqual({
      status: true,
      state: "Success",
      original_status: "Success",
      details: "Successful recharge",
      reference: r,
      response_id: c2.json.id,
      amount: 950,
      refunded: false,
      refunded_amount: 0,
      refunds: [],
    });
  });

  it("refuses a commit before the package step, or with a package of another connection", async () => {
    const list = await khalti("/api/servicegroup/userlist/times/", { reference: ref(), customer_id: "1112858", service_slug: "websurfer-internet" });
    const early = await khalti("/api/servicegroup/commit/times/", { reference: ref(), session_id: list.json.session_id, amount: 950, package_id: "101" });
    expect(early.status).toBe(400);
    expect(early.json.error_code).toBe("4000");
    await khalti("/api/servicegroup/details/times/", { reference: ref(), username: "ram_websurfer2", session_id: list.json.session_id, service_slug: "websurfer-internet" });
    const notHis = await khalti("/api/servicegroup/commit/times/", { reference: ref(), session_id: list.json.session_id, amount: 7451, package_id: "132" });
    expect(notHis.status).toBe(400);
    expect(notHis.json.error_code).toBe("1010");
    expect(TIMES_FULL_PACKAGES.some((p) => p.package_id === "132")).toBe(true);
  });
});

describe("Khalti konnect", () => {
  it('refuses the "new" user with the documented error', async () => {
    const r = await khalti("/api/servicegroup/details/konnect/", { reference: ref(), username: "new", service_slug: "izone" });
    expect(r.status).toBe(400);
    expect(r.json).toEqual({
      status: false,
      error_code: "4000",
      message: "Can't fulfill request",
      error: "client_error",
      details: "This customer's first subscription payment cannot be paid online. Please contact the nearest office.",
      error_data: {},
      state: "Error",
    });
  });

  it("serves the active and expired users verbatim", async () => {
    const active = await khalti("/api/servicegroup/details/konnect/", { reference: ref(), username: "active", service_slug: "world-fiber-net" });
    expect(active.status).toBe(200);
    expect(active.json.due).toEqual({ amount: "0.00000", message: "Due Amount is NIL" });
    expect(active.json.customer.name).toBe("Chandra Mani Neupane");
    expect(active.json.packages[0]).toEqual({
      package_id: "1-13286-5-3",
      package_name: "Fiber Internet (First Installation) - 3 Month(s)",
      amount: 5999,
      current: true,
    });
    const expired = await khalti("/api/servicegroup/details/konnect/", { reference: ref(), username: "expired", service_slug: "dg-link" });
    expect(expired.json.due.amount).toBe("0");
    expect(expired.json.packages).toHaveLength(4);
    expect(expired.json.packages[3]).toMatchObject({ package_id: "1-4412-8-12", amount: 18500, current: true });
    expect(expired.json.session_id).not.toBe(active.json.session_id);
  });

  it("commits once per session and checks the amount", async () => {
    const session = await konnectSession();
    const wrong = await khalti("/api/servicegroup/commit/konnect/", { reference: ref(), session_id: session, package_id: "1-13286-5-3", amount: 5998 });
    expect(wrong.status).toBe(400);
    expect(wrong.json).toMatchObject({ error_code: "1010", message: "Validation error", details: "Amount does not match the selected package." });
    const ok = await khalti("/api/servicegroup/commit/konnect/", { reference: ref(), session_id: session, package_id: "1-13286-5-3", amount: "5999.00" });
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({
      status: true,
      state: "Success",
      detail: "Payment made successfully. Account will be activated in few minutes",
      credits_consumed: 5999,
    });
    const again = await khalti("/api/servicegroup/commit/konnect/", { reference: ref(), session_id: session, package_id: "1-13286-5-12", amount: 15500 });
    expect(again.status).toBe(400);
    expect(again.json).toMatchObject({ error_code: "4000", details: "Session already used." });
    expect(sb.commits.map((c) => c.accepted)).toEqual([false, true, false]);
    expect(sb.commits[0]!.error).toContain("Amount does not match");
  });

  it("checks that the session exists and belongs to the family", async () => {
    const missing = await khalti("/api/servicegroup/commit/konnect/", { reference: ref(), session_id: 999999, package_id: "1-13286-5-3", amount: 5999 });
    expect(missing.status).toBe(400);
    expect(missing.json.error_code).toBe("4000");
    const wl = await khalti("/api/servicegroup/details/worldlink-v2/", { reference: ref(), username: "online_due_payment" });
    const foreign = await khalti("/api/servicegroup/commit/konnect/", { reference: ref(), session_id: wl.json.session_id, package_id: "1-13286-5-3", amount: 5999 });
    expect(foreign.status).toBe(400);
    expect(foreign.json.error_code).toBe("4000");
  });
});

describe("Khalti worldlink-v2", () => {
  it("serves the three users with the documents' spellings", async () => {
    const renew = await khalti("/api/servicegroup/details/worldlink-v2/", { reference: ref(), username: "online_renew" });
    expect(renew.json.subscribedPackageId).toBe(1888314);
    expect(renew.json).not.toHaveProperty("subscribed_package_id");
    expect(renew.json.package_options).toHaveLength(7);
    const due = await khalti("/api/servicegroup/details/worldlink-v2/", { reference: ref(), username: "online_due_and_package" });
    expect(due.json.subscribed_package_id).toBe(1888768);
    expect(due.json).not.toHaveProperty("subscribedPackageId");
    expect(due.json.available_renew_options[0].packageName).toBe("WorldLink TurboSpeed Plus 150Mbps/12M\t");
    expect(due.json.due_amount_till_now).toBe(301);
    const only = await khalti("/api/servicegroup/details/worldlink-v2/", { reference: ref(), username: "online_due_payment" });
    expect(only.json).toMatchObject({ amount: 4950, package_options: [], status: true });
    const unknown = await khalti("/api/servicegroup/details/worldlink-v2/", { reference: ref(), username: "nobody" });
    expect(unknown.status).toBe(400);
    expect(unknown.json.details).toBe("Customer not found.");
  });

  it("applies the amount rules of each kind of user", async () => {
    const renew = await khalti("/api/servicegroup/details/worldlink-v2/", { reference: ref(), username: "online_renew" });
    const ok = await khalti("/api/servicegroup/commit/worldlink-v2/", { reference: ref(), session_id: renew.json.session_id, package_id: 1888118, amount: 5932 });
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ status: true, state: "Success", detail: "Transaction successful" });
    expect(ok.json).not.toHaveProperty("credits_consumed");
    expect(ok.json).not.toHaveProperty("credits_available");

    const dueSession = async () =>
      (await khalti("/api/servicegroup/details/worldlink-v2/", { reference: ref(), username: "online_due_and_package" })).json.session_id;
    const s1 = await dueSession();
    const noDue = await khalti("/api/servicegroup/commit/worldlink-v2/", { reference: ref(), session_id: s1, package_id: 18881068, amount: 13108 });
    expect(noDue.json.details).toBe("Amount does not match the selected package.");
    const withDue = await khalti("/api/servicegroup/commit/worldlink-v2/", { reference: ref(), session_id: s1, package_id: "18881068", amount: 13409 });
    expect(withDue.json.state).toBe("Success");
    const s2 = await dueSession();
    const same = await khalti("/api/servicegroup/commit/worldlink-v2/", { reference: ref(), session_id: s2, package_id: 1888768, amount: 12204 });
    expect(same.json.state).toBe("Success");

    const only = async () =>
      (await khalti("/api/servicegroup/details/worldlink-v2/", { reference: ref(), username: "online_due_payment" })).json.session_id;
    const s3 = await only();
    const withPackage = await khalti("/api/servicegroup/commit/worldlink-v2/", { reference: ref(), session_id: s3, package_id: 1888314, amount: 4950 });
    expect(withPackage.status).toBe(400);
    expect(withPackage.json.error_code).toBe("1010");
    const dueOnly = await khalti("/api/servicegroup/commit/worldlink-v2/", { reference: ref(), session_id: s3, amount: 4950 });
    expect(dueOnly.json.state).toBe("Success");
  });
});

describe("Khalti hashcnet-v2", () => {
  it("serves jeetenaug4 verbatim (package_code 9 twice) and pnt_test", async () => {
    const r = await khalti("/api/servicegroup/details/hashcnet-v2/", { reference: ref(), username: "jeetenaug4", service_slug: "vns" });
    expect(r.status).toBe(200);
    expect(r.json.customer_name).toBe("jeetenaug4(23123213)");
    expect(r.json.available_packages.map((p: { package_code: number }) => p.package_code)).toEqual([9, 9, 71]);
    expect(r.json.has_due).toBe("false");
    const bbn = await khalti("/api/servicegroup/details/hashcnet-v2/", { reference: ref(), username: "pnt_test", service_slug: "bbn-internet" });
    expect(bbn.status).toBe(200);
    expect(bbn.json.available_packages.length).toBeGreaterThan(0);
    expect(typeof bbn.json.session_id).toBe("number");
  });

  it("commits with underscore keys, picking among packages that share a code", async () => {
    const detail = async () =>
      (await khalti("/api/servicegroup/details/hashcnet-v2/", { reference: ref(), username: "jeetenaug4", service_slug: "hons" })).json.session_id;
    const s1 = await detail();
    const ftth = await khalti("/api/servicegroup/commit/hashcnet-v2/", {
      session_id: s1,
      reference: ref(),
      package_code: "9",
      duration_code: "1",
      amount: 999.0,
    });
    expect(ftth.status).toBe(200);
    expect(ftth.json).toMatchObject({ status: true, state: "Success", extra_data: {}, credits_consumed: 999 });
    expect(typeof ftth.json.detail).toBe("string");
    expect(ftth.json).toHaveProperty("credits_available");
    const s2 = await detail();
    const gold = await khalti("/api/servicegroup/commit/hashcnet-v2/", { session_id: s2, reference: ref(), package_code: 9, duration_code: "1", amount: 1232 });
    expect(gold.json.state).toBe("Success");
    const s3 = await detail();
    const none = await khalti("/api/servicegroup/commit/hashcnet-v2/", { session_id: s3, reference: ref(), package_code: 9, duration_code: "1", amount: 1000 });
    expect(none.json.details).toBe("Amount does not match the selected package.");
  });

  it("refuses the page's keys with spaces", async () => {
    const s = (await khalti("/api/servicegroup/details/hashcnet-v2/", { reference: ref(), username: "jeetenaug4", service_slug: "hons" })).json.session_id;
    const r = await khalti("/api/servicegroup/commit/hashcnet-v2/", {
      "session id": s,
      reference: ref(),
      "package code": "9",
      "duration code": "1",
      amount: 999.0,
    });
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ error_code: "1010", message: "Validation error" });
    expect(sb.commits.at(-1)).toMatchObject({ family: "hashcnet-v2", accepted: false });
  });
});

describe("Khalti status and balance", () => {
  it("answers the documented error for an unknown reference, by GET and POST", async () => {
    const expected = {
      status: false,
      error_code: "002",
      message: "The reference sent is not a valid reference.",
      error: "invalid_reference",
      details: "",
      error_data: {},
      state: "Error",
    };
    const get = await status("unknown1");
    expect(get.status).toBe(400);
    expect(get.json).toEqual(expected);
    const post = await khalti("/api/service/status/", { reference: "unknown2" });
    expect(post.status).toBe(400);
    expect(post.json).toEqual(expected);
    const noToken = await answer(await fetch(`${sb.url}/api/service/status/?reference=x`));
    expect(noToken.json.error_code).toBe("1001");
  });

  it("keeps a credits balance", async () => {
    const before = await answer(await fetch(`${sb.url}/api/balance?token=${encodeURIComponent(KT)}`));
    expect(before.json).toEqual({ credits_consumed: 0, credits_available: 10_000_000 });
    const session = await konnectSession("expired");
    await khalti("/api/servicegroup/commit/konnect/", { reference: ref(), session_id: session, package_id: "1-4412-8-1", amount: 1850 });
    const after = await answer(await fetch(`${sb.url}/api/balance?token=${encodeURIComponent(KT)}`));
    expect(after.json).toEqual({ credits_consumed: 1850, credits_available: 10_000_000 - 1850 });
    const wrong = await answer(await fetch(`${sb.url}/api/balance?token=nope`));
    expect(wrong.json.error_code).toBe("1002");
  });
});

describe("Global Topup", () => {
  it("refuses a missing or wrong x-auth-token with 401", async () => {
    const body = { operator_id: 20, operator_type_id: 5, connection_no: "online_renew", reference_no: ref() };
    for (const token of [null, "wrong"]) {
      const r = await gtu("/np/recharge/package", body, token);
      expect(r.status).toBe(401);
      expect(r.json).toEqual({ error: true, message: "Unauthenticated." });
    }
  });

  it("lists packages of online_renew as documented", async () => {
    const reference_no = ref();
    const r = await gtu("/np/recharge/package", { operator_id: "20", operator_type_id: "5", connection_no: "online_renew", reference_no });
    expect(r.status).toBe(200);
    expect(r.json.error).toBe(false);
    expect(r.json.message).toBe("The action has been successfully performed.");
    expect(r.json.data).toMatchObject({ operator_id: "20", connection_no: "online_renew", reference_no });
    expect(typeof r.json.data.session_id).toBe("number");
    expect(r.json.data.packages).toEqual({
      customer: "Majdur family",
      address: "CHITWAN",
      message: "You have 233 day(s) remaining. You could pay in advance but it is not yet supported. | Remaining Days: 233",
      bill: 0,
      bill_type: "Dealdaar offer-50Mbps/12mths",
      options: [
        { id: 800011, name: "Dealdaar offer-50Mbps/12mths", amount: 4520 },
        { id: 800012, name: "Dealdaar offer-80Mbps/3mths", amount: 1808 },
        { id: 800013, name: "Dealdaar offer-80mbps/6mths", amount: 3616 },
        { id: 800014, name: "Dealdaar offer-80Mbps/12mths", amount: 6780 },
      ],
    });
  });

  it("serves rameshsah_fbrgj with a bill, and 404 for an unknown customer", async () => {
    const r = await gtu("/np/recharge/package", { operator_id: 22, operator_type_id: 5, connection_no: "rameshsah_fbrgj", reference_no: ref() });
    expect(r.json.data.packages.bill).toBe(500);
    expect(r.json.data.packages.options.length).toBeGreaterThan(0);
    const unknown = await gtu("/np/recharge/package", { operator_id: 22, operator_type_id: 5, connection_no: "nobody", reference_no: ref() });
    expect(unknown.status).toBe(404);
    expect(unknown.json).toEqual({ error: true, message: "Customer not found" });
  });

  it("validates operator, type and reference with 422", async () => {
    const base = { operator_id: 20, operator_type_id: 5, connection_no: "online_renew" };
    const badOperator = await gtu("/np/recharge/package", { ...base, operator_id: 28, reference_no: ref() });
    expect(badOperator.status).toBe(422);
    expect(badOperator.json.error).toBe(true);
    expect((await gtu("/np/recharge/package", { ...base, operator_type_id: 4, reference_no: ref() })).status).toBe(422);
    expect((await gtu("/np/recharge/package", { ...base, reference_no: "ab12" })).status).toBe(422);
    const n = 1234211; // a number, as on the execute pages (beforeEach's reset forgets used references)
    expect((await gtu("/np/recharge/package", { ...base, reference_no: n })).status).toBe(200);
    expect((await gtu("/np/recharge/package", { ...base, reference_no: String(n) })).status).toBe(422);
    expect((await gtu("/np/recharge/package", { ...base, reference_no: 12345678901234567890 })).status).toBe(422); // not exact as a JSON number
  });

  it("execute takes reference_no as a number: digits a JSON number holds exactly, or 422", async () => {
    const session = await gtuSession();
    const before = sb.commits.length;
    for (const reference_no of ["12345678901234567890", "9007199254740993", "0123"]) {
      const r = await gtuExecute(session, { reference_no });
      expect(r.status).toBe(422);
      expect(r.json).toEqual({ error: true, message: "The reference no must be an integer below 9007199254740992." });
    }
    expect(sb.commits.slice(before).every((c) => !c.accepted)).toBe(true);
    // The package page types it as a string: a 20-digit reference is fine there.
    expect((await gtu("/np/recharge/package", { operator_id: 20, operator_type_id: 5, connection_no: "online_renew", reference_no: "12345678901234567890" })).status).toBe(200);
    const ok = await gtuExecute(session, { reference_no: "9007199254740991" });
    expect(ok.status).toBe(200);
    expect((await gtu("/np/order/status", { order_id: 9007199254740991 })).json.data.order_id).toBe("9007199254740991");
  });

  it("executes a recharge (bill not added) and reports its status", async () => {
    const session = await gtuSession();
    const wrongAmount = await gtuExecute(session, { amount: 1807 });
    expect(wrongAmount.status).toBe(422);
    const wrongPackage = await gtuExecute(session, { package_id: 800099 });
    expect(wrongPackage.status).toBe(422);
    const wrongConnection = await gtuExecute(session, { connection_no: "rameshsah_fbrgj" });
    expect(wrongConnection.status).toBe(422);
    const reference_no = ref();
    const ok = await gtuExecute(session, { reference_no, amount: "1808.00", package_id: "800012" });
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ error: false, message: "Recharge successful.", data: { status: "Success", order_id: reference_no, amount: 1808 } });
    const txId = ok.json.data.transaction_id as number;
    expect(typeof txId).toBe("number");
    expect((await gtuExecute(session)).json.message).toBe("Session already used.");

    const byOrder = await gtu("/np/order/status", { order_id: reference_no });
    expect(byOrder.status).toBe(200);
    expect(byOrder.json.data).toMatchObject({
      status: "Success",
      transaction_id: String(txId),
      order_id: reference_no,
      amount: "1808.00",
      details: { connection_no: "online_renew", operator: "Worldlink" },
      package_name: null,
    });
    expect(byOrder.json.data.timestamp).toMatch(/^[A-Z][a-z]+ \d{1,2},\d{4} \d{1,2}:\d{2}(am|pm)$/);
    const byTx = await gtu("/np/service/status", { transaction_id: txId });
    expect(byTx.json.data.order_id).toBe(reference_no);
    const unknown = await gtu("/np/order/status", { order_id: "1" });
    expect(unknown.status).toBe(404);
    expect(unknown.json).toEqual({ error: true, message: "Order not found", data: [] });

    const ramesh = await gtu("/np/recharge/package", { operator_id: 20, operator_type_id: 5, connection_no: "rameshsah_fbrgj", reference_no: ref() });
    const option = ramesh.json.data.packages.options[0];
    const noBill = await gtu("/np/recharge/execute", {
      operator_id: 20,
      operator_type_id: 5,
      connection_no: "rameshsah_fbrgj",
      reference_no: ref(),
      amount: option.amount,
      package_id: option.id,
      package_name: option.name,
      session_id: ramesh.json.data.session_id,
    });
    expect(noBill.json.data.status).toBe("Success");
    expect(sb.commits.filter((c) => c.accepted)).toHaveLength(2);
    expect(sb.commits[3]).toMatchObject({ aggregator: "globaltopup", family: "merosoft", reference: reference_no, amountPaisa: 180800, upstreamId: txId });
  });
});

describe("faults", () => {
  it("timeout: answers after the delay; the commit took effect", async () => {
    sb.injectFault({ fault: "timeout", delayMs: 150 });
    const session = await konnectSession();
    const reference = ref();
    const started = Date.now();
    const r = await khalti("/api/servicegroup/commit/konnect/", { reference, session_id: session, package_id: "1-13286-5-3", amount: 5999 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(r.json.state).toBe("Success");
    expect(sb.commits[0]).toMatchObject({ accepted: true, state: "Success" });
  });

  it("timeout with processed: false: the client gives up and nothing happened upstream", async () => {
    sb.injectFault({ fault: "timeout", delayMs: 5000, processed: false });
    const session = await konnectSession();
    const reference = ref();
    const aborted = await fetch(`${sb.url}/api/servicegroup/commit/konnect/`, {
      method: "POST",
      body: JSON.stringify({ token: KT, reference, session_id: session, package_id: "1-13286-5-3", amount: 5999 }),
      signal: AbortSignal.timeout(100),
    }).then(
      () => false,
      () => true,
    );
    expect(aborted).toBe(true);
    expect(sb.commits[0]).toMatchObject({ accepted: false, reference });
    expect((await status(reference)).json.error_code).toBe("002");
  });

  it("timeout with settleTo Failed: the status lookup reports Failed", async () => {
    sb.injectFault({ fault: "timeout", delayMs: 20, settleTo: "Failed" });
    const session = await konnectSession();
    const reference = ref();
    const r = await khalti("/api/servicegroup/commit/konnect/", { reference, session_id: session, package_id: "1-13286-5-3", amount: 5999 });
    expect(r.json.state).toBe("Failed");
    const s = await status(reference);
    expect(s.json).toMatchObject({ status: true, state: "Failed", original_status: "Error", reference, amount: 5999 });
    expect(s.json.refunds).toHaveLength(1);
  });

  it("http500: Khalti and Global Topup bodies; not processed by default", async () => {
    sb.injectFault({ fault: "http500", aggregator: "khalti" });
    const session = await konnectSession();
    const reference = ref();
    const r = await khalti("/api/servicegroup/commit/konnect/", { reference, session_id: session, package_id: "1-13286-5-3", amount: 5999 });
    expect(r.status).toBe(500);
    expect(r.json).toEqual({ detail: "Internal Server Error" });
    expect(sb.commits[0]).toMatchObject({ accepted: false });
    expect((await status(reference)).json.error_code).toBe("002");

    sb.injectFault({ fault: "http500", on: "lookup", aggregator: "globaltopup" });
    const g = await gtu("/np/recharge/package", { operator_id: 20, operator_type_id: 5, connection_no: "online_renew", reference_no: ref() });
    expect(g.status).toBe(500);
    expect(g.json).toEqual({ error: true, message: "Server Error" });
  });

  it("http500 with processed: true: the commit took effect anyway", async () => {
    sb.injectFault({ fault: "http500", processed: true });
    const session = await gtuSession();
    const reference_no = ref();
    const r = await gtuExecute(session, { reference_no });
    expect(r.status).toBe(500);
    expect(sb.commits[0]).toMatchObject({ accepted: true, state: "Success" });
    expect((await gtu("/np/order/status", { order_id: reference_no })).json.data.status).toBe("Success");
  });

  it("malformed: HTTP 200 that is not JSON; processed by default", async () => {
    sb.injectFault({ fault: "malformed" });
    const session = await konnectSession();
    const reference = ref();
    const r = await khalti("/api/servicegroup/commit/konnect/", { reference, session_id: session, package_id: "1-13286-5-3", amount: 5999 });
    expect(r.status).toBe(200);
    expect(r.json).toBeUndefined();
    expect((await status(reference)).json.state).toBe("Success");

    sb.injectFault({ fault: "malformed", on: "status", aggregator: "globaltopup" });
    const g = await gtu("/np/order/status", { order_id: "1" });
    expect(g.status).toBe(200);
    expect(() => JSON.parse(g.text)).toThrow();
  });

  it("badShape: amounts become objects in lookups, state disappears from commits", async () => {
    sb.injectFault({ fault: "badShape", on: "lookup" });
    const r = await khalti("/api/servicegroup/details/konnect/", { reference: ref(), username: "active", service_slug: "izone" });
    expect(r.status).toBe(200);
    expect(typeof r.json.packages[0].amount).toBe("object");
    sb.injectFault({ fault: "badShape" });
    const session = await konnectSession();
    const c = await khalti("/api/servicegroup/commit/konnect/", { reference: ref(), session_id: session, package_id: "1-13286-5-3", amount: 5999 });
    expect(c.status).toBe(200);
    expect(c.json.status).toBe(true);
    expect(c.json).not.toHaveProperty("state");
    sb.injectFault({ fault: "badShape", on: "lookup", aggregator: "globaltopup" });
    const g = await gtu("/np/recharge/package", { operator_id: 20, operator_type_id: 5, connection_no: "online_renew", reference_no: ref() });
    expect(typeof g.json.data.packages.options[0].amount).toBe("object");
  });

  it("queued: Queued until the first status lookup (settleAfterMs 0)", async () => {
    sb.injectFault({ fault: "queued" });
    const session = await konnectSession();
    const reference = ref();
    const r = await khalti("/api/servicegroup/commit/konnect/", { reference, session_id: session, package_id: "1-13286-5-3", amount: 5999 });
    expect(r.json).toMatchObject({ status: true, state: "Queued" });
    expect(sb.commits[0]!.state).toBe("Queued");
    expect((await status(reference)).json.state).toBe("Success");
    expect(sb.commits[0]!.state).toBe("Success");
  });

  it("queued: stays Queued before settleAfterMs, then settles to settleTo (refunding credits)", async () => {
    sb.injectFault({ fault: "queued", settleAfterMs: 100, settleTo: "Failed" });
    const session = await konnectSession();
    const reference = ref();
    await khalti("/api/servicegroup/commit/konnect/", { reference, session_id: session, package_id: "1-13286-5-3", amount: 5999 });
    const early = await status(reference);
    expect(early.json).toMatchObject({ state: "Queued", original_status: "Queued" });
    await new Promise((r) => setTimeout(r, 120));
    expect((await status(reference)).json.state).toBe("Failed");
    expect(sb.commits[0]!.state).toBe("Failed");
    const balance = await answer(await fetch(`${sb.url}/api/balance?token=${encodeURIComponent(KT)}`));
    expect(balance.json.credits_available).toBe(10_000_000);
  });

  it("queued on Global Topup: Pending, then settle() makes it Success", async () => {
    sb.injectFault({ fault: "queued", aggregator: "globaltopup", settleAfterMs: 60_000 });
    const session = await gtuSession();
    const reference_no = ref();
    const r = await gtuExecute(session, { reference_no });
    expect(r.json.data.status).toBe("Pending");
    expect((await gtu("/np/order/status", { order_id: reference_no })).json.data.status).toBe("Pending");
    sb.settle(reference_no, "Success");
    expect((await gtu("/np/order/status", { order_id: reference_no })).json.data.status).toBe("Success");
    expect(sb.commits[0]!.state).toBe("Success");
    expect(() => sb.settle(reference_no, "Failed")).toThrow(/already settled/);
    expect(() => sb.settle("404404", "Failed")).toThrow();
  });

  it("failed: the provider refuses the commit; the lookup reports Failed", async () => {
    sb.injectFault({ fault: "failed", aggregator: "khalti" });
    const session = await konnectSession();
    const reference = ref();
    const r = await khalti("/api/servicegroup/commit/konnect/", { reference, session_id: session, package_id: "1-13286-5-3", amount: 5999 });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({
      status: false,
      error_code: "4000",
      message: "Can't fulfill request",
      error: "client_error",
      details: "Transaction failed at the provider (sandbox)",
      error_data: {},
      state: "Failed",
    });
    expect(sb.commits[0]).toMatchObject({ accepted: true, state: "Failed" });
    expect((await status(reference)).json.state).toBe("Failed");
    // The session was not used up by the failed payment.
    const retry = await khalti("/api/servicegroup/commit/konnect/", { reference: ref(), session_id: session, package_id: "1-13286-5-3", amount: 5999 });
    expect(retry.json.state).toBe("Success");

    sb.injectFault({ fault: "failed", aggregator: "globaltopup" });
    const gs = await gtuSession();
    const reference_no = ref();
    const g = await gtuExecute(gs, { reference_no });
    expect(g.status).toBe(200);
    expect(g.json).toMatchObject({ error: false, data: { status: "Failed", order_id: reference_no, amount: 1808 } });
    expect(typeof g.json.data.transaction_id).toBe("number");
    expect((await gtu("/np/order/status", { order_id: reference_no })).json.data.status).toBe("Failed");
  });

  it("applies in FIFO order, `times` times, only to matching requests that pass the token check", async () => {
    sb.injectFault({ fault: "http500", on: "status", aggregator: "khalti", times: 2 });
    sb.injectFault({ fault: "badShape", on: "status", aggregator: "khalti" });
    const bad = await answer(await fetch(`${sb.url}/api/service/status/?token=wrong&reference=x`));
    expect(bad.json.error_code).toBe("1002"); // no fault used
    expect((await gtu("/np/order/status", { order_id: "1" })).status).toBe(404); // other aggregator
    expect((await khalti("/api/servicegroup/details/worldlink-v2/", { reference: ref(), username: "online_renew" })).status).toBe(200); // a lookup
    expect((await status("x1")).status).toBe(500);
    expect((await status("x2")).status).toBe(500);
    const shaped = await status("x3");
    expect(shaped.status).toBe(400);
    expect(shaped.json).not.toHaveProperty("state");
    expect((await status("x4")).json.state).toBe("Error");
  });

  it("rejects an invalid fault spec", () => {
    expect(() => sb.injectFault({ fault: "nope" } as never)).toThrow();
    expect(() => sb.injectFault({ fault: "queued", on: "lookup" })).toThrow();
    expect(() => sb.injectFault({ fault: "timeout", times: 0 })).toThrow();
  });
});

describe("control endpoints", () => {
  it("faults, commits, settle and reset over HTTP", async () => {
    const post = (path: string, body: unknown) =>
      fetch(`${sb.url}${path}`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) }).then(answer);
    expect((await post("/__sandbox/faults", { fault: "queued", settleAfterMs: 60_000 })).json).toEqual({ ok: true });
    expect((await post("/__sandbox/faults", { fault: "bogus" })).status).toBe(400);
    const session = await konnectSession();
    const reference = ref();
    await khalti("/api/servicegroup/commit/konnect/", { reference, session_id: session, package_id: "1-13286-5-3", amount: 5999 });
    const commits = await answer(await fetch(`${sb.url}/__sandbox/commits`));
    expect(commits.json).toHaveLength(1);
    expect(commits.json[0]).toMatchObject({ reference, state: "Queued", accepted: true, family: "konnect" });
    expect(commits.text).not.toContain(KT);
    expect((await post("/__sandbox/settle", { reference, state: "Failed" })).json).toEqual({ ok: true });
    expect((await status(reference)).json.state).toBe("Failed");
    expect((await post("/__sandbox/settle", { reference: "nope", state: "Success" })).status).toBe(404);
    expect((await post("/__sandbox/reset", {})).json).toEqual({ ok: true });
    expect((await answer(await fetch(`${sb.url}/__sandbox/commits`))).json).toEqual([]);
    expect(sb.commits).toHaveLength(0);
    expect((await status(reference)).json.error_code).toBe("002");
  });
});

describe("close", () => {
  it("closes promptly while a timeout fault holds a request open", async () => {
    const other = await startSandbox({ khaltiToken: "TEST:other", globaltopupToken: "other" });
    other.injectFault({ fault: "timeout", on: "lookup", aggregator: "globaltopup" }); // default 120 s
    const pending = fetch(`${other.globaltopupBaseUrl}/np/recharge/package`, {
      method: "POST",
      headers: { "x-auth-token": "other", "Content-Type": "application/json" },
      body: JSON.stringify({ operator_id: 20, operator_type_id: 5, connection_no: "online_renew", reference_no: "1" }),
    }).then(
      () => "answered",
      () => "failed",
    );
    await new Promise((r) => setTimeout(r, 100));
    const started = Date.now();
    await other.close();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await pending).toBe("failed");
  });
});
