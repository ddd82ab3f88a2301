import { describe, expect, it } from "vitest";
import { rejectionReasons } from "../../catalog/label-values.js";
import { normalizeRejectionReason } from "./rejection-reason.js";

/** Seed 000's `_normalize_rejection_reason`, transcribed: the first matching substring wins. */
function seed000(reason: string): string {
  const text = reason.toLowerCase();
  const has = (...words: string[]) => words.some((word) => text.includes(word));
  if (has("insufficient", "balance")) return "insufficient_funds";
  if (has("limit", "max")) return "limit_exceeded";
  if (has("cooldown", "spacing")) return "cooldown_active";
  if (has("exposure", "cap")) return "exposure_cap";
  if (has("size", "notional")) return "size_constraint";
  if (has("circuit", "breaker")) return "circuit_breaker";
  if (has("regime", "volatility")) return "regime_block";
  if (has("kill", "stop")) return "kill_switch_or_stop";
  return "other";
}

describe("normalizeRejectionReason", () => {
  it.each([
    ["max exposure cap reached (25% of NAV)", "limit_exceeded", "exposure_cap"],
    ["Stop-loss limit reached: daily loss -3.1%", "limit_exceeded", "kill_switch_or_stop"],
    ["Rate limit cooldown active for BTC-USD", "limit_exceeded", "cooldown_active"],
    ["Order size exceeds max order size 0.5 BTC", "limit_exceeded", "size_constraint"],
    ["rebalance skipped: drift within band", "insufficient_funds", "other"],
    ["Insufficient liquidity: spread 45 bps too wide", "insufficient_funds", "other"],
    ["Symbol halted by volatility circuit breaker", "circuit_breaker", "circuit_breaker"],
  ])("%j: seed 000 says %s, the most specific rule says %s", (message, seedAnswer, ours) => {
    expect(seed000(message)).toBe(seedAnswer);
    expect(normalizeRejectionReason(message)).toBe(ours);
  });

  it.each([
    // Messages that match several of seed 000's rules: the most specific wins.
    ["max exposure cap reached (25% of NAV)", "exposure_cap"],
    ["Insufficient balance: order exceeds available limit", "insufficient_funds"],
    ["Stop-loss limit reached: daily loss -3.1%", "kill_switch_or_stop"],
    ["daily stop loss hit, trading paused", "kill_switch_or_stop"],
    ["Kill switch engaged after max drawdown", "kill_switch_or_stop"],
    ["Position size exceeds per-asset exposure limit", "exposure_cap"],
    ["Notional $4.20 below min notional $10", "size_constraint"],
    ["Order size exceeds max order size 0.5 BTC", "size_constraint"],
    ["Rate limit cooldown active for BTC-USD", "cooldown_active"],
    ["Trade spacing: last trade 3m ago, need 15m", "cooldown_active"],
    ["Symbol halted by volatility circuit breaker", "circuit_breaker"],
    ["circuit_breaker:api_health", "circuit_breaker"],
    ["Volatility regime: crash mode, entries blocked", "regime_block"],
    ["Exceeds max trades per day (10)", "limit_exceeded"],
    ["max open positions reached (5)", "limit_exceeded"],
    ["Too many open orders", "limit_exceeded"],
    // Seed 000's substring rules got these wrong.
    ["rebalance skipped: drift within band", "other"],
    ["Insufficient liquidity: spread 45 bps too wide", "other"],
    ["Invalid stop limit order price", "other"],
    // Exchange rejections and ccxt error classes.
    ["binance Account has insufficient balance for requested action.", "insufficient_funds"],
    ["InsufficientFunds", "insufficient_funds"],
    ['binance {"code":-1013,"msg":"Filter failure: MIN_NOTIONAL"}', "size_constraint"],
    ['binance {"code":-1013,"msg":"Filter failure: LOT_SIZE"}', "size_constraint"],
    ["kraken EOrder:Order minimum not met", "size_constraint"],
    ["coinbase amount too small for product", "size_constraint"],
    ["Post only order would cross the book", "other"],
    // Category names stay themselves (seed 000 sometimes passes them pre-normalised).
    ["exposure_cap", "exposure_cap"],
    ["KILL_SWITCH_OR_STOP", "kill_switch_or_stop"],
    ["", "other"],
  ])("%j is %s", (message, expected) => {
    expect(normalizeRejectionReason(message)).toBe(expected);
  });

  it("classifies errors by class name and message", () => {
    class InsufficientFunds extends Error {
      override name = "InsufficientFunds";
    }
    expect(normalizeRejectionReason(new InsufficientFunds("binance {}"))).toBe(
      "insufficient_funds",
    );
    expect(normalizeRejectionReason(new Error("kill switch active"))).toBe("kill_switch_or_stop");
    expect(normalizeRejectionReason(42)).toBe("other");
    expect(normalizeRejectionReason(undefined)).toBe("other");
  });

  it("returns only one of the nine categories, never text from a message full of secrets", () => {
    const secrets = [
      "AKIAIOSFODNN7EXAMPLE",
      "sk_live_51H8xYzQ2eZvKYlo2C",
      "signature=3f2a9b0c6d5e4f1a2b3c4d5e6f7a8b9c",
      "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig",
    ];
    const messages = [
      `insufficient balance for apiKey=${secrets[0]} secret=${secrets[1]}`,
      `max exposure reached; url=https://api.exchange.com/order?${secrets[2]}`,
      `Bearer ${secrets[3]} rejected: ${secrets[0]}`,
      secrets.join(" "),
    ];
    for (const message of messages) {
      const category = normalizeRejectionReason(message);
      expect(rejectionReasons).toContain(category);
      for (const secret of secrets) expect(secret).not.toContain(category);
    }
  });
});
