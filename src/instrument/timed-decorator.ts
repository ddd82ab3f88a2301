/** @module `@Timed()`: a standard (TC39) method decorator that observes each call's duration. */
import { type TimedOptions, timed } from "./timed.js";
import type { ObserverMetric } from "./types.js";

/**
 * Decorates a method (sync or async) so each call's duration, in seconds, is observed in
 * `histogram`. Standard decorators: TypeScript 5 with `experimentalDecorators` off.
 *
 * @example
 * class Strategy {
 *   @Timed(evaluationDuration, { labels: { strategy: "momentum" } })
 *   async evaluate(bar: Bar) { ... }
 * }
 */
export function Timed<Args extends readonly unknown[]>(
  histogram: ObserverMetric,
  options: TimedOptions<Args> = {},
) {
  return <This, Return>(
    method: (this: This, ...args: Args) => Return,
    _context: ClassMethodDecoratorContext<This, (this: This, ...args: Args) => Return>,
  ): ((this: This, ...args: Args) => Return) => timed(histogram, method, options);
}
