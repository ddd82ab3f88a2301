/** @module tradewatch/dashboard: the live page a bot serves beside /metrics. */
export type { BusActivityOptions } from "./events/bus-activity.js";
export { BusActivity } from "./events/bus-activity.js";
export type { MetricHistoryOptions, TierDefinition } from "./history/metric-history.js";
export { defaultTiers, MetricHistory } from "./history/metric-history.js";
export type { Dashboard, DashboardOptions } from "./mount-dashboard.js";
export { dashboardPaths, mountDashboard } from "./mount-dashboard.js";
export type { CumulativeBucket } from "./sampling/histogram-quantile.js";
export { histogramQuantile } from "./sampling/histogram-quantile.js";
export type {
  ChartRow,
  DashboardState,
  RangeHistory,
  RangeName,
  StreamMessage,
  WireNumber,
} from "./types.js";
