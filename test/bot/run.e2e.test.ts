import { type ChildProcess, spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fullMetricName, getMetricByKey } from "../../src/catalog/index.js";
import { freePort } from "../support/free-port.js";

/** One sample line of the text exposition. */
interface Sample {
  readonly name: string;
  readonly labels: string;
  readonly value: number;
}

function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})? (\S+)/.exec(line);
    if (match === null) throw new Error(`Unparseable exposition line: ${line}`);
    samples.push({ name: match[1]!, labels: match[2] ?? "", value: Number(match[3]) });
  }
  return samples;
}

/** A `tradewatch run` child process and what its /metrics said over time. */
class RunningCommand {
  readonly scrapes: Sample[][] = [];
  /** Wall-clock time of each scrape (ms). */
  readonly scrapedAt: number[] = [];
  output = "";
  #child: ChildProcess | undefined;
  #exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }> | undefined;

  constructor(
    readonly port: number,
    readonly args: readonly string[],
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const child = spawn(
      "npx",
      ["tsx", "src/cli/bin.ts", "run", "--port", String(this.port), "--no-journal", ...this.args],
      {
        cwd: new URL("../..", import.meta.url).pathname,
        stdio: ["ignore", "pipe", "pipe"],
        detached: true,
      },
    );
    this.#child = child;
    child.stdout?.on("data", (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => (this.output += chunk.toString()));
    this.#exit = new Promise((resolve) =>
      child.once("exit", (code, signal) => resolve({ code, signal })),
    );
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      try {
        if ((await fetch(`${this.url}/ready`)).status === 200) return;
      } catch {}
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`tradewatch run did not become ready:\n${this.output}`);
  }

  /** Scrapes /metrics every `everyMs` for `forMs`. */
  async sample(forMs: number, everyMs: number): Promise<void> {
    const until = Date.now() + forMs;
    while (Date.now() < until) {
      const response = await fetch(`${this.url}/metrics`);
      expect(response.status).toBe(200);
      this.scrapes.push(parseExposition(await response.text()));
      this.scrapedAt.push(Date.now());
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  }

  /** The samples of the family of catalog metric `key` in the last scrape. */
  family(key: string, scrape = this.scrapes.at(-1) ?? []): Sample[] {
    const definition = getMetricByKey(key);
    const base = fullMetricName(definition);
    const names =
      definition.type === "histogram" || definition.type === "summary"
        ? new Set([`${base}_count`])
        : new Set([base]);
    return scrape.filter((sample) => names.has(sample.name));
  }

  /** The largest absolute value any series of `key` reached in any scrape (matching `labels`). */
  peak(key: string, labels = ""): number {
    let peak = 0;
    for (const scrape of this.scrapes) {
      for (const sample of this.family(key, scrape)) {
        if (sample.labels.includes(labels)) peak = Math.max(peak, Math.abs(sample.value));
      }
    }
    return peak;
  }

  /** Sends SIGINT to the process group, as Ctrl-C in a terminal does, and resolves to the exit code. */
  async stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null } | undefined> {
    const pid = this.#child?.pid;
    if (pid !== undefined && this.#child?.exitCode === null) {
      try {
        process.kill(-pid, "SIGINT");
      } catch {}
    }
    return await this.#exit;
  }
}

/** Families that count events or observe durations: they must have moved. */
const moving = [
  "cycles",
  "cycle_duration",
  "cycle_stage_duration",
  "no_trade_cycles",
  "order_intents",
  "orders_placed",
  "orders_placed_notional",
  "orders_filled",
  "trades",
  "traded_notional",
  "slippage",
  "commission",
  "order_intent_to_submit",
  "order_submit_to_ack",
  "order_ack_to_fill",
  "order_intent_to_fill",
  "positions_closed",
  "risk_rejections",
  "constitution_checks",
  "exchange_api_requests",
  "exchange_api_latency",
  "ticks_received",
  "bars_received",
  "data_freshness",
  "signals",
  "signal_strength",
  "strategy_evaluation_duration",
];

/** State the bot sets: present, and non-zero at some scrape. */
const set = [
  "account_value",
  "cash",
  "exposure",
  "open_positions",
  "position_value",
  "cycle_proposals",
  "last_cycle_timestamp",
  "completeness_score",
  "rate_limit_utilization",
  "fill_ratio",
  "regime",
  "gross_exposure",
  "strategy_pnl",
];

/** State that exists from the start and may rightly be zero in a healthy run. */
const present = [
  "circuit_breaker_state",
  "kill_switch_active",
  "exchange_api_consecutive_errors",
  "pending_orders",
  "drawdown",
  "data_staleness",
];

describe("tradewatch run (end to end)", () => {
  let healthy: RunningCommand;
  let faulty: RunningCommand;
  let planePorts: { data: number; order: number; strategy: number };

  beforeAll(async () => {
    healthy = new RunningCommand(await freePort(), [
      "--speed",
      "6000",
      "--seed",
      "11",
      "--crash-rate",
      "0",
      "--quiet",
    ]);
    planePorts = { data: await freePort(), order: await freePort(), strategy: await freePort() };
    faulty = new RunningCommand(await freePort(), [
      "--speed",
      "6000",
      "--seed",
      "12",
      // Outages last wall-clock time, and the exchange's status is checked once a second: a
      // schedule of real outages trips each breaker, per-call faults do the rest.
      "--fault-schedule",
      "4s:healthy,1.5s:rate_limit,3.5s:disconnect,2s:healthy,3.5s:maintenance",
      "--fault-rate",
      "0.05",
      "--fault-rejection",
      "0.5",
      "--fault-disconnect",
      "0",
      "--disconnect-seconds",
      "0.2-1",
      "--maintenance-seconds",
      "0.2-1",
      "--crash-rate",
      "0.01",
      "--data-port",
      String(planePorts.data),
      "--order-port",
      String(planePorts.order),
      "--strategy-port",
      String(planePorts.strategy),
    ]);
    await Promise.all([healthy.start(), faulty.start()]);
    await Promise.all([healthy.sample(7_000, 250), faulty.sample(16_000, 250)]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([healthy?.stop(), faulty?.stop()]);
  });

  it("serves /health and /ready", async () => {
    const health = await fetch(`${healthy.url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: "ok", checks: { bot: { status: "ok" } } });
    expect((await fetch(`${healthy.url}/ready`)).status).toBe(200);
    const page = await fetch(`${healthy.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/text\/html/);
  });

  it("records its own HTTP server's requests in the catalog's http_* metrics", async () => {
    expect((await fetch(`${healthy.url}/health`)).status).toBe(200);
    const scrape = parseExposition(await (await fetch(`${healthy.url}/metrics`)).text());
    const requests = (route: string) =>
      scrape
        .filter(
          (sample) =>
            sample.name === "tradewatch_http_requests_total" &&
            sample.labels.includes(`route="${route}"`) &&
            sample.labels.includes('status_class="2xx"'),
        )
        .reduce((sum, sample) => sum + sample.value, 0);
    // The scrapes of the whole run so far, and the health check just made.
    expect(requests("/metrics")).toBeGreaterThanOrEqual(healthy.scrapes.length);
    expect(requests("/health")).toBeGreaterThan(0);
    expect(
      scrape.find((sample) => sample.name === "tradewatch_http_request_duration_seconds_count")
        ?.value,
    ).toBeGreaterThan(0);
  });

  it("shows every metric family of the bot's components in /metrics, with values that moved", () => {
    const missing = [...moving, ...set, ...present].filter(
      (key) => healthy.family(key).length === 0,
    );
    expect(missing).toEqual([]);
    const still = moving.filter((key) => healthy.peak(key) === 0);
    expect(still).toEqual([]);
    const unset = set.filter((key) => healthy.peak(key) === 0);
    expect(unset).toEqual([]);
    expect(healthy.peak("exposure", 'type="at_risk"')).toBeGreaterThan(0);
    expect(healthy.peak("orders_filled", 'side="buy"')).toBeGreaterThan(0);
    expect(healthy.peak("orders_filled", 'side="sell"')).toBeGreaterThan(0);
    expect(healthy.peak("cycle_stage_duration", 'stage="execution"')).toBeGreaterThan(0);
    expect(healthy.peak("cycle_stage_duration", 'stage="market_data"')).toBeGreaterThan(0);
  });

  it("stamps cycles with wall-clock time, whatever the market's speed", () => {
    // The simulated market starts in 2024 and runs 6000x faster than the wall clock; the
    // operational timestamps must not follow it (TradingLoopStalled compares with time()).
    for (const [index, scrape] of healthy.scrapes.entries()) {
      const [last] = healthy.family("last_cycle_timestamp", scrape);
      expect(Math.abs(last!.value - healthy.scrapedAt[index]! / 1000)).toBeLessThan(5);
    }
    expect(
      Math.max(...healthy.family("data_staleness").map((sample) => sample.value)),
    ).toBeLessThan(5);
  });

  it("keeps a scheduled disconnect's breaker open for its wall-clock length", () => {
    const open = faulty.scrapes.map((scrape) =>
      faulty
        .family("circuit_breaker_state", scrape)
        .some(
          (sample) =>
            sample.labels.includes('breaker="exchange_connectivity"') && sample.value === 1,
        ),
    );
    const first = open.indexOf(true);
    const last = first + open.slice(first).indexOf(false) - 1;
    // The schedule disconnects for 3.5 s of wall time (350 market minutes at --speed 6000);
    // the breaker closes on the first successful call after it, within a second.
    const seconds = (faulty.scrapedAt[last]! - faulty.scrapedAt[first]!) / 1000;
    expect(seconds).toBeGreaterThan(2.5);
    expect(seconds).toBeLessThan(4.5);
    expect(faulty.output).toMatch(/fault schedule 0:0[56]: disconnect for 3.5s/);
  });

  it("trips every circuit breaker under injected faults, and the metrics say so", () => {
    for (const breaker of [
      "rate_limit",
      "api_health",
      "exchange_connectivity",
      "exchange_health",
      "volatility_crash",
    ]) {
      expect(faulty.peak("circuit_breaker_trips", `breaker="${breaker}"`), breaker).toBeGreaterThan(
        0,
      );
    }
    expect(faulty.peak("circuit_breaker_state")).toBe(1);
    expect(faulty.peak("cycles", 'status="halted"')).toBeGreaterThan(0);
    expect(faulty.peak("no_trade_cycles", 'reason="circuit_breaker"')).toBeGreaterThan(0);
    expect(faulty.peak("exchange_api_errors")).toBeGreaterThan(0);
    expect(faulty.peak("exchange_api_consecutive_errors")).toBeGreaterThan(0);
    expect(faulty.peak("rate_limit_violations")).toBeGreaterThan(0);
    expect(faulty.peak("orders_rejected")).toBeGreaterThan(0);
    expect(healthy.peak("circuit_breaker_trips")).toBe(0);
  });

  it("serves each plane's metrics on its own port", async () => {
    const scrape = async (port: number): Promise<Sample[]> =>
      parseExposition(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text());
    const data = await scrape(planePorts.data);
    const order = await scrape(planePorts.order);
    const strategy = await scrape(planePorts.strategy);
    expect(faulty.family("bars_received", data).length).toBeGreaterThan(0);
    expect(faulty.family("orders_placed", data)).toEqual([]);
    expect(faulty.family("orders_placed", order).length).toBeGreaterThan(0);
    expect(faulty.family("bars_received", order)).toEqual([]);
    expect(faulty.family("signals", strategy).length).toBeGreaterThan(0);
    expect(faulty.family("cycles", strategy).length).toBeGreaterThan(0);
    expect(
      data.every(
        (sample) => !sample.labels.includes("plane=") || sample.labels.includes('plane="data"'),
      ),
    ).toBe(true);
  });

  it("halts on the HTTP kill switch and reports it", async () => {
    const response = await fetch(`${healthy.url}/kill-switch`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ active: true, reason: "e2e" }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      active: { http: "e2e" },
      halted: "kill_switch:http",
    });
    await healthy.sample(1_000, 250);
    expect(
      healthy
        .family("kill_switch_active")
        .find((sample) => sample.labels.includes('switch_type="manual",source="http"'))?.value,
    ).toBe(1);
    expect(healthy.peak("cycles", 'status="halted"')).toBeGreaterThan(0);
    const bad = await fetch(`${healthy.url}/kill-switch`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"active":"yes"}',
    });
    expect(bad.status).toBe(400);
  });

  it("shuts down cleanly on Ctrl-C", async () => {
    const exit = await faulty.stop();
    // npx may die of the SIGINT itself; the command underneath must have stopped cleanly.
    expect(exit?.code === 0 || exit?.signal === "SIGINT").toBe(true);
    expect(faulty.output).toContain("tradewatch run: stopping (SIGINT)");
    expect(faulty.output).not.toMatch(/Error|Unhandled|at .*\.ts:\d+/);
  });
});
