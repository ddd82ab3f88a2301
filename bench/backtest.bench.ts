/**
 * @module Backtest throughput in bars per second with the metrics subscriber attached
 * (instrumentation on) and without it (off), on the same replayed market. Runs are
 * interleaved (off, on, disabled, then the reverse order in the next round) and timed in
 * process CPU time so that load from other processes hits all alike; the medians, their
 * ratio, and the median and range of the per-round on/off ratios are printed (the machine is
 * shared: the per-round ratio cancels slow drifts that move both runs of a round). The goal is
 * a difference of at most 3 %. The creation of the recorder and subscriber is inside the
 * timed region of "on" and printed on its own.
 *
 * A second measurement takes the steady state of one long backtest: the subscriber is
 * started and stopped in blocks of cycles, in a fixed pseudo-random order, and each block's
 * wall time and CPU time count for "on" or "off". Both see the same heap, the same JIT state
 * and the same machine load within milliseconds of each other; there is no per-run setup or
 * warm-up in it.
 * The same measurement of handlers that only count their events, on the subscriber's topics,
 * gives what delivering the events costs before anything is recorded: the floor of any bus
 * subscriber. And the same of a telemetry port whose methods only count gives what the
 * engine's per-cycle calls to the port cost before anything is recorded. The two halves of
 * the instrumentation, the recorder on the port and the subscriber on the bus, are measured on
 * their own too, to show where the cost sits.
 *
 * The steady-state ratio is that of the median off block's wall time to the median on block's:
 * it leaves out the rare block that a major GC or a preemption lands in, and it is what the
 * backtest's own thread spends. The ratio of the modes' CPU totals is printed beside it: it
 * counts the collector's background threads, but their work can fall in the off block after the
 * on block that caused it, the likeliest reason it reads closer to 1 (the subscriber alone has
 * read 1.015 by it) and spreads from run to run (0.923-0.993 where the block medians read
 * 0.920-0.930).
 */
import { runBacktest } from "../src/bot/backtest.js";
import type { Bot } from "../src/bot/bot.js";
import type { CycleTelemetry, CycleTelemetryLayout } from "../src/bot/engine/cycle-telemetry.js";
import type { BotEvent } from "../src/bot/events.js";
import { CsvReplay } from "../src/bot/market/csv/csv-replay.js";
import { formatOhlcvCsv } from "../src/bot/market/csv/format-ohlcv-csv.js";
import { SimulatedMarket } from "../src/bot/market/simulated/simulated-market.js";
import { MessageBus } from "../src/bot/message-bus.js";
import { switchboard, type Topic } from "../src/bot/switchboard.js";
import { createBotRecorder } from "../src/bot/telemetry/bot-recorder.js";
import { type BotInstrumentation, instrumentBot } from "../src/bot/telemetry/instrument-bot.js";
import { MetricsSubscriber } from "../src/bot/telemetry/metrics-subscriber.js";
import { RecorderCycleTelemetry } from "../src/bot/telemetry/recorder-cycle-telemetry.js";
import { Registry } from "../src/metrics/index.js";
import type { TradingRecorder } from "../src/recorder/index.js";
import { cpuTimeNs, median, wallTimeNs } from "./harness.js";

const quick = process.env.BENCH_QUICK === "1";
const steadyCycles = quick ? 20_000 : 150_000;
const steadyRuns = quick ? 1 : 3;
/** Cycles per on/off block of the steady-state measurement. */
const BLOCK_CYCLES = 200;
const cycles = quick ? 3_000 : 25_000;
const rounds = quick ? 3 : 9;

// Four symbols of one-minute bars from the seeded simulated market, replayed from CSV text.
const market = new SimulatedMarket({ seed: 2024, badBarRate: 0 });
const bars = [];
for (let index = 0; index < cycles; index++) bars.push(...market.step().bars);
const csv = formatOhlcvCsv(bars);

/** The recorder `tradewatch backtest` creates; `enabled` false gives the no-op one. */
function backtestRecorder(bot: Bot, registry: Registry, enabled: boolean): TradingRecorder {
  return createBotRecorder({
    enabled,
    registry,
    symbols: bot.market.symbols,
    constLabels: { environment: "backtest" },
    sources: ["csv"],
  });
}

/** off: no subscriber; on: subscriber and recorder; disabled: subscriber over the disabled (no-op) recorder. */
type Mode = "off" | "on" | "disabled";

/** CPU time of the last recorder and subscriber creation ("on"), in ns. */
let setupNs = 0;

async function run(mode: Mode): Promise<{ barsPerSecond: number; fills: number; text: number }> {
  const instrumented = mode !== "off";
  const registry = new Registry();
  let subscriber: BotInstrumentation | undefined;
  // runBacktest's attach runs inside the timed region, so the recorder's creation, every
  // record and the final flush count against "on".
  const replay = new CsvReplay({ text: csv });
  const started = cpuTimeNs();
  const summary = await runBacktest({
    market: replay,
    config: { market: "csv", seed: 1 },
    attach: (bot) => {
      if (!instrumented) return;
      const setupStarted = cpuTimeNs();
      const recorder = backtestRecorder(bot, registry, mode === "on");
      subscriber = instrumentBot(bot, recorder);
      subscriber.start();
      if (mode === "on") setupNs = cpuTimeNs() - setupStarted;
      return () => subscriber?.stop();
    },
  });
  const seconds = (cpuTimeNs() - started) / 1e9;
  const text = mode === "on" ? (await registry.metrics()).length : 0;
  return { barsPerSecond: summary.bars / seconds, fills: summary.fills, text };
}

// Warm-up: both paths until the JIT has optimised them (it takes tens of thousands of cycles).
for (let round = 0; round < (quick ? 1 : 3); round++) {
  await run("off");
  await run("on");
  await run("disabled");
}
const off: number[] = [];
const on: number[] = [];
const disabled: number[] = [];
const ratios: number[] = [];
let fills = 0;
for (let round = 0; round < rounds; round++) {
  const order: readonly Mode[] =
    round % 2 === 0 ? ["off", "on", "disabled"] : ["disabled", "on", "off"];
  const results = new Map<Mode, Awaited<ReturnType<typeof run>>>();
  for (const mode of order) results.set(mode, await run(mode));
  const plain = results.get("off")!;
  const measured = results.get("on")!;
  off.push(plain.barsPerSecond);
  on.push(measured.barsPerSecond);
  disabled.push(results.get("disabled")!.barsPerSecond);
  ratios.push(measured.barsPerSecond / plain.barsPerSecond);
  if (measured.fills !== plain.fills) {
    throw new Error(
      `Instrumentation changed the trades: ${measured.fills} fills vs ${plain.fills}`,
    );
  }
  fills = plain.fills;
}
const offMedian = median(off);
const onMedian = median(on);
const ratio = onMedian / offMedian;
console.log(
  `Backtest: ${bars.length} bars (${cycles} cycles x 4 symbols), ${fills} fills, ${rounds} interleaved rounds, CPU time`,
);
console.log(
  `  instrumentation off  ${Math.round(offMedian).toLocaleString("en-US")} bars/s  (runs: ${off.map((value) => Math.round(value)).join(", ")})`,
);
console.log(
  `  instrumentation on   ${Math.round(onMedian).toLocaleString("en-US")} bars/s  (runs: ${on.map((value) => Math.round(value)).join(", ")})`,
);
console.log(
  `  on / off             ${ratio.toFixed(3)}  (${((1 - ratio) * 100).toFixed(1)}% slower; goal: at most 3%)`,
);
const sortedRatios = [...ratios].sort((left, right) => left - right);
console.log(
  `  per-round on/off     median ${median(ratios).toFixed(3)}, range ${sortedRatios[0]!.toFixed(3)}-${sortedRatios[sortedRatios.length - 1]!.toFixed(3)}`,
);
console.log(
  `  setup                ${(setupNs / 1e6).toFixed(1)} ms of CPU to create the recorder and subscriber (inside "on"; ${((((setupNs / 1e9) * onMedian) / bars.length) * 100).toFixed(1)}% of an "on" run)`,
);
const disabledMedian = median(disabled);
console.log(
  `  for reference        ${Math.round(disabledMedian).toLocaleString("en-US")} bars/s with the subscriber over the disabled recorder (${((1 - disabledMedian / offMedian) * 100).toFixed(1)}% below off: the subscriber's own share)`,
);

/** What the steady-state measurement switches on and off. */
interface Instrumentation {
  start(): void;
  stop(): void;
}

/** Events the empty handlers received, over all steady-state runs. */
let deliveredEvents = 0;

/**
 * The topic families the metrics subscriber subscribes to (every plane): domain events only,
 * since the engine reports per-cycle measurements to the telemetry port.
 */
const subscribedTopics = [
  switchboard.allDataQuality,
  switchboard.portfolio,
  switchboard.regime,
  switchboard.positions,
  switchboard.state,
  switchboard.allOrders,
  switchboard.risk,
  switchboard.exchange,
] as const;

/** Port calls the counting port received, over all steady-state runs. */
let portCalls = 0;
/** The same, by method, and the arguments of the last call of each: the engine's average cycle. */
type PortMethod = Exclude<keyof CycleTelemetry, "layout">;
const portMethods: readonly PortMethod[] = [
  "tickReceived",
  "barReceived",
  "feedQuality",
  "strategyEvaluated",
  "signal",
  "decided",
  "ruleChecked",
  "stages",
  "proposals",
  "cycleCompleted",
];
const callsByMethod = new Map<PortMethod, { calls: number; args: unknown[] }>();
let portLayout: CycleTelemetryLayout | undefined;
/** Events by type on the subscriber's topics, and the last of each type. */
const eventsByType = new Map<string, { count: number; event: BotEvent }>();

/** A telemetry port whose every method only counts: what calling the port alone costs. */
function countingPort(bot: Bot): Instrumentation {
  // Fixed parameters, not rest arguments: a counting call allocates nothing, as the port's own
  // calls don't. The last call's arguments are kept in place for the recording-alone line.
  const counter = (method: PortMethod) => {
    const entry = {
      calls: 0,
      args: [undefined, undefined, undefined, undefined, undefined] as unknown[],
    };
    callsByMethod.set(method, entry);
    const args = entry.args;
    return (a: unknown, b: unknown, c: unknown, d: unknown, e: unknown) => {
      portCalls++;
      entry.calls++;
      args[0] = a;
      args[1] = b;
      args[2] = c;
      args[3] = d;
      args[4] = e;
    };
  };
  const port = {
    layout: (layout: CycleTelemetryLayout) => {
      portLayout = layout;
    },
    ...Object.fromEntries(portMethods.map((method) => [method, counter(method)])),
  } as unknown as CycleTelemetry;
  return onTelemetryPort(bot, port);
}

/** Adds `port` to the bot's telemetry on start and removes it on stop, then calls `stopped`. */
function onTelemetryPort(bot: Bot, port: CycleTelemetry, stopped = () => {}): Instrumentation {
  let remove: (() => void) | undefined;
  return {
    start: () => {
      remove ??= bot.addTelemetry(port);
    },
    stop: () => {
      remove?.();
      remove = undefined;
      stopped();
    },
  };
}

/** Handlers that only count their events, on the subscriber's topics: what delivery alone costs. */
function emptyHandlers(bus: MessageBus): Instrumentation {
  let unsubscribers: (() => void)[] = [];
  const handler = (event: BotEvent) => {
    deliveredEvents++;
    const entry = eventsByType.get(event.type);
    if (entry === undefined) eventsByType.set(event.type, { count: 1, event });
    else {
      entry.count++;
      entry.event = event;
    }
  };
  return {
    start: () => {
      unsubscribers = subscribedTopics.map((topic) =>
        bus.subscribe(topic as Topic<BotEvent>, handler),
      );
    },
    stop: () => {
      for (const unsubscribe of unsubscribers) unsubscribe();
      unsubscribers = [];
    },
  };
}

/** The instrumentation over a live recorder, as `tradewatch backtest` attaches it. */
function metricsSubscriber(bot: Bot): Instrumentation {
  return instrumentBot(bot, backtestRecorder(bot, new Registry(), true));
}

/** The recorder on the telemetry port alone: the per-cycle half of the instrumentation. */
function recorderPort(bot: Bot): Instrumentation {
  const telemetry = new RecorderCycleTelemetry(backtestRecorder(bot, new Registry(), true));
  return onTelemetryPort(bot, telemetry, () => telemetry.flush());
}

/** The metrics subscriber on the bus alone: the domain-event half of the instrumentation. */
function subscriberOnly(bot: Bot): Instrumentation {
  return new MetricsSubscriber(bot.bus, backtestRecorder(bot, new Registry(), true));
}

/**
 * Cycles per second of CPU with `instrument` on and off, in blocks of one long backtest, and the
 * ratio of the median off block's wall time to the median on block's.
 */
async function steadyState(
  text: string,
  instrument: (bot: Bot) => Instrumentation,
): Promise<{
  on: number;
  off: number;
  blockRatio: number;
  barsPerCycle: number;
  activeCycles: number;
}> {
  let instrumentation: Instrumentation | undefined;
  let active = false;
  let blockStarted = 0;
  let blockStartedWall = 0;
  const cpu = { on: 0, off: 0 };
  const cycles = { on: 0, off: 0 };
  /** Each counted block's wall time, by mode. */
  const blocks = { on: [] as number[], off: [] as number[] };
  const warmUp = steadyCycles / 10;
  let activeCycles = 0;
  const summary = await runBacktest({
    market: new CsvReplay({ text }),
    config: { market: "csv", seed: 1 },
    progressEvery: BLOCK_CYCLES,
    attach: (bot) => {
      instrumentation = instrument(bot);
      return () => instrumentation?.stop();
    },
    onProgress: (done) => {
      const now = cpuTimeNs();
      if (active && done % BLOCK_CYCLES === 0) activeCycles += BLOCK_CYCLES;
      if (done > warmUp && done % BLOCK_CYCLES === 0) {
        const mode = active ? "on" : "off";
        cpu[mode] += now - blockStarted;
        cycles[mode] += BLOCK_CYCLES;
        blocks[mode].push(wallTimeNs() - blockStartedWall);
      }
      // A multiplicative hash of the block number: about half the blocks on, in no period
      // that could line up with the garbage collector's.
      const next = ((done / BLOCK_CYCLES) * 2_654_435_761) % 7 < 3.5;
      if (next !== active) {
        active = next;
        if (active) instrumentation?.start();
        else instrumentation?.stop();
      }
      blockStarted = cpuTimeNs();
      blockStartedWall = wallTimeNs();
    },
  });
  if (summary.cycles < steadyCycles) throw new Error(`Replay ended after ${summary.cycles} cycles`);
  return {
    on: cycles.on / (cpu.on / 1e9),
    off: cycles.off / (cpu.off / 1e9),
    blockRatio: median(blocks.off) / median(blocks.on),
    barsPerCycle: summary.bars / summary.cycles,
    activeCycles,
  };
}

const longMarket = new SimulatedMarket({ seed: 2024, badBarRate: 0 });
const longBars = [];
for (let index = 0; index < steadyCycles; index++) longBars.push(...longMarket.step().bars);
const longCsv = formatOhlcvCsv(longBars);
type SteadyResult = Awaited<ReturnType<typeof steadyState>>;
const steady: SteadyResult[] = [];
const floor: SteadyResult[] = [];
const portAlone: SteadyResult[] = [];
const recorderPortAlone: SteadyResult[] = [];
const subscriberAlone: SteadyResult[] = [];
for (let run = 0; run < steadyRuns; run++) {
  steady.push(await steadyState(longCsv, metricsSubscriber));
  floor.push(await steadyState(longCsv, (bot) => emptyHandlers(bot.bus)));
  portAlone.push(await steadyState(longCsv, countingPort));
  recorderPortAlone.push(await steadyState(longCsv, recorderPort));
  subscriberAlone.push(await steadyState(longCsv, subscriberOnly));
}
const perCycleNs = (cyclesPerSecond: number) => 1e9 / cyclesPerSecond;
/** The ratio of the block medians and the ratio of the CPU totals, each the median over the runs. */
function ratiosOf(results: readonly SteadyResult[]) {
  const blocks = results.map((result) => result.blockRatio);
  const cpu = results.map((result) => result.on / result.off);
  const off = median(results.map((result) => result.off));
  const block = median(blocks);
  return {
    block,
    blocks,
    cpu: median(cpu),
    cpus: cpu,
    /** What the instrumentation adds to a cycle, in ns, by the block medians. */
    costNs: perCycleNs(off) * (1 / block - 1),
    off,
  };
}
const runsOf = (ratios: readonly number[]) => ratios.map((ratio) => ratio.toFixed(3)).join(", ");

const barsPerCycle = steady[0]!.barsPerCycle;
const headline = ratiosOf(steady);
const steadyOn = median(steady.map((result) => result.on));
console.log(
  `Steady state: one backtest of ${steadyCycles.toLocaleString("en-US")} cycles, instrumentation switched on and off every ${BLOCK_CYCLES} cycles (first 10% not counted), ${steadyRuns} run(s)`,
);
console.log(
  `  instrumentation off  ${Math.round(headline.off * barsPerCycle).toLocaleString("en-US")} bars/s of CPU`,
);
console.log(
  `  instrumentation on   ${Math.round(steadyOn * barsPerCycle).toLocaleString("en-US")} bars/s of CPU`,
);
console.log(
  `  on / off             ${headline.block.toFixed(3)}  (${((1 - headline.block) * 100).toFixed(1)}% slower; goal: at most 3%; runs: ${runsOf(headline.blocks)}): the median wall time of an off block over that of an on block`,
);
console.log(
  `  cost per cycle       ${Math.round(headline.costNs).toLocaleString("en-US")} ns in a ${(perCycleNs(headline.off) / 1000).toFixed(1)} µs cycle of ${barsPerCycle.toFixed(2)} bars`,
);
console.log(
  `  CPU totals           ${headline.cpu.toFixed(3)}  (runs: ${runsOf(headline.cpus)}): the ratio of the modes' CPU totals, for reference; it counts the collector's background threads, whose work can fall in the off block after the on block that caused it (the subscriber alone has read above 1.000 by it), and one major GC moves it by a point`,
);

/** Prints a steady-state line of one part of the instrumentation: its ratio, cost and runs. */
function printPart(label: string, results: readonly SteadyResult[], what: string): void {
  const ratios = ratiosOf(results);
  console.log(
    `  ${label.padEnd(20)} ${ratios.block.toFixed(3)}  (${Math.round(ratios.costNs).toLocaleString("en-US")} ns per cycle; runs: ${runsOf(ratios.blocks)}; CPU totals ${ratios.cpu.toFixed(3)}) ${what}`,
  );
}
printPart(
  "bus delivery alone",
  floor,
  `with counting-only handlers on the subscriber's ${subscribedTopics.length} topic families, ${(deliveredEvents / floor.reduce((sum, result) => sum + result.activeCycles, 0)).toFixed(1)} events per cycle`,
);
printPart(
  "telemetry port alone",
  portAlone,
  `with a port whose methods only count, ${(portCalls / portAlone.reduce((sum, result) => sum + result.activeCycles, 0)).toFixed(1)} calls per cycle`,
);
printPart(
  "recorder port alone",
  recorderPortAlone,
  "the recorder on the telemetry port, no subscriber",
);
printPart("subscriber alone", subscriberAlone, "the metrics subscriber on the bus, no port");

/**
 * The recording alone, without the engine: a recorder port and subscriber fed the engine's
 * average cycle (each port method and event type at the rate the counting port and handlers
 * saw, with the arguments last seen), in wall time per cycle (a cycle is a microsecond, too
 * short for the CPU clock's resolution; the medians of three passes shed preemptions). Once with warm caches, once with
 * 1 MiB of other data read between cycles, as the bot's own work evicts the series between two
 * of its cycles. The difference is what the on/off cost above pays beyond the records' own
 * instructions.
 */
const PREEMPTED_NS = 50_000;

function recordingAlone(): { warmNs: number; coldNs: number } {
  const activeCycles = portAlone.reduce((sum, result) => sum + result.activeCycles, 0);
  const floorCycles = floor.reduce((sum, result) => sum + result.activeCycles, 0);
  const layout = portLayout;
  if (layout === undefined) throw new Error("The counting port saw no layout");
  const recorder = createBotRecorder({
    enabled: true,
    registry: new Registry(),
    symbols: layout.symbols,
    constLabels: { environment: "backtest" },
    sources: [layout.source],
  });
  const telemetry = new RecorderCycleTelemetry(recorder);
  const subscriber = new MetricsSubscriber(new MessageBus(), recorder);
  telemetry.layout(layout);
  const calls = [...callsByMethod].map(([method, entry]) => ({
    call: (telemetry[method] as (...args: unknown[]) => void).bind(telemetry, ...entry.args),
    rate: entry.calls / activeCycles,
    owed: 0,
  }));
  const events = [...eventsByType.values()].map((entry) => ({
    event: entry.event,
    rate: entry.count / floorCycles,
    owed: 0,
  }));
  const cycle = (): void => {
    for (const entry of calls) {
      entry.owed += entry.rate;
      for (; entry.owed >= 1; entry.owed--) entry.call();
    }
    for (const entry of events) {
      entry.owed += entry.rate;
      for (; entry.owed >= 1; entry.owed--) subscriber.record(entry.event);
    }
  };
  const other = new Float64Array(1 << 17);
  let sink = 0;
  const evict = (): void => {
    for (let index = 0; index < other.length; index += 8) sink += other[index]!;
  };
  const measure = (cold: boolean, count: number): number => {
    let total = 0;
    let counted = 0;
    for (let index = 0; index < count; index++) {
      if (cold) evict();
      const started = wallTimeNs();
      cycle();
      const empty = wallTimeNs();
      const elapsed = empty - started - (wallTimeNs() - empty);
      // Longer than any cycle's records and flush: the thread was preempted.
      if (elapsed > PREEMPTED_NS) continue;
      total += elapsed;
      counted++;
    }
    return total / counted;
  };
  const count = quick ? 5_000 : 20_000;
  measure(false, count);
  const warmNs = median([measure(false, count), measure(false, count), measure(false, count)]);
  const coldNs = median([measure(true, count), measure(true, count), measure(true, count)]);
  if (sink < 0) console.log(sink);
  return { warmNs, coldNs };
}
const alone = recordingAlone();
console.log(
  `  recording alone      ${Math.round(alone.warmNs).toLocaleString("en-US")} ns per cycle with warm caches, ${Math.round(alone.coldNs).toLocaleString("en-US")} ns with 1 MiB of other data read between cycles: the port and subscriber fed the engine's average cycle without the engine`,
);
