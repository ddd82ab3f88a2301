/** @module `timed()`: wraps a sync or async function so each call's duration is observed in seconds. */
import { observeCall } from "../recorder/observe-call.js";
import { resolveLabels } from "./resolve-labels.js";
import type { LabelsOption, ObserverMetric } from "./types.js";

/** Options of {@link timed}. */
export interface TimedOptions<Args extends readonly unknown[]> {
  /** Labels of every observation, or a function of the call's arguments that returns them. */
  readonly labels?: LabelsOption<Args> | undefined;
  /**
   * The name of a label that receives `success` or `error`, e.g. `outcome`. The metric must
   * declare it. Without it, failed calls are observed like successful ones.
   */
  readonly outcomeLabel?: string | undefined;
}

/**
 * Returns a function that calls `fn` and observes how long it took, in seconds, in
 * `histogram` (a Histogram or Summary). Async functions are timed until their promise
 * settles. Values, exceptions, rejections and `this` pass through unchanged.
 *
 * @example
 * const fetchTicker = timed(apiLatency, (symbol: string) => exchange.fetchTicker(symbol), {
 *   labels: { endpoint: "fetch_ticker" },
 * });
 */
export function timed<This, Args extends readonly unknown[], Return>(
  histogram: ObserverMetric,
  fn: (this: This, ...args: Args) => Return,
  options: TimedOptions<Args> = {},
): (this: This, ...args: Args) => Return {
  const { labels, outcomeLabel } = options;
  return function timedCall(this: This, ...args: Args): Return {
    const callLabels = resolveLabels(labels, args);
    return observeCall(fn, this, args, (failed, _thrown, seconds) => {
      const observed =
        outcomeLabel === undefined
          ? callLabels
          : { ...callLabels, [outcomeLabel]: failed ? "error" : "success" };
      histogram.observe(observed, seconds);
    });
  };
}
