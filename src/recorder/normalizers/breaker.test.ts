import { describe, expect, it } from "vitest";
import { normalizeBreaker } from "./breaker.js";

describe("normalizeBreaker", () => {
  it.each([
    ["rate_limit", "rate_limit"],
    ["rate_limit_cooldown", "rate_limit"],
    ["api_health", "api_health"],
    ["exchange_connectivity", "exchange_connectivity"],
    ["exchange_health", "exchange_health"],
    ["volatility_crash", "volatility_crash"],
    ["kill_switch", "kill_switch"],
    ["Daily Stop Loss", "daily_stop_loss"],
    ["weekly_stop", "weekly_stop_loss"],
    ["max_drawdown", "drawdown"],
    ["volatility", "volatility_crash"],
    ["something-new", "other"],
  ])("%j is %s", (name, expected) => {
    expect(normalizeBreaker(name)).toBe(expected);
  });
});
