/** @module An OpenMetrics exemplar: the labels (a trace id) of one recorded event, its value and time. */
import { MetricValueError } from "./errors.js";
import type { LabelValues } from "./types.js";

/** OpenMetrics' limit on an exemplar's label names and values together, in characters. */
export const EXEMPLAR_LABEL_SET_LIMIT = 128;

/**
 * The exemplar of a counter series or a histogram bucket, as prom-client exposes it in `get()`:
 * `labelSet`, `value`, and `timestamp` in Unix seconds.
 */
export class Exemplar {
  labelSet: LabelValues;
  value: number;
  timestamp: number;

  constructor(labelSet: LabelValues, value: number, timestamp: number) {
    this.labelSet = labelSet;
    this.value = value;
    this.timestamp = timestamp;
  }
}

/**
 * Returns a new exemplar for an event, now; throws when its label set is longer than
 * OpenMetrics allows.
 */
export function createExemplar(metric: string, labelSet: LabelValues, value: number): Exemplar {
  let characters = 0;
  for (const [name, labelValue] of Object.entries(labelSet)) {
    for (const _ of name) characters++;
    for (const _ of `${labelValue}`) characters++;
  }
  if (characters > EXEMPLAR_LABEL_SET_LIMIT) {
    throw new MetricValueError(
      "ERR_LABEL_VALUE_TOO_LONG",
      metric,
      // Begins with prom-client's wording, which its tests pin.
      `Label set size must be smaller than ${EXEMPLAR_LABEL_SET_LIMIT} UTF-8 chars: the exemplar labels of metric "${metric}" were ${characters} (names and values together)`,
    );
  }
  return new Exemplar(labelSet, value, Date.now() / 1000);
}

/** The object form of `inc()` and `observe()` on a metric with exemplars. */
export interface ExemplarRecord<T extends string> {
  labels?: LabelValues<T>;
  value?: number;
  exemplarLabels?: LabelValues;
}
