/** @module The recorder's system part: uptime, build info, databases and errors by component. */

import type { Component, Database, QueryType, Severity } from "../../../catalog/label-values.js";
import { checkRatio } from "../../ratio-argument.js";
import type { TradingRecorder } from "../../trading-recorder.js";
import type { SystemHealth } from "../../types.js";
import type { CatalogFamilies } from "../catalog-families.js";
import type { HandleOf } from "../catalog-family.js";
import type { RiskPart } from "./risk-part.js";

/** Records the system domain; seed 002's single kill switch goes to the risk part. */
export class SystemPart
  implements
    Pick<
      TradingRecorder,
      "updateSystemHealth" | "recordDatabaseQuery" | "recordDatabasePoolUsage" | "recordError"
    >
{
  private readonly families: CatalogFamilies;
  private readonly risk: RiskPart;
  private readonly uptime: HandleOf<"gauge">;
  private startTimeMs: number;

  constructor(families: CatalogFamilies, risk: RiskPart, startTimeMs: number, version: string) {
    this.families = families;
    this.risk = risk;
    this.startTimeMs = startTimeMs;
    this.uptime = families.get("uptime").handle0();
    families.get("build_info").handle2(version, process.version).set(1);
  }

  /** Sets the uptime gauge from the start time; called before every scrape. */
  collectUptime(): void {
    this.uptime.set((Date.now() - this.startTimeMs) / 1000);
  }

  updateSystemHealth(health: SystemHealth): void {
    if (health.uptimeSeconds !== undefined) {
      this.startTimeMs = Date.now() - health.uptimeSeconds * 1000;
      this.uptime.set(health.uptimeSeconds);
    }
    if (health.databases !== undefined) {
      const connectionUp = this.families.get("database_connection_up");
      for (const [database, connected] of Object.entries(health.databases)) {
        if (connected !== undefined) connectionUp.handle1(database).set(connected ? 1 : 0);
      }
    }
    if (health.killSwitchActive !== undefined) {
      this.risk.setKillSwitch("manual", health.killSwitchActive);
    }
  }

  recordDatabaseQuery(database: Database, queryType: QueryType, seconds: number): void {
    this.families.get("database_query_duration").handle2(database, queryType).observe(seconds);
  }

  recordDatabasePoolUsage(database: Database, ratio: number): void {
    this.families
      .get("database_pool_usage")
      .handle1(database)
      .set(checkRatio(ratio, "recordDatabasePoolUsage", "ratio"));
  }

  recordError(component: Component, severity: Severity = "error"): void {
    this.families.get("errors").handle2(component, severity).inc();
  }
}
