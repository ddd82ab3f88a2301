/** @module `startTimer()`: a timing scope that observes once, by `end()` or by leaving a `using` block. */
import type { LabelValues, ObserverMetric } from "./types.js";

/** A running timer; see {@link startTimer}. */
export interface TimerScope extends Disposable {
  /** Seconds since the timer started. */
  elapsedSeconds(): number;
  /**
   * Observes the elapsed seconds with the start labels merged with `labels`, and returns
   * them. Only the first call observes; later calls return the first duration.
   */
  end(labels?: LabelValues): number;
}

/**
 * Starts timing into `histogram` (a Histogram or Summary). The scope observes once: on
 * `end()`, or when a `using` declaration holding it goes out of scope.
 *
 * @example
 * {
 *   using _timer = startTimer(stageDuration, { stage: "risk" });
 *   runRiskChecks();
 * } // observed here, even if runRiskChecks() threw
 */
export function startTimer(histogram: ObserverMetric, labels: LabelValues = {}): TimerScope {
  const start = process.hrtime.bigint();
  let observed: number | undefined;
  const elapsedSeconds = (): number => Number(process.hrtime.bigint() - start) / 1e9;
  const end = (endLabels?: LabelValues): number => {
    if (observed !== undefined) return observed;
    observed = elapsedSeconds();
    histogram.observe(endLabels === undefined ? labels : { ...labels, ...endLabels }, observed);
    return observed;
  };
  return {
    elapsedSeconds,
    end,
    [Symbol.dispose]: () => {
      end();
    },
  };
}
