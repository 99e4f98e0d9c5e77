import { describe, expect, it } from "vitest";
import { buildCatalog, ISPS, normalizeAccount } from "../src/providers/catalog.js";

describe("catalogue", () => {
  it("lists every ISP of both documents once (45)", () => {
    expect(ISPS).toHaveLength(45);
    expect(new Set(ISPS.map((i) => i.id)).size).toBe(45);
    expect(new Set(ISPS.map((i) => i.name.toLowerCase())).size).toBe(45);
    for (const isp of ISPS) expect(isp.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it("counts the routes of each family as documented", () => {
    const routes = ISPS.flatMap((i) => i.routes);
    const count = (f: string) => routes.filter((r) => r.family === f).length;
    expect(count("times")).toBe(5);
    expect(count("konnect")).toBe(5);
    expect(count("worldlink-v2")).toBe(1);
    expect(count("hashcnet-v2")).toBe(15);
    expect(count("merosoft")).toBe(29);
    expect(new Set(routes.filter((r) => r.operatorId).map((r) => r.operatorId)).size).toBe(29);
  });

  it("puts Khalti first where it serves an ISP that Global Topup serves too", () => {
    const shared = ISPS.filter((i) => i.routes.length === 2);
    expect(shared.map((i) => i.id).sort()).toEqual(
      ["acme-internet", "dg-link", "izone", "loop-network", "palsnet", "sky-internet", "techminds", "websurfer", "world-fiber-net", "worldlink"],
    );
    for (const isp of shared) expect(isp.routes.map((r) => r.aggregator)).toEqual(["khalti", "globaltopup"]);
  });

  it("does not route Chitrawan Unique Net through konnect", () => {
    const chitrawan = ISPS.find((i) => i.id === "chitrawan-unique-net");
    expect(chitrawan?.routes).toEqual([expect.objectContaining({ aggregator: "globaltopup", operatorId: 47 })]);
  });

  it("keeps only enabled aggregators and honours an operator's priority", () => {
    const onlyGtu = buildCatalog(new Set(["globaltopup"]));
    expect(onlyGtu).toHaveLength(29);
    const both = buildCatalog(new Set(["khalti", "globaltopup"]), { worldlink: "globaltopup" });
    expect(both.find((i) => i.id === "worldlink")?.routes.map((r) => r.aggregator)).toEqual(["globaltopup", "khalti"]);
    expect(both.find((i) => i.id === "websurfer")?.routes[0]?.aggregator).toBe("khalti");
    expect(buildCatalog(new Set(["khalti"]))).toHaveLength(26);
  });

  it("checks what a person typed as an account", () => {
    expect(normalizeAccount("customer_id", " 1112858 ")).toBe("1112858");
    // Issue 11, item 14: a customer id is not required to be digits (the documents show examples,
    // not a rule); only what cannot be an account at all is refused.
    expect(normalizeAccount("customer_id", "ram")).toBe("ram");
    expect(normalizeAccount("customer_id", " WS-1001/A ")).toBe("WS-1001/A");
    expect(normalizeAccount("customer_id", "ram thapa")).toBeUndefined();
    expect(normalizeAccount("customer_id", "x".repeat(51))).toBeUndefined();
    expect(normalizeAccount("username", "online_renew")).toBe("online_renew");
    expect(normalizeAccount("username", "a b")).toBeUndefined();
    expect(normalizeAccount("username", "")).toBeUndefined();
  });
});
