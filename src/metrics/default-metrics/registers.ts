/** @module The `registers` option a collector passes to each metric it creates. */
import type { Registry } from "../registry.js";
import type { CollectorContext } from "./types.js";

/**
 * Returns `{ registers }` for the context's registries, or `{}` to use the default
 * `register` (an explicit `registers: undefined` is not allowed under exact optional types).
 */
export function registersOption(context: CollectorContext): {
  registers?: readonly Registry[];
} {
  return context.registers === undefined ? {} : { registers: context.registers };
}
