/** @module Normalises an order-rejection message into seed 000's nine rejection categories. */

import { type RejectionReason, rejectionReasons } from "../../catalog/label-values.js";
import { type ClassifierRule, scoredClassifier } from "./scored-classifier.js";

const rule = (category: RejectionReason, weight: number, pattern: RegExp) => ({
  category,
  weight,
  pattern,
});

/** Evidence for each category; see {@link scoredClassifier} for how weights decide. */
const rules: readonly ClassifierRule<RejectionReason>[] = [
  rule(
    "insufficient_funds",
    3,
    /insufficient[\s_-]*(funds|balance|margin|cash|buying[\s_-]*power|collateral)|not enough (funds|balance|cash|margin)|(balance|margin) (is )?(too low|insufficient)|account has insufficient/,
  ),
  rule("insufficient_funds", 3, /\binsufficientfunds\b/),
  rule(
    "kill_switch_or_stop",
    3,
    /kill[\s_-]*switch|stop[\s_-]*loss|(daily|weekly|monthly)[\s_-]*(stop|loss)/,
  ),
  rule("kill_switch_or_stop", 2, /\bkill(ed)?\b|trading (is )?(stopped|halted)|\bdrawdown\b/),
  rule("circuit_breaker", 3, /circuit[\s_-]*breaker/),
  rule("circuit_breaker", 2, /\bcircuit\b|\bbreaker\b/),
  rule("exposure_cap", 3, /\bexposure\b|(position|portfolio|concentration|asset)[\s_-]*cap\b/),
  rule("exposure_cap", 1, /\bcap(ped)?\b/),
  rule(
    "size_constraint",
    3,
    /min(imum)?[\s_-]*(notional|order[\s_-]*(size|value|amount)|qty|quantity|amount|size)|lot[\s_-]*size|\bnotional\b|order size|order minimum|minimum not met|below (the )?minimum|size too (small|large)|amount (is )?too (small|large)|precision/,
  ),
  rule("size_constraint", 2, /\bsize\b|\bquantity\b|\bdust\b/),
  rule("cooldown_active", 3, /cool[\s_-]*down|trade[\s_-]*spacing|too soon|recently traded/),
  rule("cooldown_active", 2, /\bspacing\b/),
  rule("regime_block", 3, /\bregime\b|volatility[\s_-]*(crash|spike|too high|block)/),
  rule("regime_block", 2, /\bvolatil(e|ity)\b|\bcrash\b/),
  rule("limit_exceeded", 2, /too many|(exceed(s|ed)?|reached|hit) (the )?(max|limit)/),
  rule("limit_exceeded", 1, /\blimit\b(?![\s_-]*(order|price))|\bmax(imum)?\b|\bexceed(s|ed)?\b/),
];

/** More specific categories first: they win ties. */
const priority: readonly RejectionReason[] = [
  "insufficient_funds",
  "kill_switch_or_stop",
  "circuit_breaker",
  "exposure_cap",
  "size_constraint",
  "cooldown_active",
  "regime_block",
  "limit_exceeded",
  "other",
];

const classify = scoredClassifier(rules, priority, "other");
const categories = new Set<string>(rejectionReasons);

/**
 * Returns the rejection category of a free-text reason (a risk-engine message, an exchange's
 * rejection text, or a ccxt error class name). A reason that already is a category name
 * stays itself. The result is always one of the nine categories, so nothing of the
 * message (no symbol, amount, key or signature) reaches a label.
 *
 * @example
 * normalizeRejectionReason("max exposure cap reached (25%)"); // "exposure_cap"
 * normalizeRejectionReason("Insufficient balance: order exceeds available limit"); // "insufficient_funds"
 */
export function normalizeRejectionReason(reason: unknown): RejectionReason {
  const text = describe(reason).trim().toLowerCase();
  if (categories.has(text)) return text as RejectionReason;
  return classify(text.replace(/[_-]+/g, " "));
}

/** Returns the text to classify: a string itself, an error's class name and message. */
function describe(reason: unknown): string {
  if (typeof reason === "string") return reason;
  if (reason instanceof Error) return `${reason.name} ${reason.constructor.name} ${reason.message}`;
  return "";
}
