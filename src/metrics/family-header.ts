/** @module The HELP, TYPE and UNIT lines that open a metric family, in either format. */
import { escapeOpenMetricsHelp, escapePrometheusHelp } from "./format.js";
import type { ExpositionFormat, MetricType } from "./types.js";

/** Returns the family name OpenMetrics uses: a counter's name without `_total`. */
export function openMetricsFamilyName(name: string, type: MetricType): string {
  return type === "counter" && name.endsWith("_total") ? name.slice(0, -6) : name;
}

/** Returns the lines that open a family. */
export function familyHeader(
  format: ExpositionFormat,
  name: string,
  help: string,
  type: MetricType,
  unit: string | undefined,
): string {
  if (format === "prometheus") {
    return `# HELP ${name} ${escapePrometheusHelp(help)}\n# TYPE ${name} ${type}\n`;
  }
  const family = openMetricsFamilyName(name, type);
  const unitLine = unit === undefined ? "" : `# UNIT ${family} ${unit}\n`;
  return `# HELP ${family} ${escapeOpenMetricsHelp(help)}\n# TYPE ${family} ${type}\n${unitLine}`;
}
