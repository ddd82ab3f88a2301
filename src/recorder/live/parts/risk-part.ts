/** @module The recorder's risk part: risk denials, circuit breakers, and kill switches. */

import type { KillSwitchSource, KillSwitchType } from "../../../catalog/label-values.js";
import type { TradingRecorder } from "../../trading-recorder.js";
import type { CatalogFamilies } from "../catalog-families.js";

/** Records the risk domain; it remembers which kill switches are active, to count each trigger once. */
export class RiskPart
  implements
    Pick<
      TradingRecorder,
      | "recordRiskRejection"
      | "recordCircuitBreakerState"
      | "recordCircuitBreakerTrip"
      | "setKillSwitch"
    >
{
  private readonly riskRejections;
  private readonly breakerState;
  private readonly breakerTrips;
  private readonly killSwitchActive;
  private readonly killSwitchTriggers;
  private readonly activeKillSwitches = new Set<`${KillSwitchType}/${KillSwitchSource}`>();

  constructor(families: CatalogFamilies) {
    this.riskRejections = families.get("risk_rejections");
    this.breakerState = families.get("circuit_breaker_state");
    this.breakerTrips = families.get("circuit_breaker_trips");
    this.killSwitchActive = families.get("kill_switch_active");
    this.killSwitchTriggers = families.get("kill_switch_triggers");
  }

  recordRiskRejection(reason: unknown): void {
    this.riskRejections.handle1(reason).inc();
  }

  recordCircuitBreakerState(breaker: string, isOpen: boolean): void {
    this.breakerState.handle1(breaker).set(isOpen ? 1 : 0);
  }

  recordCircuitBreakerTrip(breaker: string): void {
    this.breakerState.handle1(breaker).set(1);
    this.breakerTrips.handle1(breaker).inc();
  }

  setKillSwitch(type: KillSwitchType, active: boolean, source: KillSwitchSource = "other"): void {
    this.killSwitchActive.handle2(type, source).set(active ? 1 : 0);
    const key = `${type}/${source}` as const;
    if (active && !this.activeKillSwitches.has(key)) {
      this.killSwitchTriggers.handle2(type, source).inc();
      this.activeKillSwitches.add(key);
    } else if (!active) {
      this.activeKillSwitches.delete(key);
    }
  }
}
