/** @module The per-endpoint recorder: exchange API call count and latency bound once. */

import type { EndpointRecorder } from "../trading-recorder.js";
import type { HandleOf } from "./catalog-family.js";

/** Records calls of one exchange API endpoint through handles bound once. */
export class BoundEndpointRecorder implements EndpointRecorder {
  readonly endpoint: string;
  private readonly requests: HandleOf<"counter">;
  private readonly latency: HandleOf<"histogram">;

  constructor(endpoint: string, requests: HandleOf<"counter">, latency: HandleOf<"histogram">) {
    this.endpoint = endpoint;
    this.requests = requests;
    this.latency = latency;
  }

  request(seconds: number): void {
    this.requests.inc();
    this.latency.observe(seconds);
  }
}
