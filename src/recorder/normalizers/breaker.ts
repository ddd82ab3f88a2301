/** @module Normalises a circuit breaker's name into the catalog's known breakers. */

import { type Breaker, breakers } from "../../catalog/label-values.js";

const known = new Set<string>(breakers);

/** Aliases the seeds use for the same breaker, checked in order on the snake_cased name. */
const aliases: readonly (readonly [RegExp, Breaker])[] = [
  [/rate_?limit/, "rate_limit"],
  [/kill/, "kill_switch"],
  [/daily/, "daily_stop_loss"],
  [/weekly/, "weekly_stop_loss"],
  [/drawdown/, "drawdown"],
  [/volatil|crash/, "volatility_crash"],
  [/connectivity|connection/, "exchange_connectivity"],
  [/exchange/, "exchange_health"],
  [/api/, "api_health"],
];

/**
 * Returns the breaker a name denotes: a known name itself, a seed alias mapped
 * (`rate_limit_cooldown` is `rate_limit`, so seed 000's set and clear hit one series), or
 * `other`.
 *
 * @example
 * normalizeBreaker("rate_limit_cooldown"); // "rate_limit"
 */
export function normalizeBreaker(name: unknown): Breaker {
  if (typeof name !== "string") return "other";
  const snake = name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_");
  if (known.has(snake)) return snake as Breaker;
  for (const [pattern, breaker] of aliases) if (pattern.test(snake)) return breaker;
  return "other";
}
