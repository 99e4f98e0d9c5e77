import { describe, expect, it } from "vitest";
import { formatRupees, paisaToRupees, rupeesToPaisa } from "../src/shared/amount.js";

describe("rupeesToPaisa", () => {
  it.each([
    [4915, 491500],
    [999.0, 99900],
    ["999.00", 99900],
    ["0.00000", 0],
    ["0", 0],
    ["1808.5", 180850],
    [12204.01, 1220401],
    [0.1 + 0.2, 30],
    ["15750.005", 1575001],
    [9995285594.37663, 999528559438],
  ])("%j → %d paisa", (input, paisa) => {
    expect(rupeesToPaisa(input)).toBe(paisa);
  });

  it.each([[-1], [Number.NaN], [Infinity], ["abc"], ["1,000"], [""], [null], [{}], [[]], ["-5"], [true]])(
    "rejects %j",
    (input) => {
      expect(rupeesToPaisa(input)).toBeUndefined();
    },
  );
});

describe("paisaToRupees", () => {
  it("turns paisa into the rupee number sent upstream", () => {
    expect(paisaToRupees(491500)).toBe(4915);
    expect(paisaToRupees(180850)).toBe(1808.5);
  });
  it("refuses fractions and negatives", () => {
    expect(() => paisaToRupees(1.5)).toThrow(RangeError);
    expect(() => paisaToRupees(-100)).toThrow(RangeError);
  });
});

describe("formatRupees", () => {
  it.each([
    [0, "Rs 0.00"],
    [5, "Rs 0.05"],
    [99900, "Rs 999.00"],
    [100000, "Rs 1,000.00"],
    [12345600, "Rs 1,23,456.00"],
    [1234567800, "Rs 1,23,45,678.00"],
    [-250050, "-Rs 2,500.50"],
  ])("%d paisa → %s", (paisa, text) => {
    expect(formatRupees(paisa)).toBe(text);
  });
  it("writes Nepali digits for ne", () => {
    expect(formatRupees(12345600, "ne")).toBe("रु १,२३,४५६.००");
  });
});
