/** @module Writes the registry (and any points, e.g. trade events) to InfluxDB 1.x `/write` or the 2.x/3.x `/api/v2/write`, batched, retried with backoff, through a bounded buffer. */
import { hostname } from "node:os";
import { Counter, type Registry, register } from "../../metrics/index.js";
import { PeriodicTask } from "../periodic-task.js";
import { PushError } from "../push-error.js";
import { formatPoint, type InfluxPoint, registryPoints } from "./line-protocol.js";

/** Where to write: InfluxDB 1.x (database, optional retention policy and user) or the 2.x/3.x API (token, org, bucket). */
export type InfluxTarget =
  | {
      readonly version: 1;
      /** Base URL, e.g. `http://127.0.0.1:8086`. */
      readonly url: string;
      readonly database: string;
      readonly retentionPolicy?: string | undefined;
      readonly username?: string | undefined;
      readonly password?: string | undefined;
    }
  | {
      readonly version: 2;
      /** Base URL, e.g. `http://127.0.0.1:8086`. */
      readonly url: string;
      readonly token: string;
      readonly org: string;
      readonly bucket: string;
    };

/** Options of {@link InfluxWriter}. */
export interface InfluxWriterOptions {
  readonly target: InfluxTarget;
  /** The registry `writeRegistry()` snapshots; the dropped-points counter is registered in it. Default: `register`. */
  readonly registry?: Registry | undefined;
  /** Tags added to every registry point. Default `{ job: "tradewatch", instance: <host name> }`. */
  readonly tags?: Readonly<Record<string, string>> | undefined;
  /** Points per request. Default 5 000. */
  readonly batchSize?: number | undefined;
  /** Points held while InfluxDB is unreachable; beyond it the oldest are dropped (and counted). Default 100 000. */
  readonly maxBufferedPoints?: number | undefined;
  /** Retries of a request that failed (network error, 429, 5xx) before `flush()` gives up. Default 5. */
  readonly maxRetries?: number | undefined;
  /** First retry delay; it doubles each retry, up to 10 s. Default 250 ms. */
  readonly retryBaseMs?: number | undefined;
  /** Time limit of one request. Default 10 000 ms. */
  readonly timeoutMs?: number | undefined;
}

const DROPPED_METRIC = "tradewatch_influx_dropped_points_total";

/**
 * Buffers line-protocol points and writes them to InfluxDB in batches. A request that fails
 * on the network, with 429 or with a 5xx is retried with exponential backoff; after the last
 * retry its points go back to the front of the buffer for the next flush and `flush()`
 * throws a {@link PushError}. A batch InfluxDB refuses as invalid (another 4xx) is dropped.
 * The buffer is bounded: when full, the oldest points are dropped. Every dropped point is
 * counted in `tradewatch_influx_dropped_points_total{reason="buffer_full"|"rejected"}`.
 *
 * @example
 * const influx = new InfluxWriter({ target: { version: 2, url, token, org: "desk", bucket: "bots" }, registry });
 * influx.start(15); // a registry snapshot every 15 s
 */
export class InfluxWriter {
  readonly #target: InfluxTarget;
  readonly #registry: Registry;
  readonly #tags: Readonly<Record<string, string>>;
  readonly #batchSize: number;
  readonly #maxBuffered: number;
  readonly #maxRetries: number;
  readonly #retryBaseMs: number;
  readonly #timeoutMs: number;
  readonly #dropped: Counter<"reason">;
  readonly #writeUrl: string;
  readonly #authorization: string | undefined;
  #buffer: string[] = [];
  #flushing: Promise<void> | undefined;
  readonly #periodic = new PeriodicTask(() => this.writeRegistry());
  #written = 0;

  constructor(options: InfluxWriterOptions) {
    this.#target = options.target;
    this.#registry = options.registry ?? register;
    this.#tags = options.tags ?? { job: "tradewatch", instance: hostname() };
    this.#batchSize = options.batchSize ?? 5_000;
    this.#maxBuffered = options.maxBufferedPoints ?? 100_000;
    this.#maxRetries = options.maxRetries ?? 5;
    this.#retryBaseMs = options.retryBaseMs ?? 250;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    const existing = this.#registry.getSingleMetric(DROPPED_METRIC);
    this.#dropped =
      existing instanceof Counter
        ? (existing as Counter<"reason">)
        : new Counter({
            name: DROPPED_METRIC,
            help: "Points the InfluxDB writer dropped: its buffer was full, or InfluxDB refused them as invalid.",
            labelNames: ["reason"],
            registers: [this.#registry],
          });
    const target = this.#target;
    const base = target.url.replace(/\/+$/, "");
    if (target.version === 1) {
      const params = new URLSearchParams({ db: target.database, precision: "ms" });
      if (target.retentionPolicy !== undefined) params.set("rp", target.retentionPolicy);
      this.#writeUrl = `${base}/write?${params.toString()}`;
      this.#authorization =
        target.username === undefined
          ? undefined
          : `Basic ${Buffer.from(`${target.username}:${target.password ?? ""}`).toString("base64")}`;
    } else {
      const params = new URLSearchParams({
        org: target.org,
        bucket: target.bucket,
        precision: "ms",
      });
      this.#writeUrl = `${base}/api/v2/write?${params.toString()}`;
      this.#authorization = `Token ${target.token}`;
    }
  }

  /** Points waiting to be written. */
  get buffered(): number {
    return this.#buffer.length;
  }

  /** Points InfluxDB accepted so far. */
  get written(): number {
    return this.#written;
  }

  /** The error of the last failed periodic write, cleared by the next success. */
  get lastError(): unknown {
    return this.#periodic.lastError;
  }

  /** Buffers points (e.g. trade events); the oldest are dropped beyond the buffer's bound. */
  add(points: Iterable<InfluxPoint>): void {
    for (const point of points) {
      const line = formatPoint(point);
      if (line !== undefined) this.#buffer.push(line);
    }
    const excess = this.#buffer.length - this.#maxBuffered;
    if (excess > 0) {
      this.#buffer.splice(0, excess);
      this.#dropped.inc({ reason: "buffer_full" }, excess);
    }
  }

  /** Buffers a snapshot of the registry at `timestampMs` (default now) and flushes. */
  async writeRegistry(timestampMs: number = Date.now()): Promise<void> {
    this.add(registryPoints(await this.#registry.getMetricsAsJSON(), timestampMs, this.#tags));
    await this.flush();
  }

  /** Writes everything buffered, batch by batch; throws a {@link PushError} when a batch cannot be written. */
  async flush(): Promise<void> {
    while (this.#flushing !== undefined) await this.#flushing;
    this.#flushing = this.#flushAll();
    try {
      await this.#flushing;
    } finally {
      this.#flushing = undefined;
    }
  }

  /** Writes a registry snapshot every `intervalSeconds`; failures are kept in `lastError`. */
  start(intervalSeconds: number): void {
    this.#periodic.start(intervalSeconds);
  }

  /** Stops periodic writing. */
  stop(): void {
    this.#periodic.stop();
  }

  async #flushAll(): Promise<void> {
    while (this.#buffer.length > 0) {
      const batch = this.#buffer.splice(0, this.#batchSize);
      try {
        await this.#sendWithRetry(batch);
        this.#written += batch.length;
      } catch (error) {
        if (error instanceof PushError && error.status !== undefined && !retryable(error.status)) {
          this.#dropped.inc({ reason: "rejected" }, batch.length);
        } else {
          // Unreachable: keep the points for the next flush, within the buffer's bound.
          this.#buffer.unshift(...batch);
          this.add([]);
        }
        throw error;
      }
    }
  }

  async #sendWithRetry(batch: readonly string[]): Promise<void> {
    const body = `${batch.join("\n")}\n`;
    for (let attempt = 0; ; attempt++) {
      try {
        await this.#send(body);
        return;
      } catch (error) {
        const status = error instanceof PushError ? error.status : undefined;
        if ((status !== undefined && !retryable(status)) || attempt >= this.#maxRetries) {
          throw error;
        }
        const delay = Math.min(this.#retryBaseMs * 2 ** attempt, 10_000);
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  async #send(body: string): Promise<void> {
    const headers: Record<string, string> = {
      "content-type": "text/plain; charset=utf-8",
      "user-agent": "tradewatch-influx",
    };
    if (this.#authorization !== undefined) headers.authorization = this.#authorization;
    const shown = this.#writeUrl.split("?")[0]!;
    let response: Response;
    try {
      response = await fetch(this.#writeUrl, {
        method: "POST",
        headers,
        body,
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
    } catch (error) {
      throw new PushError(
        shown,
        `InfluxDB write to "${shown}" failed: ${(error as Error).message}`,
        {
          cause: error,
        },
      );
    }
    if (!response.ok) {
      const text = (await response.text()).slice(0, 500);
      throw new PushError(
        shown,
        `InfluxDB write to "${shown}" was refused: ${response.status}: ${text.trim()}`,
        { status: response.status, body: text },
      );
    }
    await response.body?.cancel();
  }
}

/** Whether a write answered with this status is worth retrying. */
function retryable(status: number): boolean {
  return status === 429 || status >= 500;
}
