/** @module The Grafana dashboards of the bundle: which exist, and the names their queries use. */
import { fullMetricName } from "../../catalog/index.js";
import type { BundleOptions } from "../types.js";
import type { DashboardSpec } from "./dashboard-builder.js";
import { aiCacheDashboard } from "./dashboards/ai-cache.js";
import { dataPlaneDashboard } from "./dashboards/data-plane.js";
import { errorsDashboard } from "./dashboards/errors.js";
import { operationsDashboard } from "./dashboards/operations.js";
import { orderPlaneDashboard } from "./dashboards/order-plane.js";
import { portfolioPerformanceDashboard } from "./dashboards/portfolio-performance.js";
import { riskDashboard } from "./dashboards/risk.js";
import { sentimentDashboard } from "./dashboards/sentiment.js";
import { strategyPlaneDashboard } from "./dashboards/strategy-plane.js";
import { systemHealthDashboard } from "./dashboards/system-health.js";
import { tradingDashboard } from "./dashboards/trading.js";

/** How a dashboard names things: catalog metrics and recorded series. */
export interface DashboardNames {
  /** The full name of a catalog metric (`cycles_total` → `tradewatch_cycles_total`). */
  readonly metric: (name: string) => string;
  /** The full name of a recording rule's output (`cycle_duration_seconds:p95_5m`). */
  readonly recorded: (name: string) => string;
}

/** Returns every dashboard of the bundle. */
export function dashboardSpecs(options: Pick<BundleOptions, "namespace">): DashboardSpec[] {
  const level = options.namespace === "" ? "trading" : options.namespace;
  const names: DashboardNames = {
    metric: (name) => fullMetricName(name, options.namespace),
    recorded: (name) => `${level}:${name}`,
  };
  return [
    operationsDashboard(names),
    tradingDashboard(names),
    aiCacheDashboard(names),
    portfolioPerformanceDashboard(names),
    systemHealthDashboard(names),
    dataPlaneDashboard(names),
    orderPlaneDashboard(names),
    strategyPlaneDashboard(names),
    riskDashboard(names),
    sentimentDashboard(names),
    errorsDashboard(names),
  ];
}
