/** @module Registry: holds metrics and renders them, and the default registry `register`. */
import { OPENMETRICS_CONTENT_TYPE, PROMETHEUS_CONTENT_TYPE } from "./content-negotiation.js";
import { type CustomCollector, isCollectable } from "./custom-collector.js";
import { MetricDefinitionError } from "./errors.js";
import { ExpositionWriter } from "./exposition-writer.js";
import { familyHeader } from "./family-header.js";
import { escapeLabelValue } from "./format.js";
import { renderMetricObject } from "./metric-object-renderer.js";
import type { Collectable, ExpositionFormat, MetricObjectWithValues } from "./types.js";
import { validateLabelNames } from "./validation.js";

/** The name of the family that counts records folded into overflow series. */
export const DROPPED_LABEL_SETS_METRIC = "tradewatch_metric_dropped_label_sets_total";

/** The name of the family that counts scrapes in which a metric's collect or render failed. */
export const COLLECTOR_ERRORS_METRIC = "tradewatch_scrape_collector_errors_total";

/**
 * What interop needs of a prom-client Registry (prom-client itself is not a dependency). Its
 * typings declare `type` as a numeric enum, while at run time it is the type's name.
 */
export interface PromClientRegistryLike {
  getMetricsAsJSON(): Promise<ForeignMetricObject[]> | ForeignMetricObject[];
}

/** A metric object as prom-client returns it. */
export interface ForeignMetricObject {
  name: string;
  help: string;
  type: unknown;
  values: { value: number; labels: object; metricName?: string }[];
  unit?: string;
}

const metricTypes = ["counter", "gauge", "histogram", "summary"] as const;

/** Returns a foreign metric object with its type as our MetricType (prom-client's enum or name). */
function adoptForeign(metric: ForeignMetricObject): MetricObjectWithValues | undefined {
  const type =
    typeof metric.type === "number"
      ? metricTypes[metric.type]
      : metricTypes.find((name) => name === metric.type);
  if (type === undefined) return undefined;
  const adopted: MetricObjectWithValues = {
    name: metric.name,
    help: metric.help,
    type,
    aggregator: "sum",
    values: metric.values as MetricObjectWithValues["values"],
  };
  if (metric.unit !== undefined) adopted.unit = metric.unit;
  return adopted;
}

/**
 * Holds metrics by name and renders them in the Prometheus text format 0.0.4 or OpenMetrics
 * 1.0. prom-client's Registry API, plus `render(format)` for content negotiation and
 * `registerPromClientRegistry()` to serve an existing prom-client registry's metrics.
 *
 * @example
 * const registry = new Registry();
 * const orders = new Counter({ name: "orders_total", help: "Orders.", registers: [registry] });
 * response.setHeader("Content-Type", registry.contentType);
 * response.end(await registry.metrics());
 */
export class Registry {
  static readonly PROMETHEUS_CONTENT_TYPE = PROMETHEUS_CONTENT_TYPE;
  static readonly OPENMETRICS_CONTENT_TYPE = OPENMETRICS_CONTENT_TYPE;

  private readonly metricsByName = new Map<string, Collectable | CustomCollector>();
  private readonly promClientRegistries: PromClientRegistryLike[] = [];
  private defaultLabels: Record<string, string> = {};
  private maxLabelValueBytes: number | undefined;
  /** Failed collects or renders per metric name, since this registry was made. */
  private readonly collectorErrors = new Map<string, number>();
  private contentTypeValue: string;
  private formatValue: ExpositionFormat;

  constructor(contentType: string = PROMETHEUS_CONTENT_TYPE) {
    this.formatValue = Registry.formatFor(contentType);
    this.contentTypeValue = contentType;
  }

  /** The default registry `register` (prom-client's `Registry.globalRegistry`). */
  static get globalRegistry(): Registry {
    return register;
  }

  /** The content type `metrics()` renders. */
  get contentType(): string {
    return this.contentTypeValue;
  }

  /** Sets the content type `metrics()` renders (0.0.4 or OpenMetrics 1.0.0); throws on another. */
  setContentType(contentType: string): void {
    this.formatValue = Registry.formatFor(contentType);
    this.contentTypeValue = contentType;
    if (this === register) defaultContentType = contentType;
  }

  /**
   * Adds a metric, or a custom collector (any object with `name` and `get()`, served from
   * `get()` at every scrape); throws if another metric already has its name.
   */
  registerMetric(metric: Collectable | CustomCollector): void {
    const existing = this.metricsByName.get(metric.name);
    if (existing !== undefined && existing !== metric) {
      throw new MetricDefinitionError(
        "ERR_DUPLICATE_METRIC",
        metric.name,
        `A metric with the name ${metric.name} has already been registered.`,
      );
    }
    this.metricsByName.set(metric.name, metric);
    if (this.maxLabelValueBytes !== undefined && isCollectable(metric)) {
      metric.limitLabelValueBytes?.(this.maxLabelValueBytes);
    }
  }

  /**
   * Sets the longest label value (UTF-8 bytes) the metrics in this registry accept, now and
   * when registered later, except those given their own `maxLabelValueBytes`.
   */
  setMaxLabelValueBytes(bytes: number): void {
    this.maxLabelValueBytes = bytes;
    for (const metric of this.metricsByName.values()) {
      if (isCollectable(metric)) metric.limitLabelValueBytes?.(bytes);
    }
  }

  /** Serves the metrics of a prom-client Registry through this one, after our own. */
  registerPromClientRegistry(registry: PromClientRegistryLike): void {
    this.promClientRegistries.push(registry);
  }

  /** Returns the metric with this name, or undefined. */
  getSingleMetric(name: string): Collectable | undefined {
    // Typed as prom-client types it; a custom collector comes back as it was registered.
    return this.metricsByName.get(name) as Collectable | undefined;
  }

  /** Returns every registered metric. */
  getMetricsAsArray(): Collectable[] {
    // Typed as prom-client types it; custom collectors come back as they were registered.
    return [...this.metricsByName.values()] as Collectable[];
  }

  /** Removes the metric with this name. */
  removeSingleMetric(name: string): void {
    this.metricsByName.delete(name);
  }

  /** Removes every metric and the default labels, and forgets served prom-client registries. */
  clear(): void {
    this.metricsByName.clear();
    this.promClientRegistries.length = 0;
    this.defaultLabels = {};
  }

  /** Resets every metric (and every custom collector that has `reset()`) to its initial state. */
  resetMetrics(): void {
    for (const metric of this.metricsByName.values()) metric.reset?.();
  }

  /** Sets labels added to every sample (a metric's own label of the same name wins). */
  setDefaultLabels(labels: Record<string, string | number>): void {
    validateLabelNames("default labels", "gauge", Object.keys(labels));
    this.defaultLabels = Object.fromEntries(
      Object.entries(labels).map(([name, value]) => [name, `${value}`]),
    );
  }

  /**
   * Returns every metric as prom-client's metric object, default labels included (added to a
   * copy of each value's labels, so a custom collector's objects are left as they were).
   */
  async getMetricsAsJSON(): Promise<MetricObjectWithValues[]> {
    const objects = await Promise.all(
      [...this.metricsByName.values()].map((metric) => metric.get()),
    );
    const defaults = Object.entries(this.defaultLabels);
    if (defaults.length === 0) return objects;
    for (const object of objects) {
      for (const value of object.values ?? []) {
        const labels: Record<string, string | number> = { ...value.labels } as Record<
          string,
          string | number
        >;
        for (const [name, defaultValue] of defaults) {
          if (labels[name] === undefined || labels[name] === "") labels[name] = defaultValue;
        }
        value.labels = labels;
      }
    }
    return objects;
  }

  /** Returns one metric's exposition in this registry's format. */
  async getSingleMetricAsString(name: string): Promise<string> {
    const metric = this.metricsByName.get(name);
    if (metric === undefined) {
      throw new MetricDefinitionError(
        "ERR_METRIC_NOT_FOUND",
        name,
        `No metric named "${name}" is registered`,
      );
    }
    return this.getMetricsAsString(metric);
  }

  /**
   * Returns one metric's (or custom collector's) HELP, TYPE and samples in this registry's
   * format, without a trailing newline, as prom-client's `getMetricsAsString` does.
   */
  async getMetricsAsString(metric: Collectable | CustomCollector): Promise<string> {
    const writer = new ExpositionWriter(this.formatValue);
    if (isCollectable(metric)) {
      await metric.collectNow();
      await this.renderMetric(writer, metric);
    } else {
      this.renderCustomCollector(writer, await metric.get());
    }
    return writer.text.replace(/\n$/, "");
  }

  /** Returns the exposition of every metric in this registry's content type. */
  metrics(): Promise<string> {
    return this.render(this.formatValue);
  }

  /**
   * Returns the exposition of every metric in the given format. Long renders yield the event
   * loop every few milliseconds. A metric whose `collect` throws or rejects, or whose render
   * throws, is left out of this scrape (the others are served), counted in
   * `tradewatch_scrape_collector_errors_total{metric}` and reported once on stderr.
   */
  async render(format: ExpositionFormat): Promise<string> {
    const metrics = [...this.metricsByName.values()];
    const failed = new Set<Collectable | CustomCollector>();
    const pending: Promise<void>[] = [];
    // A custom collector's get() runs in the collect phase; its object is rendered in order.
    let collected: Map<CustomCollector, MetricObjectWithValues> | undefined;
    for (const metric of metrics) {
      try {
        if (isCollectable(metric)) {
          const result = metric.collectNow();
          if (result !== undefined) {
            pending.push(
              result.catch((error: unknown) => this.collectorFailed(metric, failed, error)),
            );
          }
        } else {
          collected ??= new Map();
          const objects = collected;
          pending.push(
            Promise.resolve(metric.get()).then(
              (object) => void objects.set(metric, object),
              (error: unknown) => this.collectorFailed(metric, failed, error),
            ),
          );
        }
      } catch (error) {
        this.collectorFailed(metric, failed, error);
      }
    }
    if (pending.length > 0) await Promise.all(pending);
    const writer = new ExpositionWriter(format);
    for (const metric of metrics) {
      if (failed.has(metric)) continue;
      const checkpoint = writer.checkpoint();
      try {
        if (isCollectable(metric)) await this.renderMetric(writer, metric);
        else this.renderCustomCollector(writer, collected?.get(metric));
      } catch (error) {
        writer.rollback(checkpoint);
        this.collectorFailed(metric, failed, error);
      }
    }
    const checkpoint = writer.checkpoint();
    try {
      await this.renderPromClientRegistries(writer);
    } catch (error) {
      writer.rollback(checkpoint);
      this.countCollectorError("prom-client registry", error);
    }
    this.renderDroppedLabelSets(writer, metrics.filter(isCollectable));
    this.renderCollectorErrors(writer);
    if (format === "openmetrics") writer.raw("# EOF\n");
    return writer.text;
  }

  /**
   * Returns a registry of the first registry's content type holding the metrics of all given
   * registries; throws on a shared name, or when the registries' content types differ.
   */
  static merge(registries: readonly Registry[]): Registry {
    const contentType = registries[0]?.contentType ?? PROMETHEUS_CONTENT_TYPE;
    for (const registry of registries) {
      if (registry.contentType !== contentType) {
        throw new MetricDefinitionError(
          "ERR_INVALID_METRIC_OPTION",
          "registry",
          `Registers can only be merged if they have the same content type: "${registry.contentType}" was merged with "${contentType}"`,
        );
      }
    }
    const merged = new Registry(contentType);
    for (const registry of registries) {
      for (const metric of registry.getMetricsAsArray()) merged.registerMetric(metric);
      for (const foreign of registry.promClientRegistries)
        merged.registerPromClientRegistry(foreign);
    }
    return merged;
  }

  private async renderMetric(writer: ExpositionWriter, metric: Collectable): Promise<void> {
    writer.raw(familyHeader(writer.format, metric.name, metric.help, metric.type, metric.unit));
    writer.setDefaultLabels(
      this.defaultLabelPairs((metric as { labelNames?: readonly string[] }).labelNames ?? []),
    );
    await metric.renderSamples(writer);
  }

  /** Renders a custom collector's metric object, with the default labels it does not set. */
  private renderCustomCollector(
    writer: ExpositionWriter,
    object: MetricObjectWithValues | undefined,
  ): void {
    if (object === undefined) return;
    const values = object.values ?? [];
    writer.setDefaultLabels(
      this.defaultLabelPairs(values.flatMap((value) => Object.keys(value.labels ?? {}))),
    );
    // A collector's name is not validated: escape it as prom-client does, so it stays one line.
    const name = `${object.name}`.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");
    renderMetricObject(writer, { ...object, name, values });
  }

  private defaultLabelPairs(ownLabels: readonly string[]): string {
    let pairs = "";
    for (const name in this.defaultLabels) {
      if (ownLabels.includes(name)) continue;
      pairs += `${pairs.length === 0 ? "" : ","}${name}="${escapeLabelValue(this.defaultLabels[name]!)}"`;
    }
    return pairs;
  }

  private async renderPromClientRegistries(writer: ExpositionWriter): Promise<void> {
    const rendered = new Set(this.metricsByName.keys());
    for (const registry of this.promClientRegistries) {
      for (const foreign of await registry.getMetricsAsJSON()) {
        const metric = adoptForeign(foreign);
        // One family per name: ours wins over a prom-client metric of the same name.
        if (metric === undefined || rendered.has(metric.name)) continue;
        rendered.add(metric.name);
        writer.setDefaultLabels(
          this.defaultLabelPairs(metric.values.flatMap((value) => Object.keys(value.labels))),
        );
        renderMetricObject(writer, metric);
      }
    }
  }

  private collectorFailed(
    metric: Collectable | CustomCollector,
    failed: Set<Collectable | CustomCollector>,
    error: unknown,
  ): void {
    failed.add(metric);
    this.countCollectorError(metric.name, error);
  }

  private countCollectorError(name: string, error: unknown): void {
    const count = this.collectorErrors.get(name) ?? 0;
    this.collectorErrors.set(name, count + 1);
    if (count === 0) {
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(
        `tradewatch: metric "${name}" failed to collect or render and is left out of scrapes while it fails (counted in ${COLLECTOR_ERRORS_METRIC}): ${message.split("\n", 1)[0]}\n`,
      );
    }
  }

  private renderCollectorErrors(writer: ExpositionWriter): void {
    if (this.collectorErrors.size === 0) return;
    writer.raw(
      familyHeader(
        writer.format,
        COLLECTOR_ERRORS_METRIC,
        "Scrapes in which a metric's collect callback or render failed; the metric was left out of them.",
        "counter",
        undefined,
      ),
    );
    writer.setDefaultLabels(this.defaultLabelPairs(["metric"]));
    for (const [name, count] of this.collectorErrors) {
      writer.sample(COLLECTOR_ERRORS_METRIC, `metric="${escapeLabelValue(name)}"`, count);
    }
  }

  private renderDroppedLabelSets(writer: ExpositionWriter, metrics: readonly Collectable[]): void {
    const dropped = metrics.filter((metric) => metric.droppedLabelSets > 0);
    if (dropped.length === 0) return;
    writer.raw(
      familyHeader(
        writer.format,
        DROPPED_LABEL_SETS_METRIC,
        "Records whose new label set was folded into the overflow series because the metric reached maxSeries.",
        "counter",
        undefined,
      ),
    );
    writer.setDefaultLabels(this.defaultLabelPairs(["metric"]));
    const sampleName = DROPPED_LABEL_SETS_METRIC;
    for (const metric of dropped) {
      writer.sample(
        sampleName,
        `metric="${escapeLabelValue(metric.name)}"`,
        metric.droppedLabelSets,
      );
    }
  }

  /** Returns the format of one of the two content types prom-client's registries accept. */
  private static formatFor(contentType: string): ExpositionFormat {
    if (contentType === PROMETHEUS_CONTENT_TYPE) return "prometheus";
    if (contentType === OPENMETRICS_CONTENT_TYPE) return "openmetrics";
    throw new MetricDefinitionError(
      "ERR_INVALID_METRIC_OPTION",
      "registry",
      `Content type ${contentType} is unsupported: must be "${PROMETHEUS_CONTENT_TYPE}" or "${OPENMETRICS_CONTENT_TYPE}"`,
    );
  }
}

/** The default registry, for convenience; components take a registry rather than reach for it. */
export const register = new Registry();

let defaultContentType: string = register.contentType;

export {
  /**
   * The default registry's content type, kept current by `register.setContentType()` (an ESM
   * live binding; prom-client's CommonJS export is also assignable, ours is read-only).
   */
  defaultContentType as contentType,
};
