/** @module InfluxDB line protocol: escaping and one point per registry sample (measurement = sample name, tags = labels, field `value`). */
import type { MetricObjectWithValues } from "../../metrics/index.js";
import { formatSampleValue } from "../../metrics/index.js";

/** One line-protocol point. Fields are numbers (written as floats); `timestampMs` in Unix ms. */
export interface InfluxPoint {
  readonly measurement: string;
  readonly tags?: Readonly<Record<string, string>> | undefined;
  readonly fields: Readonly<Record<string, number>>;
  readonly timestampMs: number;
}

const escapeMeasurement = (text: string): string => text.replace(/[\\, ]/g, (c) => `\\${c}`);
const escapeKey = (text: string): string => text.replace(/[\\,= ]/g, (c) => `\\${c}`);
// Line protocol has no escape for a newline: it ends the point. Tag values get a space instead.
const escapeTagValue = (text: string): string => escapeKey(text.replace(/[\r\n]/g, " "));

/**
 * Returns a point as one line (without the newline), timestamps in ms (`precision=ms`), or
 * undefined when it has no finite field (InfluxDB stores neither NaN nor infinities). Tags
 * are sorted by key, as InfluxDB recommends; empty tag values are left out.
 */
export function formatPoint(point: InfluxPoint): string | undefined {
  let line = escapeMeasurement(point.measurement);
  const tags = point.tags ?? {};
  for (const key of Object.keys(tags).sort()) {
    const value = tags[key]!;
    if (value !== "") line += `,${escapeKey(key)}=${escapeTagValue(value)}`;
  }
  let fields = "";
  for (const [key, value] of Object.entries(point.fields)) {
    if (!Number.isFinite(value)) continue;
    fields += `${fields === "" ? "" : ","}${escapeKey(key)}=${value}`;
  }
  if (fields === "") return undefined;
  return `${line} ${fields} ${Math.trunc(point.timestampMs)}`;
}

/**
 * Returns the registry's samples as points: measurement the sample name (`orders_total`,
 * `latency_seconds_bucket`), tags its labels plus `tags`, one field `value`, all at
 * `timestampMs`. Samples that are NaN or infinite are left out.
 */
export function registryPoints(
  families: readonly MetricObjectWithValues[],
  timestampMs: number,
  tags: Readonly<Record<string, string>> = {},
): InfluxPoint[] {
  const points: InfluxPoint[] = [];
  for (const family of families) {
    for (const value of family.values) {
      const labels: Record<string, string> = { ...tags };
      for (const [name, labelValue] of Object.entries(value.labels)) {
        if (labelValue === undefined) continue;
        labels[name] =
          typeof labelValue === "number" ? formatSampleValue(labelValue) : String(labelValue);
      }
      points.push({
        measurement: value.metricName ?? family.name,
        tags: labels,
        fields: { value: value.value },
        timestampMs,
      });
    }
  }
  return points;
}
