/** @module Runs a fault schedule against a running bot: each phase starts its exchange outage or stops a plane's server, on the wall clock. */
import type { Bot } from "../bot/bot.js";
import { type OutageKind, outageKinds } from "../bot/execution/paper/fault-injector.js";
import type { FaultPhase, FaultPhaseKind } from "../bot/execution/paper/fault-schedule.js";
import type { Plane } from "../bot/types.js";
import { TradewatchError } from "../errors.js";
import type { PlaneServers } from "../exporter/plane-servers.js";

/** A running schedule; `stop()` cancels the phases still to come. */
export interface FaultScheduleRun {
  stop(): void;
}

/**
 * Starts `phases` now, one after the other, then healthy for good. An outage phase makes the
 * paper exchange fail for the phase's length (operational time); a `plane_down:<plane>` phase
 * closes that plane's server and starts it again when the phase ends. Each phase prints one
 * line through `log`.
 */
export function runFaultSchedule(
  phases: readonly FaultPhase[],
  bot: Bot,
  planeServers: PlaneServers | undefined,
  log: (line: string) => void,
): FaultScheduleRun {
  for (const phase of phases) {
    const plane = planeOf(phase);
    if (plane !== undefined && planeServers?.servers[plane] === undefined) {
      throw new TradewatchError(
        "ERR_INVALID_CONFIG",
        `Invalid --fault-schedule phase "${phase.kind}": the ${plane} plane is not served (give --${plane}-port)`,
      );
    }
  }
  const timers: NodeJS.Timeout[] = [];
  let restartPlane: (() => Promise<void>) | undefined;
  const started = Date.now();
  const enter = async (phase: FaultPhase | undefined): Promise<void> => {
    const injector = bot.exchange.faults;
    injector.endOutages();
    const restart = restartPlane;
    restartPlane = undefined;
    await restart?.();
    const at = formatElapsed(Date.now() - started);
    if (phase === undefined) {
      log(`fault schedule ${at}: done, healthy from now on`);
      return;
    }
    log(`fault schedule ${at}: ${phase.kind} for ${phase.seconds}s`);
    const plane = planeOf(phase);
    if (plane !== undefined) restartPlane = await planeServers!.stopPlane(plane);
    else if (isOutage(phase.kind)) injector.beginOutage(phase.kind, bot.clock.now(), phase.seconds);
  };
  const report = (error: unknown) =>
    log(`fault schedule: ${error instanceof Error ? error.message : String(error)}`);
  let offset = 0;
  for (const phase of [...phases, undefined]) {
    const timer = setTimeout(() => void enter(phase).catch(report), offset * 1000);
    timer.unref();
    timers.push(timer);
    if (phase !== undefined) offset += phase.seconds;
  }
  return {
    stop() {
      for (const timer of timers) clearTimeout(timer);
    },
  };
}

function isOutage(kind: FaultPhaseKind): kind is OutageKind {
  return (outageKinds as readonly string[]).includes(kind);
}

function planeOf(phase: FaultPhase): Plane | undefined {
  return phase.kind.startsWith("plane_down:")
    ? (phase.kind.slice("plane_down:".length) as Plane)
    : undefined;
}

function formatElapsed(ms: number): string {
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
}
