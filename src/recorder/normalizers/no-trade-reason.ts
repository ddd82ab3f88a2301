/** @module Normalises why a cycle made no trade into the catalog's closed set of no-trade reasons. */

import { type NoTradeReason, noTradeReasons } from "../../catalog/label-values.js";
import { type ClassifierRule, scoredClassifier } from "./scored-classifier.js";

const rule = (category: NoTradeReason, weight: number, pattern: RegExp) => ({
  category,
  weight,
  pattern,
});

const rules: readonly ClassifierRule<NoTradeReason>[] = [
  rule("kill_switch", 3, /kill switch|trading (is )?halted/),
  rule("circuit_breaker", 3, /circuit breaker|\bbreaker\b|\bcircuit\b/),
  rule(
    "insufficient_funds",
    3,
    /insufficient (funds|balance|cash|margin|buying power)|not enough (funds|balance|cash)/,
  ),
  rule("exposure_cap", 3, /\bexposure\b|\bcap reached\b/),
  rule("cooldown_active", 3, /cool ?down|\bspacing\b/),
  rule("stale_data", 3, /\bstale\b|data too old|no (fresh )?(market )?data|missing data/),
  rule("market_closed", 3, /market (is )?closed|outside (trading|market) hours|\bholiday\b/),
  rule(
    "no_signal",
    3,
    /no (signals?|proposals?|triggers?|candidates?|opportunit(y|ies)|setups?)|nothing to (do|trade)/,
  ),
  rule("risk_blocked", 2, /\brisk\b|\bblocked\b|\brejected\b|\bvetoed\b/),
];

const priority: readonly NoTradeReason[] = [
  "kill_switch",
  "circuit_breaker",
  "insufficient_funds",
  "exposure_cap",
  "cooldown_active",
  "stale_data",
  "market_closed",
  "no_signal",
  "risk_blocked",
  "other",
];

const classify = scoredClassifier(rules, priority, "other");
const categories = new Set<string>(noTradeReasons);

/**
 * Returns the no-trade reason of a free-text reason; the result is always one of the closed
 * set, never a piece of the input.
 *
 * @example
 * normalizeNoTradeReason("all_proposals_blocked_by_risk"); // "risk_blocked"
 * normalizeNoTradeReason("No signals above threshold"); // "no_signal"
 */
export function normalizeNoTradeReason(reason: unknown): NoTradeReason {
  if (typeof reason !== "string") return "other";
  const text = reason.trim().toLowerCase();
  if (categories.has(text)) return text as NoTradeReason;
  return classify(text.replace(/[_-]+/g, " "));
}
