/** @module tradewatch/ops: the operations bundle generator, the PromQL linter and the local Prometheus stack. */
export { defaultBundleOptions } from "./bundle-options.js";
export {
  type AlertRuleOptions,
  alertRuleGroups,
  alertSpecs,
} from "./generate/alert-rules.js";
export { type AlertTiming, alertTimings } from "./generate/alert-timings.js";
export { alertmanagerConfig, alertmanagerSecrets } from "./generate/alertmanager-config.js";
export type { AlertSpec } from "./generate/alerts/alert-spec.js";
export { buildDashboard, type DashboardSpec } from "./generate/dashboard-builder.js";
export { dashboardSpecs } from "./generate/dashboards.js";
export { prometheusConfig } from "./generate/prometheus-config.js";
export { recordingRuleGroups, recordingRules } from "./generate/recording-rules.js";
export { generateBundle, staleBundleFiles, writeBundle } from "./generate-bundle.js";
export { catalogSeriesIndex } from "./lint/catalog-index.js";
export {
  type ExpressionLintResult,
  lintExpression,
  parseDurationSeconds,
} from "./lint/expression-linter.js";
export { lintDashboard, lintPaths, lintRuleFile } from "./lint/lint-files.js";
export { SeriesIndex } from "./lint/series-index.js";
export { isMetricsDocCurrent, renderMetricsDoc, writeMetricsDoc } from "./metrics-doc.js";
export {
  type ComponentStatus,
  type StackOptions,
  stackDown,
  stackStatus,
  stackUp,
} from "./stack/local-stack.js";
export type { BundleOptions, Finding, GeneratedFile } from "./types.js";
