import { describe, expect, it } from "vitest";
import { commitOutcome, statusOutcome } from "../src/providers/khalti/client.js";
import { executeOutcome, statusOutcome as gtuStatus } from "../src/providers/globaltopup/client.js";
import type { HttpResult } from "../src/providers/http.js";

const json = (status: number, body: unknown): HttpResult => ({ kind: "answer", status, json: body, isJson: true });

describe("Khalti commit outcome (khalti-common/statecode.md)", () => {
  it.each([
    ["Success", "success"],
    ["Queued", "pending"],
    ["Processing", "pending"],
    ["Expired", "failed"],
    ["Error", "failed"],
    ["Failed", "failed"],
    ["Weird", "pending"],
  ])("200 with state %s → %s", (state, outcome) => {
    expect(commitOutcome(json(200, { status: true, state, id: 7 })).state).toBe(outcome);
  });

  it("decides on state, not status", () => {
    expect(commitOutcome(json(200, { status: false, state: "Success", id: 1 })).state).toBe("success");
    expect(commitOutcome(json(200, { status: true })).state).toBe("pending");
  });

  it.each([400, 401, 500, 502, 503, 302])("HTTP %d → pending", (status) => {
    expect(commitOutcome(json(status, { status: false, state: "Error", error_code: "4000" })).state).toBe("pending");
  });

  it("HTTP 404 → failed", () => {
    expect(commitOutcome(json(404, { detail: "Not found" })).state).toBe("failed");
  });

  it("timeouts, network errors and garbled answers → pending", () => {
    expect(commitOutcome({ kind: "timeout" }).state).toBe("pending");
    expect(commitOutcome({ kind: "network", detail: "ECONNRESET" }).state).toBe("pending");
    expect(commitOutcome({ kind: "answer", status: 200, text: "{\"status\": tru", isJson: false })).toMatchObject({ state: "pending", cause: "malformed" });
    expect(commitOutcome(json(200, { state: 42 }))).toMatchObject({ state: "pending", cause: "malformed" });
  });

  it("a duplicate reference is never a failure, whatever its state", () => {
    expect(commitOutcome(json(200, { status: false, state: "Error", error_code: "1013" }))).toMatchObject({ state: "pending", cause: "duplicate-reference" });
    expect(commitOutcome(json(400, { status: false, state: "Error", error_code: "1013" }))).toMatchObject({ state: "pending", cause: "duplicate-reference" });
  });

  it("keeps the upstream id and credits, and never the token", () => {
    const o = commitOutcome(json(200, { status: true, state: "Success", id: 42353, credits_consumed: 790.0, credits_available: 9999378747.53, token: "TEST:secret" }));
    expect(o).toMatchObject({ state: "success", upstreamId: "42353", creditsConsumedPaisa: 79000, creditsAvailablePaisa: 999937874753 });
    expect(JSON.stringify(o)).not.toContain("TEST:secret");
  });
});

describe("Khalti status outcome", () => {
  it("an invalid reference means Khalti never took the payment → failed", () => {
    expect(statusOutcome(json(400, { status: false, error_code: "002", error: "invalid_reference", state: "Error" }))).toMatchObject({ state: "failed", cause: "not-found" });
  });
  it("a refused lookup (bad token) says nothing about the payment → pending", () => {
    expect(statusOutcome(json(400, { status: false, error_code: "1002", message: "Invalid token", state: "Error" })).state).toBe("pending");
  });
  it("uses response_id as the upstream id", () => {
    expect(statusOutcome(json(200, { status: true, state: "Success", response_id: 123647 }))).toMatchObject({ state: "success", upstreamId: "123647" });
    expect(statusOutcome(json(200, { status: true, state: "Failed", response_id: 1 })).state).toBe("failed");
    expect(statusOutcome(json(500, {})).state).toBe("pending");
  });
});

describe("Global Topup outcomes", () => {
  const order = (status: string) => json(200, { error: false, message: "ok", data: { status, transaction_id: 9, order_id: "1" } });
  it.each([
    ["Success", "success"],
    ["completed", "success"],
    ["Failed", "failed"],
    ["Refunded", "failed"],
    ["Pending", "pending"],
    ["Processing", "pending"],
  ])("status %s → %s", (status, state) => {
    expect(executeOutcome(order(status)).state).toBe(state);
    expect(gtuStatus(order(status)).state).toBe(state);
  });
  it("an error envelope on execute is not a failure: pending", () => {
    expect(executeOutcome(json(422, { error: true, message: "Invalid amount" })).state).toBe("pending");
    expect(executeOutcome(json(500, { error: true, message: "Server Error" })).state).toBe("pending");
    expect(executeOutcome({ kind: "timeout" }).state).toBe("pending");
  });
  it("order not found on the status lookup → pending (unknown: our documents do not say what it means)", () => {
    expect(gtuStatus(json(404, { error: true, message: "Order not found", data: [] }))).toMatchObject({ state: "pending", cause: "not-found" });
    expect(gtuStatus(json(404, { error: true, message: "Not found" })).state).toBe("pending");
  });
});
