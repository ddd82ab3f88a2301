/** @module Accumulates exposition text and yields the event loop on long renders. */
import { escapeLabelValue, formatOpenMetricsFloat, formatSampleValue } from "./format.js";
import type { ExpositionFormat } from "./types.js";

/** How long a render may hold the event loop before it yields, in milliseconds. */
const SLICE_MILLISECONDS = 10;
/** How many lines pass between two clock reads. */
const LINES_PER_CLOCK_READ = 1024;

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
  text = "";
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
    this.text +=
      all.length === 0
        ? `${name} ${formatSampleValue(value)}\n`
        : `${name}{${all}} ${formatSampleValue(value)}\n`;
    this.linesSinceClockRead++;
  }

  /** Appends raw text (HELP, TYPE, UNIT and EOF lines). */
  raw(text: string): void {
    this.text += text;
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
