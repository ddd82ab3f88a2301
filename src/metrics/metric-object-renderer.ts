/** @module Renders prom-client metric objects (from `getMetricsAsJSON()`) in either format. */

import type { ExpositionWriter } from "./exposition-writer.js";
import { familyHeader, openMetricsFamilyName } from "./family-header.js";
import { escapeLabelValue } from "./format.js";
import type { MetricObjectWithValues } from "./types.js";

/**
 * Appends one metric object: its header, then every value, with `le` and `quantile` spelled as
 * the format wants and label values escaped. Used for metrics of a prom-client registry served
 * through ours.
 */
export function renderMetricObject(writer: ExpositionWriter, metric: MetricObjectWithValues): void {
  writer.raw(familyHeader(writer.format, metric.name, metric.help, metric.type, metric.unit));
  const counterSample =
    writer.format === "openmetrics" && metric.type === "counter"
      ? `${openMetricsFamilyName(metric.name, metric.type)}_total`
      : metric.name;
  for (const value of metric.values) {
    let labels = "";
    for (const key in value.labels) {
      const labelValue = (value.labels as Record<string, string | number | undefined>)[key];
      if (labelValue === undefined) continue;
      const text =
        (key === "le" || key === "quantile") &&
        (typeof labelValue === "number" || labelValue === "+Inf")
          ? writer.formatBound(
              typeof labelValue === "number" ? labelValue : Number.POSITIVE_INFINITY,
            )
          : escapeLabelValue(`${labelValue}`);
      labels += `${labels.length === 0 ? "" : ","}${key}="${text}"`;
    }
    const name = value.metricName ?? (metric.type === "counter" ? counterSample : metric.name);
    writer.sample(name, labels, Number(value.value));
  }
}
