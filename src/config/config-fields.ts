/** @module The rules a config value can follow (numbers in a range, booleans, strings, one of a set, lists, maps), each naming the key and the value when broken. */
import type { ConfigField } from "./config-schema.js";
import { violation } from "./config-schema.js";

/** Bounds of a number field; `above` is exclusive, `min` and `max` inclusive. */
export interface NumberRule {
  readonly min?: number;
  readonly above?: number;
  readonly max?: number;
  readonly integer?: boolean;
}

/** The rule's text: "must be an integer from 1 to 100", "must be a number above 0". */
function numberRuleText(rule: NumberRule): string {
  const kind = rule.integer === true ? "an integer" : "a number";
  const { min, above, max } = rule;
  if (min !== undefined && max !== undefined) return `must be ${kind} from ${min} to ${max}`;
  if (above !== undefined && max !== undefined)
    return `must be ${kind} above ${above} and at most ${max}`;
  if (min !== undefined) return `must be ${kind} of at least ${min}`;
  if (above !== undefined) return `must be ${kind} above ${above}`;
  if (max !== undefined) return `must be ${kind} of at most ${max}`;
  return `must be ${kind}`;
}

/**
 * A finite number within the bounds.
 *
 * @example numberField({ min: 0, max: 100 }) // a percentage
 */
export function numberField(rule: NumberRule = {}): ConfigField {
  const text = numberRuleText(rule);
  return (value, path, violations) => {
    if (
      typeof value !== "number" ||
      !Number.isFinite(value) ||
      (rule.integer === true && !Number.isInteger(value)) ||
      (rule.min !== undefined && value < rule.min) ||
      (rule.above !== undefined && value <= rule.above) ||
      (rule.max !== undefined && value > rule.max)
    ) {
      violations.push(violation(path, value, text));
    }
  };
}

/** A percentage from 0 to 100. */
export const percentField: ConfigField = numberField({ min: 0, max: 100 });

/** A probability (a share, a rate per event) from 0 to 1. */
export const probabilityField: ConfigField = numberField({ min: 0, max: 1 });

/** true or false. */
export const booleanField: ConfigField = (value, path, violations) => {
  if (typeof value !== "boolean") violations.push(violation(path, value, "must be true or false"));
};

/** A string with something other than spaces in it. */
export const textField: ConfigField = (value, path, violations) => {
  if (typeof value !== "string" || value.trim() === "")
    violations.push(violation(path, value, "must be a non-empty string"));
};

/** One of `values`. */
export function oneOfField(values: readonly string[]): ConfigField {
  const text = `must be one of ${values.join(", ")}`;
  return (value, path, violations) => {
    if (typeof value !== "string" || !values.includes(value))
      violations.push(violation(path, value, text));
  };
}

/** A list whose every item follows `item` (each checked at `path[index]`); `nonEmpty` refuses []. */
export function listField(
  item: ConfigField,
  options: { readonly nonEmpty?: boolean } = {},
): ConfigField {
  return (value, path, violations) => {
    if (!Array.isArray(value)) {
      violations.push(violation(path, value, "must be a list"));
      return;
    }
    if (options.nonEmpty === true && value.length === 0) {
      violations.push(violation(path, value, "must list at least one item"));
      return;
    }
    value.forEach((entry: unknown, index) => {
      item(entry, `${path}[${index}]`, violations);
    });
  };
}

/** A mapping of any keys to values that follow `item` (each checked at `path.key`). */
export function mapField(item: ConfigField): ConfigField {
  return (value, path, violations) => {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      violations.push(violation(path, value, "must be a mapping of keys to values"));
      return;
    }
    for (const [key, entry] of Object.entries(value)) item(entry, `${path}.${key}`, violations);
  };
}
