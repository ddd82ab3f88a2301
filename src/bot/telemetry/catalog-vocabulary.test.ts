import { describe, expect, it } from "vitest";
import {
  type Breaker,
  breakers,
  cycleStages as catalogStages,
  killSwitchTypes,
} from "../../catalog/label-values.js";
import { Registry } from "../../metrics/index.js";
import { createRecorder } from "../../recorder/index.js";
import { MessageBus } from "../message-bus.js";
import { switchboard } from "../switchboard.js";
import { type BreakerName, breakerNames, cycleStages } from "../types.js";
import {
  catalogBreakers,
  catalogCycleStages,
  catalogKillSwitchTypes,
} from "./catalog-vocabulary.js";
import { MetricsSubscriber } from "./metrics-subscriber.js";

describe("catalog vocabulary: the one table from bot names to catalog names", () => {
  it("maps every bot breaker to a catalog breaker other than `other`, and every stage to itself", () => {
    expect(Object.keys(catalogBreakers).sort()).toEqual([...breakerNames].sort());
    for (const name of breakerNames) {
      expect(breakers).toContain(catalogBreakers[name]);
      expect(catalogBreakers[name]).not.toBe("other");
    }
    expect(catalogBreakers.rate_limit_cooldown).toBe("rate_limit");
    for (const stage of cycleStages) {
      expect(catalogStages).toContain(stage);
      expect(catalogCycleStages[stage]).toBe(stage);
    }
    for (const type of Object.values(catalogKillSwitchTypes))
      expect(killSwitchTypes).toContain(type);
  });

  it("fails tsc for a bot breaker without a catalog entry, or an entry the catalog lacks", () => {
    const missing = {
      api_health: "api_health",
      exchange_connectivity: "exchange_connectivity",
      exchange_health: "exchange_health",
      volatility_crash: "volatility_crash",
      // @ts-expect-error rate_limit_cooldown has no entry
    } as const satisfies Record<BreakerName, Breaker>;
    const unknown = {
      ...catalogBreakers,
      // @ts-expect-error "rate_limited" is not a catalog breaker
      rate_limit_cooldown: "rate_limited",
    } as const satisfies Record<BreakerName, Breaker>;
    expect(Object.keys(missing)).toHaveLength(4);
    expect(unknown.rate_limit_cooldown).toBe("rate_limited");
  });

  it("trips and resets each bot breaker on the catalog series an operator's alert reads", async () => {
    const registry = new Registry();
    const bus = new MessageBus();
    const subscriber = new MetricsSubscriber(bus, createRecorder({ registry }));
    subscriber.start();
    for (const breaker of breakerNames) {
      bus.publish(switchboard.risk, {
        type: "BreakerTripped",
        timestamp: 0,
        breaker,
        reason: "test",
      });
    }
    const tripped = await registry.metrics();
    for (const breaker of breakerNames) {
      const label = `breaker="${catalogBreakers[breaker]}"`;
      expect(tripped).toMatch(
        new RegExp(`tradewatch_circuit_breaker_open\\{[^}]*${label}[^}]*\\} 1`),
      );
      expect(tripped).toMatch(
        new RegExp(`tradewatch_circuit_breaker_trips_total\\{[^}]*${label}[^}]*\\} 1`),
      );
    }
    expect(tripped).not.toMatch(/breaker="other"[^}]*\} [1-9]/);
    expect(tripped).not.toContain("rate_limit_cooldown");
    bus.publish(switchboard.risk, {
      type: "BreakerReset",
      timestamp: 1,
      breaker: "rate_limit_cooldown",
      trippedSeconds: 1,
    });
    expect(await registry.metrics()).toMatch(
      /tradewatch_circuit_breaker_open\{[^}]*breaker="rate_limit"[^}]*\} 0/,
    );
    subscriber.stop();
  });
});
