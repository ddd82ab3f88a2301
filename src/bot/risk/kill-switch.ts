/** @module The kill switch: manual (config flag, file, HTTP) and automatic (stop losses, drawdown) halts. */

import { existsSync } from "node:fs";
import { booleanField, textField } from "../../config/config-fields.js";
import { type ConfigSpec, resolveConfig } from "../../config/config-schema.js";
import type { MessageBus } from "../message-bus.js";
import { switchboard } from "../switchboard.js";
import type { KillSwitchSource } from "../types.js";

/** Kill switch settings. */
export interface KillSwitchConfig {
  /** Starts with the config kill switch on. Default false. */
  readonly active: boolean;
  /** While this file exists, the file kill switch is on. Default: none. */
  readonly file: string | undefined;
}

/** Default kill switch settings. */
export const defaultKillSwitchConfig: KillSwitchConfig = Object.freeze({
  active: false,
  file: undefined,
});

/** The rules of {@link KillSwitchConfig}, checked at construction. */
export const killSwitchConfigSpec: ConfigSpec<KillSwitchConfig> = Object.freeze({
  schema: {
    active: booleanField,
    file: textField,
  },
  defaults: defaultKillSwitchConfig,
});

/** Sources that halt every order, sells included. Stops and drawdown halt new risk only. */
const manualSources: ReadonlySet<KillSwitchSource> = new Set(["config", "file", "http"]);

/**
 * Holds which kill switch sources are on and publishes `KillSwitchChanged` whenever one
 * flips. A manual source (config, file, HTTP) halts all trading; an automatic one (daily or
 * weekly stop loss, max drawdown) halts new buys.
 *
 * @example
 * const killSwitch = new KillSwitch(bus, { file: "/tmp/tradewatch.kill" });
 * killSwitch.poll(clock.now());       // picks up the file
 * killSwitch.set("http", true, "operator request", clock.now());
 */
export class KillSwitch {
  readonly config: KillSwitchConfig;
  readonly #bus: MessageBus;
  readonly #active = new Map<KillSwitchSource, string>();
  #configApplied = false;

  constructor(bus: MessageBus, config: Partial<KillSwitchConfig> = {}) {
    this.config = resolveConfig(killSwitchConfigSpec, config, "killSwitch");
    this.#bus = bus;
  }

  /** Applies the config flag (once) and checks the kill file. */
  poll(now: number): void {
    if (!this.#configApplied) {
      this.#configApplied = true;
      if (this.config.active) this.set("config", true, "kill switch enabled in config", now);
    }
    if (this.config.file !== undefined) {
      const present = existsSync(this.config.file);
      this.set(
        "file",
        present,
        present ? `kill file ${this.config.file} present` : `kill file ${this.config.file} removed`,
        now,
      );
    }
  }

  /** Turns one source on or off; publishes only when it changes. */
  set(source: KillSwitchSource, active: boolean, reason: string, now: number): void {
    if (this.#active.has(source) === active) return;
    if (active) this.#active.set(source, reason);
    else this.#active.delete(source);
    this.#bus.publish(switchboard.risk, {
      type: "KillSwitchChanged",
      timestamp: now,
      source,
      active,
      reason,
    });
  }

  /** Whether `source` is on. */
  isActive(source: KillSwitchSource): boolean {
    return this.#active.has(source);
  }

  /** The manual source that halts everything, if one is on. */
  manualHalt(): KillSwitchSource | undefined {
    for (const source of this.#active.keys()) if (manualSources.has(source)) return source;
    return undefined;
  }

  /** The sources that are on, with their reasons. */
  active(): ReadonlyMap<KillSwitchSource, string> {
    return this.#active;
  }

  /** Turns every source off without publishing (a reset to the initial state). */
  reset(): void {
    this.#active.clear();
    this.#configApplied = false;
  }
}
