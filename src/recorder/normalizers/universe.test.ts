import { describe, expect, it } from "vitest";
import { universeNormalizer } from "./universe.js";

describe("universeNormalizer", () => {
  it("keeps configured values and records any other as other", () => {
    const symbol = universeNormalizer(["BTC/USDT", "ETH/USDT"]);
    expect(symbol("BTC/USDT")).toBe("BTC/USDT");
    expect(symbol("DOGE/USDT")).toBe("other");
    expect(symbol(7)).toBe("other");
  });

  it("sanitises and caps values when no universe is configured", () => {
    const symbol = universeNormalizer();
    expect(symbol("BTC/USDT:USDT")).toBe("BTC/USDT:USDT");
    expect(symbol('a"b\nc')).toBe("a_b_c");
    expect(symbol("x".repeat(100))).toHaveLength(64);
    expect(symbol("")).toBe("other");
  });
});
