/** @module Increase of a counter over stored points, counting resets as Prometheus does. */

/**
 * Returns how much a counter grew from point `from` to point `to` (inclusive positions):
 * each drop is a reset, after which the counter counts again from zero, so the new value
 * is all increase (as Prometheus' `increase()` without its extrapolation). Non-finite
 * points are skipped. NaN when fewer than two finite points lie in the span.
 *
 * @example
 * counterIncrease((position) => [5, 7, 2, 4][position]!, 0, 3); // 2 + 2 + 2 = 6
 */
export function counterIncrease(
  valueAt: (position: number) => number,
  from: number,
  to: number,
): number {
  let previous = Number.NaN;
  let increase = 0;
  let points = 0;
  for (let position = from; position <= to; position++) {
    const value = valueAt(position);
    if (!Number.isFinite(value)) continue;
    points++;
    if (points > 1) increase += value >= previous ? value - previous : value;
    previous = value;
  }
  return points < 2 ? Number.NaN : increase;
}
