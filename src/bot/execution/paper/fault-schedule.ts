/** @module A fault schedule: phases of wall-clock length that start exchange outages or stop a plane's server, for drills and soaks. */
import { TradewatchError } from "../../../errors.js";
import type { Plane } from "../../types.js";
import { planes } from "../../types.js";
import { type OutageKind, outageKinds } from "./fault-injector.js";

/** What a phase does: nothing (`healthy`), an exchange outage, or a plane's server down. */
export type FaultPhaseKind = "healthy" | OutageKind | `plane_down:${Plane}`;

/** One phase: what happens and for how many seconds of wall-clock time. */
export interface FaultPhase {
  readonly kind: FaultPhaseKind;
  readonly seconds: number;
}

const phaseKinds: readonly FaultPhaseKind[] = [
  "healthy",
  ...outageKinds,
  ...planes.map((plane) => `plane_down:${plane}` as const),
];

const units: Readonly<Record<string, number>> = { ms: 0.001, s: 1, m: 60, h: 3600 };

/** Parses a duration such as `90s`, `2m`, `1.5h` or `500ms` into seconds. */
export function parseDurationSeconds(text: string, what: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(text.trim());
  const seconds = match === null ? Number.NaN : Number(match[1]) * units[match[2]!]!;
  if (!(seconds > 0)) {
    throw new TradewatchError(
      "ERR_INVALID_CONFIG",
      `Invalid ${what} "${text}": must be a positive duration such as 90s, 2m or 500ms`,
    );
  }
  return seconds;
}

/**
 * Parses `--fault-schedule`: comma-separated `<duration>:<kind>` phases run one after the
 * other from the bot's start, then healthy for good. Kinds: `healthy`, `disconnect`,
 * `maintenance`, `api_errors`, `rate_limit`, `plane_down:<data|strategy|order>`.
 *
 * @example
 * parseFaultSchedule("10m:healthy,3m:api_errors,150s:disconnect,2m:plane_down:order");
 */
export function parseFaultSchedule(text: string): readonly FaultPhase[] {
  const phases = text
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part !== "")
    .map((part): FaultPhase => {
      const colon = part.indexOf(":");
      const kind = part.slice(colon + 1) as FaultPhaseKind;
      if (colon < 0 || !phaseKinds.includes(kind)) {
        throw new TradewatchError(
          "ERR_INVALID_CONFIG",
          `Invalid --fault-schedule phase "${part}": must be <duration>:<kind>, kind one of ${phaseKinds.join(", ")}`,
        );
      }
      return Object.freeze({
        kind,
        seconds: parseDurationSeconds(part.slice(0, colon), "--fault-schedule duration"),
      });
    });
  if (phases.length === 0) {
    throw new TradewatchError(
      "ERR_INVALID_CONFIG",
      `Invalid --fault-schedule "${text}": give at least one <duration>:<kind> phase`,
    );
  }
  return Object.freeze(phases);
}
