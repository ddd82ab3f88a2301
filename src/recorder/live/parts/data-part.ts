/** @module The recorder's data part: ticks, bars, freshness, data quality, storage writes and data providers. */

import type { DataType, Timeframe, ValidationErrorType } from "../../../catalog/label-values.js";
import { UNIVERSE_OTHER } from "../../../catalog/types.js";
import { normalizeApiErrorType } from "../../normalizers/api-error-type.js";
import { checkRatio } from "../../ratio-argument.js";
import type { BarRecorder, TradingRecorder } from "../../trading-recorder.js";
import { BoundBarRecorder } from "../bound-bar-recorder.js";
import type { CatalogFamilies } from "../catalog-families.js";
import type { HandleOf } from "../catalog-family.js";

/** Records the data domain. */
export class DataPart
  implements
    Pick<
      TradingRecorder,
      | "recordTick"
      | "recordBar"
      | "recordOrderFlowImbalanceEvent"
      | "recordDataCompleteness"
      | "recordDataStaleness"
      | "recordValidationError"
      | "recordClockDriftRejection"
      | "recordNormalizationError"
      | "recordDeadLetter"
      | "recordStorageWrite"
      | "recordProviderRequest"
      | "recordProviderCacheHitRatio"
      | "recordProviderDataAge"
      | "bindBars"
    >
{
  private readonly families: CatalogFamilies;
  private readonly ticksReceived;
  private readonly dataFreshness;
  private readonly barsReceived;
  private readonly storageWriteDuration: HandleOf<"histogram">;

  constructor(families: CatalogFamilies) {
    this.families = families;
    this.ticksReceived = families.get("ticks_received");
    this.dataFreshness = families.get("data_freshness");
    this.barsReceived = families.get("bars_received");
    this.storageWriteDuration = families.get("storage_write_duration").handle0();
  }

  recordTick(source: string, symbol: string, ageSeconds?: number): void {
    this.ticksReceived.handle2(source, symbol).inc();
    if (ageSeconds !== undefined) this.dataFreshness.handle1(source).observe(ageSeconds);
  }

  recordBar(source: string, symbol: string, timeframe: Timeframe): void {
    this.barsReceived.handle3(source, symbol, timeframe).inc();
  }

  recordOrderFlowImbalanceEvent(symbol: string): void {
    this.families.get("order_flow_imbalance_events").handle1(symbol).inc();
  }

  recordDataCompleteness(symbol: string, ratio: number): void {
    this.families
      .get("completeness_score")
      .handle1(symbol)
      .set(checkRatio(ratio, "recordDataCompleteness", "ratio"));
  }

  recordDataStaleness(dataType: DataType, seconds: number): void {
    this.families.get("data_staleness").handle1(dataType).set(Math.max(seconds, 0));
  }

  recordValidationError(source: string, errorType: ValidationErrorType): void {
    this.families.get("validation_errors").handle2(source, errorType).inc();
  }

  recordClockDriftRejection(source: string): void {
    this.families.get("clock_drift_rejections").handle1(source).inc();
  }

  recordNormalizationError(source: string): void {
    this.families.get("normalization_errors").handle1(source).inc();
  }

  recordDeadLetter(source: string): void {
    this.families.get("dead_letter_messages").handle1(source).inc();
  }

  recordStorageWrite(seconds: number, succeeded = true): void {
    this.families
      .get("storage_writes")
      .handle1(succeeded ? "success" : "error")
      .inc();
    this.storageWriteDuration.observe(seconds);
  }

  recordProviderRequest(provider: string, seconds: number, error?: unknown): void {
    const families = this.families;
    families.get("provider_requests").handle1(provider).inc();
    families.get("provider_request_duration").handle1(provider).observe(seconds);
    if (error === undefined) return;
    const type = normalizeApiErrorType(error);
    families.get("provider_errors").handle2(provider, type).inc();
    if (type === "rate_limit") families.get("provider_rate_limit_hits").handle1(provider).inc();
  }

  recordProviderCacheHitRatio(provider: string, ratio: number): void {
    this.families
      .get("provider_cache_hit_ratio")
      .handle1(provider)
      .set(checkRatio(ratio, "recordProviderCacheHitRatio", "ratio"));
  }

  recordProviderDataAge(provider: string, seconds: number): void {
    this.families.get("provider_data_age").handle1(provider).set(Math.max(seconds, 0));
  }

  bindBars(
    symbol: string,
    source: string = UNIVERSE_OTHER,
    timeframe: Timeframe = "1m",
  ): BarRecorder {
    return new BoundBarRecorder(symbol, this.barsReceived.handle3(source, symbol, timeframe));
  }
}
