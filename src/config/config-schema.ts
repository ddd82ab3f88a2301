/** @module Validates a component's config against a schema, collecting every violation, and resolves it over the defaults, frozen. */
import { ConfigError, type ConfigViolation } from "./config-error.js";
import { nearestKey } from "./nearest-key.js";

/**
 * Checks one value at `path` (the dotted key as the user wrote it) and pushes a violation for
 * each rule it breaks. Leaf fields come from `config-fields.ts`; {@link sectionField} nests.
 */
export type ConfigField = (value: unknown, path: string, violations: ConfigViolation[]) => void;

/** A rule for every key of `T`: a config key without one fails tsc. */
export type ConfigSchema<T> = { readonly [Key in keyof T]-?: ConfigField };

/** A component's config: its rules, its defaults and the checks across keys. */
export interface ConfigSpec<T> {
  readonly schema: ConfigSchema<T>;
  readonly defaults: T;
  /**
   * Checks across keys (`fastPeriod` below `slowPeriod`) on the config merged over the
   * defaults, run only when every key passed its own rule. Returns one "was ..., must ..."
   * rule text per violation, keyed by the key it names.
   */
  readonly refine?:
    | ((config: T) => readonly (readonly [key: keyof T & string, rule: string])[])
    | undefined;
}

/** Shows a value as a user wrote it: JSON where it has one. */
export function showValue(value: unknown): string {
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  if (typeof value === "function") return "a function";
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** The violation of `path` having `value`, where the rule says what it must be. */
export function violation(path: string, value: unknown, rule: string): ConfigViolation {
  return { key: path, message: `Invalid config "${path}": was ${showValue(value)}, ${rule}` };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Pushes every violation of `config` (a partial config, keys absent or undefined take the
 * default) at `path`: a value that is not a mapping, unknown keys with the nearest known key
 * suggested, each key's rule, then the spec's checks across keys.
 */
export function collectViolations<T>(
  spec: ConfigSpec<T>,
  config: unknown,
  path: string,
  violations: ConfigViolation[],
): void {
  if (config === undefined || config === null) return;
  if (!isRecord(config)) {
    violations.push(violation(path, config, "must be a mapping of keys to values"));
    return;
  }
  const schema = spec.schema as Readonly<Record<string, ConfigField>>;
  const known = Object.keys(schema);
  const before = violations.length;
  for (const [key, value] of Object.entries(config)) {
    const keyPath = path === "" ? key : `${path}.${key}`;
    const field = Object.hasOwn(schema, key) ? schema[key] : undefined;
    if (field === undefined) {
      const nearest = nearestKey(key, known);
      const suggestion =
        nearest === undefined
          ? ""
          : ` did you mean "${path === "" ? nearest : `${path}.${nearest}`}"?`;
      violations.push({
        key: keyPath,
        message: `Unknown config key "${keyPath}":${suggestion} known keys ${path === "" ? "are" : `under "${path}" are`} ${known.join(", ")}`,
      });
      continue;
    }
    if (value !== undefined) field(value, keyPath, violations);
  }
  if (violations.length > before || spec.refine === undefined) return;
  const merged = { ...spec.defaults, ...definedEntries(config) } as T;
  for (const [key, rule] of spec.refine(merged)) {
    const keyPath = path === "" ? key : `${path}.${key}`;
    violations.push(violation(keyPath, merged[key], rule));
  }
}

/** The entries of `config` whose value is not undefined (undefined takes the default). */
function definedEntries(config: Record<string, unknown>): Record<string, unknown> {
  const defined: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config)) if (value !== undefined) defined[key] = value;
  return defined;
}

/** A field holding a nested component config, checked by its spec. */
export function sectionField<T>(spec: ConfigSpec<T>): ConfigField {
  return (value, path, violations) => collectViolations(spec, value, path, violations);
}

/**
 * Validates `config` at `path` and returns it merged over the defaults, frozen; throws one
 * {@link ConfigError} listing every violation (code `ERR_INVALID_CONFIG`).
 *
 * @example
 * this.config = resolveConfig(riskConfigSpec, config, "risk");
 * // new RiskEngine(..., { maxOpenPositions: -1, maxExposurePtc: 30 }) throws:
 * // Invalid config "risk.maxOpenPositions": was -1, must be an integer of at least 0
 * // Unknown config key "risk.maxExposurePtc": did you mean "risk.maxExposurePct"? ...
 */
export function resolveConfig<T>(spec: ConfigSpec<T>, config: unknown, path: string): Readonly<T> {
  const violations: ConfigViolation[] = [];
  collectViolations(spec, config, path, violations);
  if (violations.length > 0) throw new ConfigError(violations);
  if (!isRecord(config)) return Object.freeze({ ...spec.defaults });
  return Object.freeze({ ...spec.defaults, ...definedEntries(config) } as T);
}
