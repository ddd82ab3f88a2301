/** @module The recorder's cycle part: cycle count, duration, stages, proposals and no-trade reasons. */

import type { CycleStage } from "../../../catalog/label-values.js";
import type { CycleRecorder, CycleTimer, TradingRecorder } from "../../trading-recorder.js";
import type { CycleStats } from "../../types.js";
import { BoundCycleRecorder } from "../bound-cycle-recorder.js";
import type { CatalogFamilies } from "../catalog-families.js";
import type { HandleOf } from "../catalog-family.js";
import type { PortfolioPart } from "./portfolio-part.js";

/** Records the cycle domain; a cycle's portfolio figures go to the portfolio part. */
export class CyclePart
  implements
    Pick<
      TradingRecorder,
      "recordCycle" | "recordStageDuration" | "startCycle" | "recordNoTradeReason" | "bindCycle"
    >
{
  private readonly families: CatalogFamilies;
  private readonly portfolio: PortfolioPart;
  private readonly cycles;
  private readonly stageDuration;
  private readonly proposals;
  private readonly noTradeCycles;
  private readonly cycleDuration: HandleOf<"histogram">;
  private readonly lastCycle: HandleOf<"gauge">;

  constructor(families: CatalogFamilies, portfolio: PortfolioPart) {
    this.families = families;
    this.portfolio = portfolio;
    this.cycles = families.get("cycles");
    this.stageDuration = families.get("cycle_stage_duration");
    this.proposals = families.get("cycle_proposals");
    this.noTradeCycles = families.get("no_trade_cycles");
    this.cycleDuration = families.get("cycle_duration").handle0();
    this.lastCycle = families.get("last_cycle_timestamp").handle0();
  }

  recordCycle(stats: CycleStats): void {
    this.cycleDuration.observe(stats.durationSeconds);
    this.cycles.handle1(stats.status).inc();
    this.lastCycle.set(stats.completedAtSeconds ?? Date.now() / 1000);
    const proposals = this.proposals;
    if (stats.proposed !== undefined) proposals.handle1("proposed").set(stats.proposed);
    if (stats.approved !== undefined) proposals.handle1("approved").set(stats.approved);
    if (stats.executed !== undefined) proposals.handle1("executed").set(stats.executed);
    if (stats.stageDurations !== undefined) {
      for (const [stage, seconds] of Object.entries(stats.stageDurations)) {
        if (seconds !== undefined) this.recordStageDuration(stage as CycleStage, seconds);
      }
    }
    if (stats.noTradeReason !== undefined) this.recordNoTradeReason(stats.noTradeReason);
    if (stats.portfolio !== undefined) this.portfolio.updatePortfolioMetrics(stats.portfolio);
  }

  recordStageDuration(stage: CycleStage, seconds: number): void {
    this.stageDuration.handle1(stage).observe(seconds);
  }

  startCycle(): CycleTimer {
    const start = performance.now();
    return {
      startStage: (stage) => {
        const stageStart = performance.now();
        return () => {
          const seconds = (performance.now() - stageStart) / 1000;
          this.recordStageDuration(stage, seconds);
          return seconds;
        };
      },
      end: (status, stats) => {
        const durationSeconds = (performance.now() - start) / 1000;
        this.recordCycle({ ...stats, durationSeconds, status });
        return durationSeconds;
      },
    };
  }

  recordNoTradeReason(reason: string): void {
    this.noTradeCycles.handle1(reason).inc();
  }

  bindCycle(): CycleRecorder {
    const proposals = this.proposals;
    const stages = this.stageDuration;
    return new BoundCycleRecorder({
      success: this.cycles.handle1("success"),
      noTrade: this.cycles.handle1("no_trade"),
      error: this.cycles.handle1("error"),
      halted: this.cycles.handle1("halted"),
      duration: this.cycleDuration,
      lastCycle: this.lastCycle,
      marketData: stages.handle1("market_data"),
      signals: stages.handle1("signals"),
      risk: stages.handle1("risk"),
      execution: stages.handle1("execution"),
      portfolio: stages.handle1("portfolio"),
      proposed: proposals.handle1("proposed"),
      approved: proposals.handle1("approved"),
      executed: proposals.handle1("executed"),
      noTradeReasons: this.families.get("no_trade_cycles"),
    });
  }
}
