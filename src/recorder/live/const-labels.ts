/** @module The recorder's constant labels (bot, environment, plane), checked and in exposition order. */

import { environments, planes } from "../../catalog/label-values.js";
import { TradewatchError } from "../../errors.js";
import { universeNormalizer } from "../normalizers/universe.js";
import type { ConstLabels } from "../types.js";

/** Constant label names and their values, in the order bot, environment, plane. */
export interface ResolvedConstLabels {
  readonly names: readonly string[];
  readonly values: readonly string[];
}

/** Resolves the constant labels given: the bot name sanitised, environment and plane checked. */
export function resolveConstLabels(given: ConstLabels = {}): ResolvedConstLabels {
  const names: string[] = [];
  const values: string[] = [];
  if (given.bot !== undefined) {
    names.push("bot");
    values.push(universeNormalizer()(given.bot));
  }
  if (given.environment !== undefined) {
    if (!(environments as readonly string[]).includes(given.environment)) {
      throw new TradewatchError(
        "ERR_INVALID_CONFIG",
        `Invalid constLabels.environment "${given.environment}": must be one of ${environments.join(", ")}`,
      );
    }
    names.push("environment");
    values.push(given.environment);
  }
  if (given.plane !== undefined) {
    if (!(planes as readonly string[]).includes(given.plane)) {
      throw new TradewatchError(
        "ERR_INVALID_CONFIG",
        `Invalid constLabels.plane "${given.plane}": must be one of ${planes.join(", ")}`,
      );
    }
    names.push("plane");
    values.push(given.plane);
  }
  return { names, values };
}
