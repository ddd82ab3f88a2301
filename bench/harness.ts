/** @module A tiny benchmark harness: warm-up, calibrated iterations, median of runs, tables with ratios. */

/**
 * Which clock a measurement reads. `cpu` (the default) is the CPU time of this process
 * (`process.cpuUsage()`): on a shared machine it leaves out the time the OS gives to other
 * processes, which wall time counts. `wall` is `process.hrtime`.
 */
export type BenchClock = "cpu" | "wall";

/** How long and how often to measure. */
export interface BenchOptions {
  /** Time spent running the body before measuring, in ms (default 100). */
  readonly warmupMs?: number | undefined;
  /** Each measured run lasts at least this long, in ms of the clock (default 60). */
  readonly minRunMs?: number | undefined;
  /** Measured runs; the median is reported (default 5). */
  readonly runs?: number | undefined;
  readonly clock?: BenchClock | undefined;
}

/** The result of measuring one body. */
export interface Measurement {
  /** Median time per operation over the runs, in nanoseconds. */
  readonly nsPerOp: number;
  /** Iterations per run, as calibrated. */
  readonly iterations: number;
  /** Each run's time per operation, in nanoseconds. */
  readonly runs: readonly number[];
}

/** Returns the median of a non-empty list of numbers. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Returns the process's CPU time (user + system), in nanoseconds. */
export function cpuTimeNs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) * 1000;
}

/** Returns a monotonic wall-clock time, in nanoseconds. */
export function wallTimeNs(): number {
  return Number(process.hrtime.bigint());
}

const clockOf = (clock: BenchClock | undefined) => (clock === "wall" ? wallTimeNs : cpuTimeNs);

/**
 * Measures several bodies doing the same work (one per library), each performing
 * `iterations` operations in its own loop (so the loop, not a per-operation callback, sits
 * around the code under test). Each body is warmed up while its iteration count doubles
 * until a run lasts `minRunMs`; then the runs are interleaved (A B C, A B C, ...) so that
 * load from other processes hits every body alike. Returns each body's median.
 *
 * @example
 * const results = benchInterleaved({
 *   ours: (n) => { for (let i = 0; i < n; i++) child.inc(); },
 *   peer: (n) => { for (let i = 0; i < n; i++) peerChild.inc(); },
 * });
 * console.log(results.ours.nsPerOp / results.peer.nsPerOp);
 */
export function benchInterleaved<K extends string>(
  bodies: Readonly<Record<K, (iterations: number) => void>>,
  options: BenchOptions = {},
): Record<K, Measurement> {
  const now = clockOf(options.clock);
  const minRunNs = (options.minRunMs ?? 60) * 1e6;
  const warmupMs = options.warmupMs ?? 100;
  const runCount = options.runs ?? 5;
  const keys = Object.keys(bodies) as K[];
  const iterations = {} as Record<K, number>;
  for (const key of keys) {
    const body = bodies[key];
    let count = 1;
    const warmupEnd = performance.now() + warmupMs;
    for (;;) {
      const start = now();
      body(count);
      if (now() - start < minRunNs) {
        count *= 2;
        continue;
      }
      if (performance.now() >= warmupEnd) break;
    }
    iterations[key] = count;
  }
  const runs = Object.fromEntries(keys.map((key) => [key, [] as number[]])) as Record<K, number[]>;
  for (let run = 0; run < runCount; run++) {
    for (const key of keys) {
      const start = now();
      bodies[key](iterations[key]);
      runs[key].push((now() - start) / iterations[key]);
    }
  }
  const results = {} as Record<K, Measurement>;
  for (const key of keys) {
    results[key] = { nsPerOp: median(runs[key]), iterations: iterations[key], runs: runs[key] };
  }
  return results;
}

/** Measures one body the way {@link benchInterleaved} does. */
export function bench(body: (iterations: number) => void, options: BenchOptions = {}): Measurement {
  return benchInterleaved({ body }, options).body;
}

/**
 * Measures an operation too slow to loop (a render, a scrape): runs it `warmup` times, then
 * `runs` times, and returns the median time per call in nanoseconds of the clock.
 */
export async function benchOnce(
  body: () => Promise<unknown> | unknown,
  options: {
    readonly warmup?: number | undefined;
    readonly runs?: number | undefined;
    readonly clock?: BenchClock | undefined;
  } = {},
): Promise<Measurement> {
  const now = clockOf(options.clock);
  for (let index = 0; index < (options.warmup ?? 1); index++) await body();
  const runs: number[] = [];
  for (let run = 0; run < (options.runs ?? 5); run++) {
    const start = now();
    await body();
    runs.push(now() - start);
  }
  return { nsPerOp: median(runs), iterations: 1, runs };
}

/** One row of a comparison table: a case measured for each library (undefined: not applicable). */
export interface ComparisonRow {
  readonly name: string;
  readonly values: Readonly<Record<string, number | undefined>>;
  /** The target, as text, e.g. `<= 5 ns`. */
  readonly target?: string | undefined;
  /** Whether the target is met; undefined when there is none. */
  readonly met?: boolean | undefined;
}

/** A table comparing one library (the first column) against its peers. */
export interface ComparisonTable {
  readonly title: string;
  /** Library names; the first is "ours", and ratios are ours/peer for every other. */
  readonly libraries: readonly string[];
  /** The unit of every value, e.g. `ns/op`, `ms`, `B/series`. */
  readonly unit: string;
  readonly rows: readonly ComparisonRow[];
}

/** Formats a number with three significant digits (and thousands separators above 1000). */
export function formatNumber(value: number | undefined): string {
  if (value === undefined) return "n/a";
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString("en-US");
  return value.toPrecision(3).replace(/\.?0+$/, (match) => (match.startsWith(".") ? "" : match));
}

/** Returns ours/peer as text (`0.12`), or `n/a` when either side is missing. */
export function formatRatio(ours: number | undefined, peer: number | undefined): string {
  if (ours === undefined || peer === undefined || peer === 0) return "n/a";
  return (ours / peer).toFixed(ours / peer < 0.1 ? 3 : 2);
}

/** Renders a comparison table as aligned plain text. */
export function formatTable(table: ComparisonTable): string {
  const [ours, ...peers] = table.libraries;
  if (ours === undefined) throw new Error(`Table "${table.title}" has no libraries`);
  const header = [
    "case",
    ...table.libraries.map((library) => `${library} (${table.unit})`),
    ...peers.map((peer) => `${ours}/${peer}`),
    "target",
    "met",
  ];
  const lines = table.rows.map((row) => [
    row.name,
    ...table.libraries.map((library) => formatNumber(row.values[library])),
    ...peers.map((peer) => formatRatio(row.values[ours], row.values[peer])),
    row.target ?? "",
    row.met === undefined ? "" : row.met ? "yes" : "NO",
  ]);
  const widths = header.map((cell, column) =>
    Math.max(cell.length, ...lines.map((line) => line[column]!.length)),
  );
  const render = (cells: readonly string[]) =>
    cells
      .map((cell, column) =>
        column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!),
      )
      .join("  ");
  return [
    table.title,
    render(header),
    widths.map((width) => "-".repeat(width)).join("  "),
    ...lines.map(render),
  ].join("\n");
}

/** Prints a comparison table to stdout, followed by a blank line. */
export function printTable(table: ComparisonTable): void {
  process.stdout.write(`${formatTable(table)}\n\n`);
}
