/** @module Number spelling and escaping for the Prometheus text and OpenMetrics formats. */

/**
 * Returns a sample value as both formats spell it: the shortest decimal that reads back to
 * the same float (0.1 stays "0.1"), "+Inf", "-Inf" and "NaN".
 */
export function formatSampleValue(value: number): string {
  if (value === Number.POSITIVE_INFINITY) return "+Inf";
  if (value === Number.NEGATIVE_INFINITY) return "-Inf";
  // NaN.toString() is "NaN"; every finite number prints its shortest round-trip form.
  return `${value}`;
}

/**
 * Returns a float as OpenMetrics spells `le` and `quantile` label values: canonical, with a
 * decimal point on integers ("1.0", "0.25", "1e+21", "+Inf").
 */
export function formatOpenMetricsFloat(value: number): string {
  if (value === Number.POSITIVE_INFINITY) return "+Inf";
  if (value === Number.NEGATIVE_INFINITY) return "-Inf";
  if (Number.isNaN(value)) return "NaN";
  const text = `${value}`;
  return Number.isInteger(value) && !text.includes("e") ? `${text}.0` : text;
}

const labelValueNeedsEscape = /[\\"\n]/;

/** Escapes a label value for both formats: backslash, double quote and line feed. */
export function escapeLabelValue(value: string): string {
  if (!labelValueNeedsEscape.test(value)) return value;
  return value.replace(/[\\"\n]/g, (character) =>
    character === "\\" ? "\\\\" : character === '"' ? '\\"' : "\\n",
  );
}

/** Escapes HELP text for the Prometheus text format 0.0.4: backslash and line feed only. */
export function escapePrometheusHelp(help: string): string {
  return help.replace(/[\\\n]/g, (character) => (character === "\\" ? "\\\\" : "\\n"));
}

/** Escapes HELP text for OpenMetrics 1.0: backslash, double quote and line feed. */
export function escapeOpenMetricsHelp(help: string): string {
  return escapeLabelValue(help);
}
