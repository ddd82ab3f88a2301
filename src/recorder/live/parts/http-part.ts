/** @module The recorder's HTTP part: served requests, their duration and sizes, and requests in flight. */

import type { TradingRecorder } from "../../trading-recorder.js";
import type { GenericLabels, HttpRequestRecord, RecorderHttpMetrics } from "../../types.js";
import type { CatalogFamilies } from "../catalog-families.js";
import type { HandleOf } from "../catalog-family.js";

/** Records the HTTP domain, and lends its series to the HTTP middleware. */
export class HttpPart
  implements Pick<TradingRecorder, "recordHttpRequest" | "startHttpRequest" | "httpMetricSet">
{
  private readonly requests;
  private readonly duration;
  private readonly requestSize;
  private readonly responseSize;
  private readonly inFlight;
  private readonly inFlightUnlabelled: HandleOf<"gauge">;

  constructor(families: CatalogFamilies) {
    this.requests = families.get("http_requests");
    this.duration = families.get("http_request_duration");
    this.requestSize = families.get("http_request_size");
    this.responseSize = families.get("http_response_size");
    this.inFlight = families.get("http_requests_in_flight");
    this.inFlightUnlabelled = this.inFlight.handle0();
  }

  recordHttpRequest(request: HttpRequestRecord): void {
    const { method, route, statusCode } = request;
    this.requests.handle3(method, route, statusCode).inc();
    this.duration.handle3(method, route, statusCode).observe(request.durationSeconds);
    if (request.requestBytes !== undefined) {
      this.requestSize.handle2(method, route).observe(request.requestBytes);
    }
    if (request.responseBytes !== undefined) {
      this.responseSize.handle2(method, route).observe(request.responseBytes);
    }
  }

  startHttpRequest(): () => void {
    const inFlight = this.inFlightUnlabelled;
    inFlight.inc();
    let done = false;
    return () => {
      if (done) return;
      done = true;
      inFlight.dec();
    };
  }

  httpMetricSet(): RecorderHttpMetrics {
    const { requests, duration, requestSize, responseSize, inFlight } = this;
    return {
      requests: {
        inc: (labels: GenericLabels, value = 1) => requests.handleOf(labels).inc(value),
      },
      duration: {
        observe: (labels: GenericLabels, value: number) => duration.handleOf(labels).observe(value),
      },
      requestSize: {
        observe: (labels: GenericLabels, value: number) =>
          requestSize.handleOf(labels).observe(value),
      },
      responseSize: {
        observe: (labels: GenericLabels, value: number) =>
          responseSize.handleOf(labels).observe(value),
      },
      inFlight: {
        inc: (labels, value = 1) => inFlight.handleOf(labels).inc(value),
        dec: (labels, value = 1) => inFlight.handleOf(labels).dec(value),
      },
    };
  }
}
