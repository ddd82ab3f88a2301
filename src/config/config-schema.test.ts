import { describe, expect, it } from "vitest";
import { ConfigError } from "./config-error.js";
import { listField, numberField } from "./config-fields.js";
import { type ConfigSpec, resolveConfig } from "./config-schema.js";

interface Window {
  readonly fast: number;
  readonly slow: number;
  readonly sizes: readonly number[];
}

const spec: ConfigSpec<Window> = {
  schema: {
    fast: numberField({ min: 1, integer: true }),
    slow: numberField({ min: 1, integer: true }),
    sizes: listField(numberField({ above: 0 })),
  },
  defaults: Object.freeze({ fast: 12, slow: 26, sizes: Object.freeze([1]) }),
  refine: (config: Window) =>
    config.fast >= config.slow ? [["fast", `must be below slow (${config.slow})`] as const] : [],
};

function messages(config: unknown): string[] {
  try {
    resolveConfig(spec, config, "window");
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message.split("\n");
  }
  return [];
}

describe("resolveConfig", () => {
  it("merges over the defaults, frozen; undefined takes the default", () => {
    const config = resolveConfig(spec, { fast: 5, slow: undefined }, "window");
    expect(config).toEqual({ fast: 5, slow: 26, sizes: [1] });
    expect(Object.isFrozen(config)).toBe(true);
    expect(resolveConfig(spec, undefined, "window")).toEqual(spec.defaults);
  });

  it("names list items by index, and a non-mapping by its path", () => {
    expect(messages({ sizes: [1, -2] })).toEqual([
      'Invalid config "window.sizes[1]": was -2, must be a number above 0',
    ]);
    expect(messages(7)).toEqual([
      'Invalid config "window": was 7, must be a mapping of keys to values',
    ]);
    expect(messages({ fast: Number.NaN })).toEqual([
      'Invalid config "window.fast": was NaN, must be an integer of at least 1',
    ]);
  });

  it("checks across keys on the merged config, and only once every key passed its own rule", () => {
    expect(messages({ fast: 30 })).toEqual([
      'Invalid config "window.fast": was 30, must be below slow (26)',
    ]);
    expect(messages({ fast: 30, slow: "x" })).toEqual([
      'Invalid config "window.slow": was "x", must be an integer of at least 1',
    ]);
  });

  it("refuses an unknown key without a near one, listing the known keys", () => {
    expect(messages({ colour: 1 })).toEqual([
      'Unknown config key "window.colour": known keys under "window" are fast, slow, sizes',
    ]);
  });
});
