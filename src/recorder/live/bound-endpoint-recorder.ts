/** @module The per-endpoint recorder: exchange API call count and latency bound once. */

import type { EndpointRecorder } from "../trading-recorder.js";
import type { SeriesHandle } from "./catalog-metric.js";

/** Records calls of one exchange API endpoint through handles bound once. */
export class BoundEndpointRecorder implements EndpointRecorder {
  readonly endpoint: string;
  private readonly requests: SeriesHandle;
  private readonly latency: SeriesHandle;

  constructor(endpoint: string, requests: SeriesHandle, latency: SeriesHandle) {
    this.endpoint = endpoint;
    this.requests = requests;
    this.latency = latency;
  }

  request(seconds: number): void {
    this.requests.inc();
    this.latency.observe(seconds);
  }
}
