/** @module The recorder's exchange API part: requests, latency, errors, the error streak and rate limits. */

import { UNIVERSE_OTHER } from "../../../catalog/types.js";
import { normalizeApiErrorType } from "../../normalizers/api-error-type.js";
import { observeCall } from "../../observe-call.js";
import { checkRatio } from "../../ratio-argument.js";
import type { EndpointRecorder, TradingRecorder } from "../../trading-recorder.js";
import { BoundEndpointRecorder } from "../bound-endpoint-recorder.js";
import type { CatalogFamilies } from "../catalog-families.js";
import type { HandleOf } from "../catalog-family.js";

const noArguments: readonly [] = [];

/** Records the exchange API domain; it counts the consecutive errors it is not told. */
export class ExchangeApiPart
  implements
    Pick<
      TradingRecorder,
      | "recordApiRequest"
      | "recordApiError"
      | "resetConsecutiveApiErrors"
      | "trackApiCall"
      | "recordRateLimitUtilization"
      | "recordRateLimitViolation"
      | "bindEndpoint"
    >
{
  private readonly requests;
  private readonly latency;
  private readonly errors;
  private readonly consecutiveErrors: HandleOf<"gauge">;
  private readonly rateLimitUtilization: HandleOf<"gauge">;
  private readonly rateLimitViolations: HandleOf<"counter">;
  private consecutiveApiErrors = 0;

  constructor(families: CatalogFamilies) {
    this.requests = families.get("exchange_api_requests");
    this.latency = families.get("exchange_api_latency");
    this.errors = families.get("exchange_api_errors");
    this.consecutiveErrors = families.get("exchange_api_consecutive_errors").handle0();
    this.rateLimitUtilization = families.get("rate_limit_utilization").handle0();
    this.rateLimitViolations = families.get("rate_limit_violations").handle0();
  }

  recordApiRequest(endpoint: string, seconds: number): void {
    this.requests.handle1(endpoint).inc();
    this.latency.handle1(endpoint).observe(seconds);
  }

  recordApiError(
    error: unknown,
    consecutiveCount?: number,
    endpoint: string = UNIVERSE_OTHER,
  ): void {
    const type = normalizeApiErrorType(error);
    this.errors.handle2(endpoint, type).inc();
    if (type === "rate_limit") this.rateLimitViolations.inc();
    this.consecutiveApiErrors =
      consecutiveCount === undefined
        ? this.consecutiveApiErrors + 1
        : Math.max(consecutiveCount, 0);
    this.consecutiveErrors.set(this.consecutiveApiErrors);
  }

  resetConsecutiveApiErrors(): void {
    this.consecutiveApiErrors = 0;
    this.consecutiveErrors.set(0);
  }

  trackApiCall<T>(endpoint: string, call: () => T): T {
    return observeCall(call, undefined, noArguments, (failed, thrown, seconds) => {
      this.recordApiRequest(endpoint, seconds);
      if (failed) this.recordApiError(thrown, undefined, endpoint);
      else this.resetConsecutiveApiErrors();
    });
  }

  recordRateLimitUtilization(ratio: number): void {
    this.rateLimitUtilization.set(checkRatio(ratio, "recordRateLimitUtilization", "ratio"));
  }

  recordRateLimitViolation(): void {
    this.rateLimitViolations.inc();
  }

  bindEndpoint(endpoint: string): EndpointRecorder {
    return new BoundEndpointRecorder(
      endpoint,
      this.requests.handle1(endpoint),
      this.latency.handle1(endpoint),
    );
  }
}
