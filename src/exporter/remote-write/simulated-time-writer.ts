/** @module Samples a registry on a simulated-time grid (a backtest's market time) and remote-writes the samples in batches. */
import { formatSampleValue, type Registry } from "../../metrics/index.js";
import type { RemoteWriteClient } from "../remote-write-client.js";
import type { RemoteWriteColumns, RemoteWriteMetadata } from "./write-request.js";

/** Options of {@link SimulatedTimeWriter}. */
export interface SimulatedTimeWriterOptions {
  /** The registry sampled. */
  readonly registry: Registry;
  /** Sends the batches, adding its `job`, `instance` and external labels to every series. */
  readonly client: RemoteWriteClient;
  /** The simulated scrape interval, in ms of market time, e.g. 15 000. */
  readonly intervalMs: number;
  /** Samples buffered before a request is sent. Default 20 000. */
  readonly maxSamplesPerRequest?: number | undefined;
  /** Requests in flight at once; sampling waits for one to finish beyond that. Default 2. */
  readonly maxInFlight?: number | undefined;
}

/** A series' samples since the last batch, in two columns (no object per sample). */
interface SeriesBuffer {
  readonly labels: Readonly<Record<string, string>>;
  values: number[];
  timestampsMs: number[];
}

/**
 * Turns a backtest's registry into the series a Prometheus scraping it live would have
 * stored: {@link observe} is called with each simulated time (a bar's close); the first call
 * in every `intervalMs` slot of the grid snapshots the registry at that time, plus an `up`
 * series of 1 (the dashboards list jobs by `up`). Samples are grouped by series and sent in
 * batches of about `maxSamplesPerRequest`, at most `maxInFlight` requests at once, so memory
 * stays bounded and a slow receiver slows the backtest instead of losing samples. A refused
 * write stops the backtest: the next `observe` or {@link close} throws it.
 *
 * @example
 * const writer = new SimulatedTimeWriter({ client, intervalMs: 15_000 });
 * for (const bar of bars) { step(bar); await writer.observe(bar.timestamp); }
 * await writer.close();
 */
export class SimulatedTimeWriter {
  readonly #registry: Registry;
  readonly #client: RemoteWriteClient;
  readonly #up: SeriesBuffer = { labels: { __name__: "up" }, values: [], timestampsMs: [] };
  readonly #intervalMs: number;
  readonly #maxSamples: number;
  readonly #maxInFlight: number;
  readonly #buffers = new Map<string, SeriesBuffer>();
  readonly #inFlight = new Set<Promise<void>>();
  #metadata: RemoteWriteMetadata[] | undefined;
  #metadataSent = false;
  #buffered = 0;
  #nextSlotMs = Number.NEGATIVE_INFINITY;
  #error: unknown;
  #failed = false;
  #samplesSent = 0;
  #requests = 0;
  #snapshots = 0;
  #waits = 0;
  #firstMs = Number.NaN;
  #lastMs = Number.NaN;

  constructor(options: SimulatedTimeWriterOptions) {
    this.#registry = options.registry;
    this.#client = options.client;
    this.#buffers.set("\u0001up", this.#up);
    this.#intervalMs = options.intervalMs;
    this.#maxSamples = options.maxSamplesPerRequest ?? 20_000;
    this.#maxInFlight = options.maxInFlight ?? 2;
  }

  /** What was written so far: samples and requests acknowledged, snapshots, distinct series, time span. */
  get stats(): {
    readonly samples: number;
    readonly requests: number;
    readonly snapshots: number;
    readonly series: number;
    readonly firstMs: number;
    readonly lastMs: number;
  } {
    return {
      samples: this.#samplesSent,
      requests: this.#requests,
      snapshots: this.#snapshots,
      series: this.#buffers.size,
      firstMs: this.#firstMs,
      lastMs: this.#lastMs,
    };
  }

  /** How often sampling waited for a request to finish (the event loop turned meanwhile). */
  get waits(): number {
    return this.#waits;
  }

  /** Samples the registry at `timestampMs` if it opens a new slot of the grid; throws a failed write. */
  async observe(timestampMs: number): Promise<void> {
    this.#throwIfFailed();
    if (timestampMs < this.#nextSlotMs) return;
    this.#nextSlotMs = (Math.floor(timestampMs / this.#intervalMs) + 1) * this.#intervalMs;
    await this.sample(timestampMs);
  }

  /** Samples the registry at `timestampMs` regardless of the grid (e.g. the final state). */
  async sample(timestampMs: number): Promise<void> {
    this.#throwIfFailed();
    if (timestampMs === this.#lastMs) return;
    const families = await this.#registry.getMetricsAsJSON();
    if (this.#metadata === undefined) {
      this.#metadata = families.map((family) => ({
        type: family.type,
        metricFamilyName: family.name,
        help: family.help,
        unit: family.unit,
      }));
    }
    // A series' key is built from the values as they come; its label object only once, when
    // the series is new: a snapshot of a recorder's registry is ~640 series per sample.
    for (const family of families) {
      for (const value of family.values) {
        const name = value.metricName ?? family.name;
        let key = name;
        for (const label in value.labels) key += `\u0000${label}\u0000${value.labels[label]}`;
        let buffer = this.#buffers.get(key);
        if (buffer === undefined) {
          buffer = { labels: this.#labelsOf(name, value.labels), values: [], timestampsMs: [] };
          this.#buffers.set(key, buffer);
        }
        buffer.values.push(value.value);
        buffer.timestampsMs.push(timestampMs);
      }
      this.#buffered += family.values.length;
    }
    this.#up.values.push(1);
    this.#up.timestampsMs.push(timestampMs);
    this.#buffered++;
    this.#snapshots++;
    if (Number.isNaN(this.#firstMs)) this.#firstMs = timestampMs;
    this.#lastMs = timestampMs;
    if (this.#buffered >= this.#maxSamples) await this.#flush();
  }

  #labelsOf(
    name: string,
    labels: Readonly<Record<string, string | number | undefined>>,
  ): Record<string, string> {
    const result: Record<string, string> = { __name__: name };
    for (const [label, value] of Object.entries(labels)) {
      if (value === undefined) continue;
      result[label] = typeof value === "number" ? formatSampleValue(value) : value;
    }
    return result;
  }

  /** Sends what is buffered and waits for every request; throws the first failed write. */
  async close(): Promise<void> {
    if (!this.#failed) await this.#flush();
    await Promise.all(this.#inFlight);
    this.#throwIfFailed();
  }

  async #flush(): Promise<void> {
    if (this.#buffered === 0) return;
    const batch: RemoteWriteColumns[] = [];
    for (const buffer of this.#buffers.values()) {
      if (buffer.values.length === 0) continue;
      batch.push({
        labels: buffer.labels,
        values: buffer.values,
        timestampsMs: buffer.timestampsMs,
      });
      buffer.values = [];
      buffer.timestampsMs = [];
    }
    const count = this.#buffered;
    this.#buffered = 0;
    const metadata = this.#metadataSent ? [] : (this.#metadata ?? []);
    this.#metadataSent = true;
    while (this.#inFlight.size >= this.#maxInFlight) {
      this.#waits++;
      await Promise.race(this.#inFlight);
    }
    this.#throwIfFailed();
    const request: Promise<void> = this.#client.writeSeries(batch, metadata).then(
      () => {
        this.#samplesSent += count;
        this.#requests++;
        this.#inFlight.delete(request);
      },
      (error: unknown) => {
        if (!this.#failed) {
          this.#failed = true;
          this.#error = error;
        }
        this.#inFlight.delete(request);
      },
    );
    this.#inFlight.add(request);
  }

  #throwIfFailed(): void {
    if (this.#failed) throw this.#error;
  }
}
