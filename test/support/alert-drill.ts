/**
 * @module The alert drill behind `npm run soak` and the scaled end-to-end test: a paper bot
 * driven through a documented schedule of faults, the real Prometheus and Alertmanager
 * started by `tradewatch stack up` with the generated bundle, and a webhook receiver that
 * records what the operator would be told. Every alert of the bundle is expected to fire in
 * a phase, allowed to fire from a phase on, or expected silent; the drill reports one row
 * per alert and whether it kept to that.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defaultBundleOptions } from "../../src/ops/bundle-options.js";
import { alertSpecs } from "../../src/ops/generate/alert-rules.js";
import { durationMilliseconds } from "../../src/ops/generate/alerts/time-scale.js";
import { startWebhookReceiver, type WebhookReceiver } from "./alertmanager.js";
import { freePort } from "./free-port.js";

const root = join(import.meta.dirname, "..", "..");
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** What a phase does to the bot; the bot's own `--fault-schedule` runs the outages. */
export type DrillAction =
  | "none"
  | "api_errors"
  | "disconnect"
  | "kill_switch_http"
  | "kill_switch_file"
  | "plane_down"
  | "stop_bot";

/** One phase of the drill, at full length (seconds of wall-clock time). */
export interface DrillPhase {
  readonly name: string;
  readonly seconds: number;
  readonly action: DrillAction;
}

/**
 * The documented schedule (README, "Soak"): 10 minutes healthy, an API error storm, a
 * disconnect of 2.5 minutes (a breaker outage), the kill switch by HTTP then by file, the
 * order plane's server stopped, then the bot stopped. 23 minutes at full length.
 */
export const drillSchedule: readonly DrillPhase[] = Object.freeze([
  { name: "healthy", seconds: 600, action: "none" },
  { name: "api_errors", seconds: 180, action: "api_errors" },
  { name: "disconnect", seconds: 150, action: "disconnect" },
  { name: "kill_switch_http", seconds: 90, action: "kill_switch_http" },
  { name: "kill_switch_file", seconds: 90, action: "kill_switch_file" },
  { name: "plane_down", seconds: 120, action: "plane_down" },
  { name: "bot_stopped", seconds: 150, action: "stop_bot" },
]);

/** What the drill expects of one alert (and, optionally, of its series with these labels). */
export interface AlertExpectation {
  readonly alert: string;
  /** Labels the alert's series must carry. */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * `fire`: must be notified within its deadline after `phase` begins. `may`: allowed to fire
   * from `phase` on (a consequence the drill does not time). Alerts with neither are silent.
   */
  readonly expect: "fire" | "may";
  readonly phase: string;
  /**
   * Wall-clock seconds the bot needs to produce the condition after the phase begins (e.g.
   * three failed calls at one call per second); not scaled. Default 0.
   */
  readonly leadSeconds?: number;
}

/** The expectations of the drill; every other alert of the bundle must stay silent (Watchdog aside). */
export function drillExpectations(orderPlaneTarget: string): readonly AlertExpectation[] {
  return [
    // The storm: half the calls fail with 503 or time out.
    // 80 % of calls fail: api_health trips on three failures in a row, within seconds at one
    // status call a second.
    {
      alert: "CircuitBreakerTripping",
      labels: { breaker: "api_health" },
      expect: "fire",
      phase: "api_errors",
      leadSeconds: 10,
    },
    // Whether exchange_health (two 503s in 5 minutes) or api_health stays open for `for:`,
    // and whether exchange_health trips within the scaled storm, depends on the draws:
    // allowed, not timed.
    { alert: "CircuitBreakerTripped", expect: "may", phase: "api_errors" },
    { alert: "CircuitBreakerTripping", expect: "may", phase: "api_errors" },
    // The first error of each new error_type series is invisible to rate(): allow for a second.
    { alert: "APIErrorRateHigh", expect: "fire", phase: "api_errors", leadSeconds: 20 },
    { alert: "APIErrorBurst", expect: "may", phase: "api_errors" },
    // The disconnect: every call fails for 2.5 minutes.
    {
      alert: "CircuitBreakerTripped",
      labels: { breaker: "exchange_connectivity" },
      expect: "fire",
      phase: "disconnect",
      leadSeconds: 5,
    },
    {
      alert: "CircuitBreakerTripping",
      labels: { breaker: "exchange_connectivity" },
      expect: "fire",
      phase: "disconnect",
      leadSeconds: 5,
    },
    { alert: "APIErrorBurst", expect: "fire", phase: "disconnect", leadSeconds: 5 },
    // The kill switch, engaged from two sources one after the other: two notifications.
    {
      alert: "KillSwitchActive",
      labels: { source: "http" },
      expect: "fire",
      phase: "kill_switch_http",
      leadSeconds: 1,
    },
    {
      alert: "KillSwitchActive",
      labels: { source: "file" },
      expect: "fire",
      phase: "kill_switch_file",
      leadSeconds: 1,
    },
    // The order plane's server stops.
    {
      alert: "TradingPlaneDown",
      labels: { instance: orderPlaneTarget },
      expect: "fire",
      phase: "plane_down",
    },
    // The bot stops, and its planes with it.
    { alert: "TradingBotDown", expect: "fire", phase: "bot_stopped" },
    { alert: "TradingPlaneDown", expect: "may", phase: "bot_stopped" },
  ];
}

/** One row of the drill's report. */
export interface DrillRow {
  readonly alert: string;
  readonly labels: string;
  readonly expected: "fire" | "may" | "silent" | "always";
  /** Seconds from the drill's start. */
  readonly phaseStart: number | undefined;
  readonly deadline: number | undefined;
  readonly firedAt: number | undefined;
  readonly notifiedAt: number | undefined;
  readonly resolvedAt: number | undefined;
  readonly latencySeconds: number | undefined;
  readonly verdict: "ok" | "missing" | "late" | "unexpected";
}

/** What the drill found. */
export interface DrillResult {
  readonly rows: readonly DrillRow[];
  readonly failed: readonly DrillRow[];
  readonly table: string;
  readonly timeScale: number;
}

/** Options of {@link runAlertDrill}. */
export interface AlertDrillOptions {
  /** Multiplies every duration: the rules, Prometheus's intervals, Alertmanager's timers and the schedule. Default 1. */
  readonly timeScale?: number;
  /** Progress lines (phase changes, notifications). */
  readonly log?: (line: string) => void;
  /** Seed of the bot's simulated market. Default 42, `npm start`'s. */
  readonly seed?: number;
}

interface Running {
  readonly child: ChildProcess;
  output: string;
}

function tradewatch(args: readonly string[], env: NodeJS.ProcessEnv = process.env): Running {
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli/bin.ts", ...args], {
    cwd: root,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const running: Running = { child, output: "" };
  child.stdout?.on("data", (chunk: Buffer) => (running.output += chunk.toString("utf8")));
  child.stderr?.on("data", (chunk: Buffer) => (running.output += chunk.toString("utf8")));
  return running;
}

async function exited(running: Running): Promise<number> {
  if (running.child.exitCode !== null) return running.child.exitCode;
  return await new Promise((resolve) => running.child.once("exit", (code) => resolve(code ?? 1)));
}

async function waitReady(url: string, running: Running, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (running.child.exitCode !== null)
      throw new Error(`the bot exited with ${running.child.exitCode}:\n${running.output}`);
    try {
      if ((await fetch(`${url}/ready`)).ok) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`the bot was not ready:\n${running.output}`);
    await sleep(200);
  }
}

/** Formats seconds as m:ss.s, rounding first (59.96 s is 1:00.0, not 0:60.0). */
function formatSeconds(seconds: number | undefined): string {
  if (seconds === undefined) return "-";
  const tenths = Math.round(seconds * 10);
  return `${Math.floor(tenths / 600)}:${((tenths % 600) / 10).toFixed(1).padStart(4, "0")}`;
}

/** Formats a duration for a command line: whole milliseconds. */
const flagDuration = (seconds: number): string => `${Math.max(Math.round(seconds * 1000), 1)}ms`;

/**
 * Runs the drill: starts a webhook receiver, `tradewatch run` with the schedule's outages,
 * `tradewatch stack up` on free ports, drives the kill switch and stops the bot as the
 * schedule says, then compares every notification with {@link drillExpectations}.
 */
export async function runAlertDrill(options: AlertDrillOptions = {}): Promise<DrillResult> {
  const scale = options.timeScale ?? 1;
  const log = options.log ?? (() => {});
  const directory = await mkdtemp(join(tmpdir(), "tradewatch-drill-"));
  const webhook: WebhookReceiver = await startWebhookReceiver();
  const ports = {
    bot: await freePort(),
    data: await freePort(),
    order: await freePort(),
    strategy: await freePort(),
    prometheus: await freePort(),
    alertmanager: await freePort(),
    pushgateway: await freePort(),
  };
  const phases = drillSchedule.map((phase) => ({ ...phase, seconds: phase.seconds * scale }));
  const starts = new Map<string, number>();
  let offset = 0;
  for (const phase of phases) {
    starts.set(phase.name, offset);
    offset += phase.seconds;
  }
  const faultSchedule = phases
    .filter((phase) => phase.action !== "stop_bot")
    .map((phase) => {
      const kind =
        phase.action === "api_errors" || phase.action === "disconnect"
          ? phase.action
          : phase.action === "plane_down"
            ? "plane_down:order"
            : "healthy";
      return `${flagDuration(phase.seconds)}:${kind}`;
    })
    .join(",");
  const killFile = join(directory, "kill");
  const bot = tradewatch([
    "run",
    "--no-journal",
    // The market's cadence scales with everything else: rules such as ExcessiveNoTrade count
    // market events (orders) in a scaled window.
    "--speed",
    String(300 / scale),
    "--seed",
    String(options.seed ?? 42),
    "--port",
    String(ports.bot),
    "--data-port",
    String(ports.data),
    "--order-port",
    String(ports.order),
    "--strategy-port",
    String(ports.strategy),
    "--kill-file",
    killFile,
    "--fault-schedule",
    faultSchedule,
  ]);
  const botUrl = `http://127.0.0.1:${ports.bot}`;
  const stackDirectory = join(directory, "stack");
  let stackStarted = false;
  try {
    await waitReady(botUrl, bot, 60_000);
    const started = Date.now();
    const elapsed = () => (Date.now() - started) / 1000;
    log(`drill: bot ready on ${botUrl}; schedule ${faultSchedule}`);
    const stack = tradewatch(
      [
        "stack",
        "up",
        "--dir",
        stackDirectory,
        "--bot",
        `127.0.0.1:${ports.bot}`,
        "--prometheus-port",
        String(ports.prometheus),
        "--alertmanager-port",
        String(ports.alertmanager),
        "--pushgateway-port",
        String(ports.pushgateway),
        "--planes",
        `data=127.0.0.1:${ports.data},order=127.0.0.1:${ports.order},strategy=127.0.0.1:${ports.strategy}`,
        "--time-scale",
        String(scale),
      ],
      { ...process.env, ALERT_WEBHOOK_URL: webhook.url },
    );
    stackStarted = true;
    if ((await exited(stack)) !== 0) throw new Error(`stack up failed:\n${stack.output}`);
    log(`drill ${formatSeconds(elapsed())}: ${stack.output.trim().split("\n").join("; ")}`);

    const killSwitch = async (active: boolean) => {
      const response = await fetch(`${botUrl}/kill-switch`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ active, reason: "alert drill" }),
      });
      if (!response.ok) throw new Error(`POST /kill-switch answered ${response.status}`);
    };
    let seen = 0;
    const report = () => {
      for (; seen < webhook.notifications.length; seen++) {
        const notification = webhook.notifications[seen]!;
        for (const alert of notification.alerts) {
          log(
            `drill ${formatSeconds(elapsed())}: ${alert.status} ${alert.labels.alertname} ${labelText(alert.labels)}`,
          );
        }
      }
    };
    for (const phase of phases) {
      const until = started + (starts.get(phase.name)! + phase.seconds) * 1000;
      log(`drill ${formatSeconds(elapsed())}: phase ${phase.name} for ${phase.seconds}s`);
      if (phase.action === "kill_switch_http") await killSwitch(true);
      if (phase.action === "kill_switch_file") await writeFile(killFile, "alert drill\n");
      if (phase.action === "stop_bot") {
        bot.child.kill("SIGTERM");
        await exited(bot);
      }
      while (Date.now() < until) {
        report();
        await sleep(Math.min(1_000, Math.max(until - Date.now(), 0)));
      }
      if (phase.action === "kill_switch_http") await killSwitch(false);
      if (phase.action === "kill_switch_file") await rm(killFile, { force: true });
    }
    report();
    return judge(webhook, started, starts, phases, scale, ports.order);
  } finally {
    if (bot.child.exitCode === null) {
      bot.child.kill("SIGKILL");
      await exited(bot);
    }
    if (stackStarted) await exited(tradewatch(["stack", "down", "--dir", stackDirectory]));
    await webhook.stop();
    await rm(directory, { recursive: true, force: true });
  }
}

const shownLabels = ["breaker", "source", "switch_type", "instance", "integration", "job"];

function labelText(labels: Readonly<Record<string, string>>): string {
  return shownLabels
    .filter((name) => labels[name] !== undefined)
    .map((name) => `${name}=${labels[name]}`)
    .join(",");
}

function matches(expectation: AlertExpectation, labels: Readonly<Record<string, string>>): boolean {
  if (labels.alertname !== expectation.alert) return false;
  return Object.entries(expectation.labels ?? {}).every(([name, value]) => labels[name] === value);
}

interface Observed {
  readonly labels: Readonly<Record<string, string>>;
  readonly firedAt: number;
  readonly notifiedAt: number;
  resolvedAt: number | undefined;
}

function judge(
  webhook: WebhookReceiver,
  started: number,
  starts: ReadonlyMap<string, number>,
  phases: readonly DrillPhase[],
  scale: number,
  orderPort: number,
): DrillResult {
  const orderTarget = `127.0.0.1:${orderPort}`;
  const bundle = { ...defaultBundleOptions };
  const specs = alertSpecs(bundle, { timeScale: scale });
  const evaluation = (durationMilliseconds(bundle.scrapeInterval) * scale) / 1000;
  const groupWait = 30 * scale;
  // One observation per alert series and firing episode (its startsAt).
  const observed = new Map<string, Observed>();
  for (const notification of webhook.notifications) {
    for (const alert of notification.alerts) {
      const key = `${JSON.stringify(alert.labels)} ${alert.startsAt}`;
      const startsAt = (Date.parse(alert.startsAt) - started) / 1000;
      let entry = observed.get(key);
      if (entry === undefined && alert.status === "firing") {
        entry = {
          labels: alert.labels,
          firedAt: startsAt,
          notifiedAt: (notification.receivedAt - started) / 1000,
          resolvedAt: undefined,
        };
        observed.set(key, entry);
      }
      if (entry !== undefined && alert.status === "resolved") {
        entry.resolvedAt = (Date.parse(alert.endsAt) - started) / 1000;
      }
    }
  }
  const expectations = drillExpectations(orderTarget);
  const rows: DrillRow[] = [];
  const explained = new Set<Observed>();
  for (const expectation of expectations) {
    const spec = specs.find((candidate) => candidate.alert === expectation.alert);
    if (spec === undefined)
      throw new Error(`The drill expects ${expectation.alert}, which the bundle lacks`);
    const phaseStart = starts.get(expectation.phase)!;
    const forSeconds = durationMilliseconds(spec.for) / 1000;
    const deadline =
      phaseStart + (expectation.leadSeconds ?? 0) + forSeconds + 2 * evaluation + groupWait;
    // An episode that began in this phase, or one still firing when the phase began (the
    // operator has been told, and still is).
    const hits = [...observed.values()].filter(
      (entry) =>
        matches(expectation, entry.labels) &&
        (entry.firedAt >= phaseStart - evaluation ||
          entry.resolvedAt === undefined ||
          entry.resolvedAt > phaseStart),
    );
    if (expectation.expect === "may") {
      for (const hit of hits) {
        if (explained.has(hit)) continue;
        rows.push({
          alert: expectation.alert,
          labels: labelText(hit.labels),
          expected: "may",
          phaseStart,
          deadline: undefined,
          firedAt: hit.firedAt,
          notifiedAt: hit.notifiedAt,
          resolvedAt: hit.resolvedAt,
          latencySeconds: hit.notifiedAt - hit.firedAt,
          verdict: "ok",
        });
      }
    }
    for (const hit of hits) explained.add(hit);
    if (expectation.expect === "may") continue;
    const first = hits.sort((left, right) => left.notifiedAt - right.notifiedAt)[0];
    rows.push({
      alert: expectation.alert,
      labels: labelText(expectation.labels ?? {}),
      expected: "fire",
      phaseStart,
      deadline,
      firedAt: first?.firedAt,
      notifiedAt: first?.notifiedAt,
      resolvedAt: first?.resolvedAt,
      latencySeconds: first === undefined ? undefined : first.notifiedAt - first.firedAt,
      verdict: first === undefined ? "missing" : first.notifiedAt > deadline ? "late" : "ok",
    });
  }
  for (const entry of observed.values()) {
    if (explained.has(entry)) continue;
    const always = entry.labels.alertname === "Watchdog";
    rows.push({
      alert: entry.labels.alertname ?? "?",
      labels: labelText(entry.labels),
      expected: always ? "always" : "silent",
      phaseStart: undefined,
      deadline: undefined,
      firedAt: entry.firedAt,
      notifiedAt: entry.notifiedAt,
      resolvedAt: entry.resolvedAt,
      latencySeconds: entry.notifiedAt - entry.firedAt,
      verdict: always ? "ok" : "unexpected",
    });
  }
  const fired = new Set([...observed.values()].map((entry) => entry.labels.alertname));
  for (const spec of specs) {
    if (fired.has(spec.alert) || rows.some((row) => row.alert === spec.alert)) continue;
    rows.push({
      alert: spec.alert,
      labels: "",
      expected: spec.alert === "Watchdog" ? "always" : "silent",
      phaseStart: undefined,
      deadline: undefined,
      firedAt: undefined,
      notifiedAt: undefined,
      resolvedAt: undefined,
      latencySeconds: undefined,
      verdict: spec.alert === "Watchdog" ? "missing" : "ok",
    });
  }
  const failed = rows.filter((row) => row.verdict !== "ok");
  return { rows, failed, table: formatTable(rows, phases, scale), timeScale: scale };
}

function formatTable(
  rows: readonly DrillRow[],
  phases: readonly DrillPhase[],
  scale: number,
): string {
  const header = [
    "alert",
    "labels",
    "expected",
    "phase at",
    "deadline",
    "fired",
    "notified",
    "latency",
    "resolved",
    "verdict",
  ];
  const lines = rows.map((row) => [
    row.alert,
    row.labels,
    row.expected,
    formatSeconds(row.phaseStart),
    formatSeconds(row.deadline),
    formatSeconds(row.firedAt),
    formatSeconds(row.notifiedAt),
    row.latencySeconds === undefined ? "-" : `${row.latencySeconds.toFixed(1)}s`,
    formatSeconds(row.resolvedAt),
    row.verdict.toUpperCase(),
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...lines.map((line) => line[column]!.length)),
  );
  const format = (cells: readonly string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join("  ")
      .trimEnd();
  const schedule = phases.map((phase) => `${phase.name} ${phase.seconds}s`).join(", ");
  return [
    `time scale ${scale}; schedule: ${schedule}`,
    "times are m:ss from the bot's start; deadline = phase + lead + for: + 2 evaluation intervals + group_wait",
    format(header),
    ...lines.map(format),
  ].join("\n");
}
