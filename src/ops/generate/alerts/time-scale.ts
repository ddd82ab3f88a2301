/** @module One factor that scales every duration of the generated rules and scrape settings, so that a test or soak runs the same bundle faster. */
import { TradewatchError } from "../../../errors.js";

const unitMilliseconds: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
  y: 31_536_000_000,
};

/** Parses a Prometheus duration (`5m`, `1m30s`, `750ms`) into milliseconds. */
export function durationMilliseconds(duration: string): number {
  const parts = [...duration.matchAll(/(\d+)(ms|s|m|h|d|w|y)/g)];
  if (parts.length === 0 || parts.map((part) => part[0]).join("") !== duration) {
    throw new TradewatchError(
      "ERR_INVALID_CONFIG",
      `Invalid duration "${duration}": must be a Prometheus duration such as 15s, 5m or 1m30s`,
    );
  }
  return parts.reduce((sum, part) => sum + Number(part[1]) * unitMilliseconds[part[2]!]!, 0);
}

/**
 * Formats whole milliseconds as a Prometheus duration: `1m30s` when they are whole seconds,
 * `750ms` otherwise (both parse in rule files, range selectors and prometheus.yml).
 */
export function formatDuration(milliseconds: number): string {
  if (milliseconds === 0) return "0s";
  if (milliseconds % 1000 !== 0) return `${milliseconds}ms`;
  let rest = milliseconds / 1000;
  let text = "";
  for (const [unit, size] of [
    ["h", 3600],
    ["m", 60],
    ["s", 1],
  ] as const) {
    const count = Math.floor(rest / size);
    if (count > 0) text += `${count}${unit}`;
    rest -= count * size;
  }
  return text;
}

/**
 * Scales the durations of one bundle by one factor: `1` is the bundle as deployed, `1/60`
 * turns each minute into a second. Durations round to the nearest millisecond, and a
 * duration that was not zero stays at least 1 ms; thresholds in seconds round to the
 * millisecond too. Counts, ratios and rates are never scaled.
 */
export class TimeScale {
  readonly factor: number;

  constructor(factor = 1) {
    if (!Number.isFinite(factor) || factor <= 0) {
      throw new TradewatchError(
        "ERR_INVALID_CONFIG",
        `Invalid timeScale ${factor}: must be a positive finite number (1 keeps every duration)`,
      );
    }
    this.factor = factor;
  }

  /** Returns `duration` scaled, in milliseconds. */
  milliseconds(duration: string): number {
    const original = durationMilliseconds(duration);
    if (original === 0) return 0;
    return Math.max(1, Math.round(original * this.factor));
  }

  /** Returns `duration` scaled, as a Prometheus duration; unchanged at factor 1. */
  duration(duration: string): string {
    return this.factor === 1 ? duration : formatDuration(this.milliseconds(duration));
  }

  /** Returns a threshold of `value` seconds scaled, as PromQL number text. */
  seconds(value: number): string {
    if (this.factor === 1) return String(value);
    const milliseconds = Math.max(1, Math.round(value * 1000 * this.factor));
    return String(milliseconds / 1000);
  }
}
