/** @module The timers `startTimer()` returns: they measure seconds and hand them to a record. */
import type { LabelValues } from "./types.js";

/** Returns a function that records, and returns, the seconds elapsed since this call. */
export function secondsTimer(record: (seconds: number) => void): () => number {
  const start = performance.now();
  return () => {
    const seconds = (performance.now() - start) / 1000;
    record(seconds);
    return seconds;
  };
}

/**
 * Returns a function that records the seconds elapsed since this call under the start labels
 * merged with the end labels (undefined when neither was given), and returns them.
 */
export function labelledSecondsTimer<T extends string>(
  labels: LabelValues<T> | undefined,
  record: (labels: LabelValues<T> | undefined, seconds: number) => void,
): (endLabels?: LabelValues<T>) => number {
  const start = performance.now();
  return (endLabels) => {
    const seconds = (performance.now() - start) / 1000;
    record(
      labels === undefined && endLabels === undefined ? undefined : { ...labels, ...endLabels },
      seconds,
    );
    return seconds;
  };
}
