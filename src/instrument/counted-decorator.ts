/** @module `@Counted()`: a standard (TC39) method decorator that counts calls and failures by error type. */
import { type CountedOptions, counted } from "./counted.js";
import type { CounterMetric } from "./types.js";

/**
 * Decorates a method (sync or async) so each call increments `counter` and, with
 * `options.errors`, each failure increments that counter by bounded error type.
 * Standard decorators: TypeScript 5 with `experimentalDecorators` off.
 *
 * @example
 * class Exchange {
 *   @Counted(apiCalls, { labels: { endpoint: "create_order" }, errors: apiErrors })
 *   async createOrder(order: Order) { ... }
 * }
 */
export function Counted<Args extends readonly unknown[]>(
  counter: CounterMetric,
  options: CountedOptions<Args> = {},
) {
  return <This, Return>(
    method: (this: This, ...args: Args) => Return,
    _context: ClassMethodDecoratorContext<This, (this: This, ...args: Args) => Return>,
  ): ((this: This, ...args: Args) => Return) => counted(counter, method, options);
}
