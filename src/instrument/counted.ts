/** @module `counted()`: wraps a sync or async function so calls and failures (by bounded error type) are counted. */

import { observeCall } from "../recorder/observe-call.js";
import { ErrorTypeNormalizer, type ErrorTypeOptions } from "./error-type.js";
import { resolveLabels } from "./resolve-labels.js";
import type { CounterMetric, LabelsOption } from "./types.js";

/** Options of {@link counted}. */
export interface CountedOptions<Args extends readonly unknown[]> extends ErrorTypeOptions {
  /** Labels of every increment, or a function of the call's arguments that returns them. */
  readonly labels?: LabelsOption<Args> | undefined;
  /**
   * The counter of failed calls. It is incremented with the call's labels plus
   * `errorTypeLabel` set to the error's bounded type (see {@link ErrorTypeNormalizer}).
   */
  readonly errors?: CounterMetric | undefined;
  /** The label that receives the error type. Default `error_type`. */
  readonly errorTypeLabel?: string | undefined;
  /** When the call counter is incremented: `"call"` (default, before the call) or `"success"` (only when it succeeds). */
  readonly count?: "call" | "success" | undefined;
}

/**
 * Returns a function that calls `fn` and increments `counter` once per call, and, when
 * `errors` is given, increments it once per throw or rejection with the error's type.
 * Error types are bounded: an allow-list (`allowed`) or a cap (`maxTypes`, default 20),
 * past which they read `other`.
 *
 * @example
 * const placeOrder = counted(ordersTotal, (order: Order) => client.place(order), {
 *   labels: (order) => ({ side: order.side }),
 *   errors: orderErrorsTotal,
 * });
 */
export function counted<This, Args extends readonly unknown[], Return>(
  counter: CounterMetric,
  fn: (this: This, ...args: Args) => Return,
  options: CountedOptions<Args> = {},
): (this: This, ...args: Args) => Return {
  const { labels, errors, errorTypeLabel = "error_type", count = "call" } = options;
  const errorType = new ErrorTypeNormalizer(options);
  return function countedCall(this: This, ...args: Args): Return {
    const callLabels = resolveLabels(labels, args);
    if (count === "call") counter.inc(callLabels);
    return observeCall(fn, this, args, (failed, thrown) => {
      if (!failed) {
        if (count === "success") counter.inc(callLabels);
        return;
      }
      errors?.inc({ ...callLabels, [errorTypeLabel]: errorType.of(thrown) });
    });
  };
}
