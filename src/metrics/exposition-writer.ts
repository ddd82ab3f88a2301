/** @module Accumulates exposition text and yields the event loop on long renders. */
import type { Exemplar } from "./exemplar.js";
import { escapeLabelValue, formatOpenMetricsFloat, formatSampleValue } from "./format.js";
import type { ExpositionFormat } from "./types.js";

/** How long a render may hold the event loop before it yields, in milliseconds. */
const SLICE_MILLISECONDS = 10;
/** How many lines pass between two clock reads. */
const LINES_PER_CLOCK_READ = 1024;
/** How many lines are joined into one flat part. */
const LINES_PER_PART = 512;

/**
 * Collects the lines of one scrape. Renderers call {@link ExpositionWriter.line} per sample
 * and `await writer.maybeYield()` in long loops, so a scrape of any size holds the event loop
 * for a few milliseconds at a time.
 */
export class ExpositionWriter {
  readonly format: ExpositionFormat;
  /** `,name="value"` pairs appended to every sample (default labels the metric does not override). */
  private defaultLabels = "";
  private defaultLabelsAlone = "";
  /** Lines of the part being built; joined into one flat string every {@link LINES_PER_PART}. */
  private lines: string[] = [];
  private readonly parts: string[] = [];
  private linesSinceClockRead = 0;
  private sliceStart = performance.now();

  constructor(format: ExpositionFormat) {
    this.format = format;
  }

  /** Sets the rendered default label pairs (`name="value",...`, no braces) for the next samples. */
  setDefaultLabels(pairs: string): void {
    this.defaultLabelsAlone = pairs;
    this.defaultLabels = pairs.length === 0 ? "" : `,${pairs}`;
  }

  /** Formats an `le` or `quantile` value the way this format spells it. */
  formatBound(value: number): string {
    return this.format === "openmetrics" ? formatOpenMetricsFloat(value) : formatSampleValue(value);
  }

  /**
   * Appends one sample line. `labels` is the rendered `name="value",...` list without braces,
   * possibly empty.
   */
  sample(name: string, labels: string, value: number): void {
    const all = labels.length === 0 ? this.defaultLabelsAlone : labels + this.defaultLabels;
    this.lines.push(
      all.length === 0
        ? `${name} ${formatSampleValue(value)}\n`
        : `${name}{${all}} ${formatSampleValue(value)}\n`,
    );
    this.linesSinceClockRead++;
    if (this.lines.length === LINES_PER_PART) this.flushPart();
  }

  /**
   * Appends one sample line with its exemplar, if any, in OpenMetrics (`... # {trace_id="a"} 1
   * 1733300000.5`); text 0.0.4 has no exemplars, so there it is a plain sample.
   */
  sampleWithExemplar(
    name: string,
    labels: string,
    value: number,
    exemplar: Exemplar | null | undefined,
  ): void {
    if (exemplar === null || exemplar === undefined || this.format !== "openmetrics") {
      this.sample(name, labels, value);
      return;
    }
    const all = labels.length === 0 ? this.defaultLabelsAlone : labels + this.defaultLabels;
    const pairs = renderLabelPairs(
      Object.keys(exemplar.labelSet),
      Object.values(exemplar.labelSet) as (string | number)[],
    );
    this.lines.push(
      `${name}${all.length === 0 ? "" : `{${all}}`} ${formatSampleValue(value)} # {${pairs}} ${formatSampleValue(exemplar.value)} ${exemplar.timestamp}\n`,
    );
    this.linesSinceClockRead++;
    if (this.lines.length === LINES_PER_PART) this.flushPart();
  }

  /** Appends raw text (HELP, TYPE, UNIT and EOF lines). */
  raw(text: string): void {
    this.lines.push(text);
  }

  /** Marks the current end of the text, for {@link rollback}. */
  checkpoint(): number {
    this.flushPart();
    return this.parts.length;
  }

  /** Drops everything written after `checkpoint` (a metric that failed half-way). */
  rollback(checkpoint: number): void {
    this.lines = [];
    this.parts.length = checkpoint;
  }

  /** Returns everything written so far. */
  get text(): string {
    this.flushPart();
    return this.parts.join("");
  }

  /**
   * Joins the pending lines into one flat string. Growing one string with `+=` would build a
   * rope of small nodes that all stay alive until the end and make every young-generation GC
   * copy it; short-lived line strings joined in parts die young instead.
   */
  private flushPart(): void {
    if (this.lines.length === 0) return;
    this.parts.push(this.lines.join(""));
    this.lines = [];
  }

  /** Yields to the event loop when this slice has run past its budget. */
  maybeYield(): Promise<void> | undefined {
    if (this.linesSinceClockRead < LINES_PER_CLOCK_READ) return undefined;
    this.linesSinceClockRead = 0;
    const now = performance.now();
    if (now - this.sliceStart < SLICE_MILLISECONDS) return undefined;
    return new Promise<void>((resolve) => {
      setImmediate(() => {
        this.sliceStart = performance.now();
        resolve();
      });
    });
  }
}

/** Renders `name="value"` pairs for the given names and values, escaped, comma-separated. */
export function renderLabelPairs(
  names: readonly string[],
  values: readonly (string | number)[],
): string {
  let text = "";
  for (let index = 0; index < names.length; index++) {
    const value = values[index];
    if (index > 0) text += ",";
    text += `${names[index]}="${escapeLabelValue(value === undefined ? "" : `${value}`)}"`;
  }
  return text;
}
