/** @module The one parser of label arguments: positional values or a labels object, to strings. */
import { MetricValueError } from "../errors.js";

/**
 * Turns what callers pass as labels (`labels("buy", 7)`, `labels({ side: "buy" })`,
 * `inc({ side: "buy" })`, `remove(...)`) into one string per declared label name, in
 * declaration order, and words every mistake the same way wherever it is made.
 */
export class LabelArguments {
  /**
   * Which values of the last parse were numbers, one bit per label index (first 31 labels), so
   * the series created from them can give numbers back in `get()` as prom-client does.
   */
  numericMask = 0;
  private readonly metric: string;
  private readonly names: readonly string[];
  private readonly known: ReadonlySet<string>;

  constructor(metric: string, names: readonly string[]) {
    this.metric = metric;
    this.names = names;
    this.known = new Set(names);
  }

  /** Parses `labels(...)`/`remove(...)` arguments: positional values or one labels object. */
  fromArguments(args: readonly unknown[]): string[] {
    const first = args[0];
    if (args.length === 1 && typeof first === "object" && first !== null) {
      return this.fromObject(first);
    }
    if (args.length !== this.names.length) {
      throw new MetricValueError(
        "ERR_LABEL_COUNT_MISMATCH",
        this.metric,
        // prom-client's wording, pinned by its tests; it names the values and the label names.
        `Invalid number of arguments (${args.length}): "${args.join(", ")}" for label names (${this.names.length}): "${this.names.join(", ")}".`,
      );
    }
    this.numericMask = 0;
    return args.map((value, index) => this.text(value, index));
  }

  /** Parses a labels object; a label it leaves out has the empty value. */
  fromObject(labels: object): string[] {
    for (const key in labels) {
      if (!this.known.has(key)) {
        throw new MetricValueError(
          "ERR_UNKNOWN_LABEL_NAME",
          this.metric,
          `Unknown label name "${key}" for metric "${this.metric}": declared labels are ${this.names.length === 0 ? "none" : this.names.map((name) => `"${name}"`).join(", ")}`,
        );
      }
    }
    this.numericMask = 0;
    const record = labels as Record<string, unknown>;
    return this.names.map((name, index) => this.text(record[name], index));
  }

  /** Returns one label value as its string: missing is empty, a number its decimal string. */
  text(value: unknown, index: number): string {
    if (typeof value === "string") return value;
    if (value === undefined) return "";
    if (typeof value === "number") {
      if (index < 31) this.numericMask |= 1 << index;
      return `${value}`;
    }
    if (typeof value === "boolean" || typeof value === "bigint") return `${value}`;
    throw new MetricValueError(
      "ERR_INVALID_LABEL_VALUE",
      this.metric,
      `Invalid value for label "${this.names[index]}" of metric "${this.metric}": was ${value === null ? "null" : typeof value}, must be a string or a number`,
    );
  }
}
