/** @module Lints one PromQL expression: parses it with the Prometheus grammar (lezer-promql) and checks names, labels, values and types against a series index. */
import { parser } from "@prometheus-io/lezer-promql";
import type { LabelBound } from "../../catalog/types.js";
import type { SampleKind, SeriesEntry } from "../types.js";
import type { SeriesIndex } from "./series-index.js";

type SyntaxNode = ReturnType<typeof parser.parse>["topNode"];

/** A problem in one expression, before it is placed in a file. */
export interface ExpressionProblem {
  readonly code: string;
  readonly message: string;
}

/** What an expression (or sub-expression) evaluates to, as far as the linter can tell. */
export interface ValueInfo {
  readonly type: "scalar" | "string" | "instant" | "range";
  /** For vectors: what the samples are. */
  readonly kind?: SampleKind | undefined;
  /** True when the values are rates or increases of a counter. */
  readonly rated?: boolean | undefined;
  /** The series or family the values come from, for messages. */
  readonly origin?: string | undefined;
  /** Label names each output series carries; undefined when the linter cannot tell. */
  readonly labels?: ReadonlySet<string> | undefined;
  /** True when an aggregation over histogram buckets dropped `le`. */
  readonly leDropped?: boolean | undefined;
  readonly unit?: string | undefined;
  /** The highest finite bucket of the histogram the values come from (histogram_quantile cannot exceed it). */
  readonly maxBucket?: number | undefined;
  /** For histogram_quantile results: the largest value they can take (the highest finite bucket). */
  readonly quantileCeiling?: number | undefined;
  /** The literal's value, for number literals. */
  readonly number?: number | undefined;
}

/** Options of {@link lintExpression}. */
export interface ExpressionLintOptions {
  /** The scrape interval in seconds; `rate()` ranges shorter than four of them are flagged. 15 by default. */
  readonly scrapeIntervalSeconds?: number | undefined;
}

/** The result of linting one expression. */
export interface ExpressionLintResult {
  readonly problems: readonly ExpressionProblem[];
  /** What the whole expression evaluates to (used to register recording rules and check legends). */
  readonly value: ValueInfo | undefined;
}

const counterLike = new Set<SampleKind>([
  "counter",
  "histogram-bucket",
  "histogram-sum",
  "histogram-count",
  "summary-sum",
  "summary-count",
]);
const rateFunctions = new Set(["rate", "irate", "increase", "resets"]);
const gaugeFunctions = new Set([
  "delta",
  "idelta",
  "deriv",
  "predict_linear",
  "holt_winters",
  "double_exponential_smoothing",
]);
const rangeFunctions = new Set([
  ...rateFunctions,
  ...gaugeFunctions,
  "changes",
  "avg_over_time",
  "min_over_time",
  "max_over_time",
  "sum_over_time",
  "count_over_time",
  "quantile_over_time",
  "stddev_over_time",
  "stdvar_over_time",
  "last_over_time",
  "present_over_time",
  "absent_over_time",
  "mad_over_time",
  "first_over_time",
]);
const setOperators = new Set(["and", "or", "unless"]);
const comparisonOperators = new Set(["==", "!=", ">", "<", ">=", "<="]);
const parameterAggregations = new Set(["topk", "bottomk", "quantile", "limitk", "limit_ratio"]);
const grafanaDurations = /\$\{?__(rate_interval|interval|range)(_ms|_s)?\}?/g;

/** Parses a Prometheus duration (`5m`, `1h30m`) into seconds; undefined if it is not one. */
export function parseDurationSeconds(text: string): number | undefined {
  const units: Record<string, number> = {
    ms: 0.001,
    s: 1,
    m: 60,
    h: 3600,
    d: 86_400,
    w: 604_800,
    y: 31_536_000,
  };
  const parts = [...text.matchAll(/(\d+)(ms|s|m|h|d|w|y)/g)];
  if (parts.length === 0 || parts.map((part) => part[0]).join("") !== text) return undefined;
  return parts.reduce((sum, part) => sum + Number(part[1]) * units[part[2]!]!, 0);
}

function unquote(literal: string): string {
  const quote = literal[0];
  const body = literal.slice(1, literal.endsWith(quote ?? "") ? -1 : undefined);
  if (quote === "`") return body;
  return body.replace(/\\(.)/g, "$1");
}

function kindDescription(kind: SampleKind | undefined): string {
  switch (kind) {
    case "counter":
      return "a counter";
    case "gauge":
      return "a gauge";
    case "histogram-bucket":
      return "a histogram's _bucket series";
    case "histogram-sum":
      return "a histogram's _sum series";
    case "histogram-count":
      return "a histogram's _count series";
    case "summary-quantile":
      return "a summary's quantile series";
    case "summary-sum":
      return "a summary's _sum series";
    case "summary-count":
      return "a summary's _count series";
    default:
      return "a computed value";
  }
}

function listLabels(labels: Iterable<string>): string {
  const names = [...labels].sort();
  return names.length === 0 ? "none" : names.join(", ");
}

function allowedValues(bound: LabelBound | undefined): readonly string[] | undefined {
  if (bound === undefined || bound.kind === "universe") return undefined;
  return bound.values;
}

/** Lints one expression and infers what it evaluates to. */
export function lintExpression(
  expression: string,
  index: SeriesIndex,
  options: ExpressionLintOptions = {},
): ExpressionLintResult {
  const problems: ExpressionProblem[] = [];
  const report = (code: string, message: string) => {
    if (!problems.some((problem) => problem.message === message)) problems.push({ code, message });
  };
  const scrapeInterval = options.scrapeIntervalSeconds ?? 15;
  const text = expression.replace(grafanaDurations, "5m");
  const tree = parser.parse(text);
  const source = (node: SyntaxNode) => text.slice(node.from, node.to);

  // Syntax first: the Prometheus grammar marks what it cannot parse with error nodes; the first one is reported.
  let syntaxError = false;
  tree.iterate({
    enter(ref) {
      if (syntaxError) return false;
      if (!ref.type.isError) return;
      syntaxError = true;
      const node = ref.node;
      const previous = node.prevSibling;
      const near = text.slice(node.from, Math.min(text.length, node.from + 20)).trim();
      if (/^(by|without)\b/.test(near) && previous?.name === "FunctionCall") {
        const fn = source(previous.getChild("FunctionIdentifier") ?? previous);
        report(
          "grouping-on-function",
          `"${near.split(/\s/)[0]}" after ${fn}(...) at column ${node.from + 1}: by/without modify aggregation operators (sum, avg, max, ...), not functions; aggregate inside the call, e.g. ${fn}(0.95, sum by (le, symbol) (rate(x_bucket[5m])))`,
        );
      } else {
        report(
          "syntax-error",
          `PromQL syntax error at column ${node.from + 1}${near === "" ? " (unexpected end of expression)" : ` near "${near}"`}`,
        );
      }
    },
  });
  if (syntaxError) return { problems, value: undefined };

  const exprChildren = (node: SyntaxNode): SyntaxNode[] => {
    const out: SyntaxNode[] = [];
    for (let child = node.firstChild; child !== null; child = child.nextSibling) {
      if (child.type.is("Expr")) out.push(child);
    }
    return out;
  };

  const selectorLabels = (entry: SeriesEntry): Set<string> =>
    new Set([...entry.labels.keys(), ...index.targetLabels]);

  const resolveMissing = (name: string) => {
    const stripped = name.replace(/_(bucket|sum|count|total)$/, "");
    const family = index.family(name) ?? index.family(stripped);
    if (name.endsWith("_bucket") && family?.type === "summary") {
      report(
        "summary-has-no-buckets",
        `"${name}" does not exist: ${stripped} is declared as a summary, which exposes quantiles (${stripped}{quantile="0.95"}), _sum and _count but no _bucket series; histogram_quantile() needs a histogram`,
      );
      return;
    }
    if (family?.type === "histogram" && name === `${index.namespace}${family.name}`) {
      report(
        "histogram-family-selected",
        `"${name}" is a histogram family, not a series: select ${name}_bucket (for histogram_quantile), ${name}_sum or ${name}_count`,
      );
      return;
    }
    if (family?.type === "gauge" && name.endsWith("_total")) {
      report(
        "gauge-as-counter",
        `"${name}" does not exist: ${stripped} is a gauge, so it has no _total series; a gauge is not a counter`,
      );
      return;
    }
    if (family?.type === "counter" && !name.endsWith("_total")) {
      report(
        "counter-without-total",
        `"${name}" does not exist: the counter is exposed as ${name}_total`,
      );
      return;
    }
    const suggestion = index.suggest(name);
    report(
      "unknown-metric",
      `Unknown metric "${name}": not in the catalog${suggestion === undefined ? "" : ` (did you mean "${suggestion}"?)`}`,
    );
  };

  const analyzeSelector = (node: SyntaxNode): ValueInfo => {
    const identifier = node.getChild("Identifier");
    const matchers = node.getChild("LabelMatchers");
    let name = identifier === null ? undefined : source(identifier);
    const parsed: { label: string; op: string; value: string }[] = [];
    if (matchers !== null) {
      for (let child = matchers.firstChild; child !== null; child = child.nextSibling) {
        if (child.name !== "UnquotedLabelMatcher" && child.name !== "QuotedLabelMatcher") continue;
        const labelNode = child.firstChild;
        const op = child.getChild("MatchOp");
        const value = child.getChild("StringLiteral");
        if (labelNode === null || op === null || value === null) continue;
        const label =
          labelNode.name === "QuotedLabelName" ? unquote(source(labelNode)) : source(labelNode);
        parsed.push({ label, op: source(op), value: unquote(source(value)) });
      }
    }
    const nameMatcher = parsed.find((matcher) => matcher.label === "__name__");
    if (name === undefined && nameMatcher?.op === "=") name = nameMatcher.value;
    if (name === undefined) return { type: "instant", kind: "derived", labels: undefined };
    const entry = index.lookup(name);
    if (entry === undefined) {
      resolveMissing(name);
      return { type: "instant", kind: "derived", origin: name, labels: undefined };
    }
    const labels = selectorLabels(entry);
    for (const matcher of parsed) {
      if (matcher.label === "__name__") continue;
      if (!labels.has(matcher.label)) {
        report(
          "unknown-label",
          `Label "${matcher.label}" does not exist on ${name} (its labels: ${listLabels(entry.labels.keys())}); ${matcher.label}${matcher.op}"${matcher.value}" can never match`,
        );
        continue;
      }
      const allowed = allowedValues(entry.labels.get(matcher.label));
      if (allowed === undefined || matcher.value.includes("$")) continue;
      const values =
        matcher.op === "=" || matcher.op === "!="
          ? [matcher.value]
          : /^[\w.:-]+(\|[\w.:-]+)*$/.test(matcher.value)
            ? matcher.value.split("|")
            : [];
      for (const value of values) {
        if (value === "" || allowed.includes(value)) continue;
        report(
          "unknown-label-value",
          `Value "${value}" is not one of the values of label "${matcher.label}" on ${name} (${allowed.join(", ")})`,
        );
      }
    }
    return {
      type: "instant",
      kind: entry.kind,
      rated: entry.rated,
      origin: name,
      labels,
      unit: entry.unit,
      maxBucket: entry.maxBucket,
      quantileCeiling: entry.quantileCeiling,
    };
  };

  const analyzeFunction = (node: SyntaxNode): ValueInfo => {
    const identifier = node.getChild("FunctionIdentifier");
    const fn = identifier === null ? "" : source(identifier);
    const body = node.getChild("FunctionCallBody");
    const argNodes = body === null ? [] : exprChildren(body);
    const args = argNodes.map((arg) => analyze(arg));
    const firstVector = args.find((arg) => arg.type === "instant" || arg.type === "range");

    if (rateFunctions.has(fn)) {
      const arg = args[0];
      if (arg !== undefined && arg.type !== "range") {
        report("rate-needs-range", `${fn}() needs a range vector such as x[5m], was ${arg.type}`);
      }
      if (arg?.kind !== undefined && arg.kind !== "derived") {
        if (arg.rated) {
          report(
            "rate-of-rate",
            `${fn}() over ${arg.origin}: the series is already a rate or increase; ${fn}() of it is meaningless`,
          );
        } else if (arg.kind === "gauge") {
          report(
            "rate-on-gauge",
            `${fn}() over ${arg.origin}, which is a gauge${arg.origin?.endsWith("_total") ? " despite its _total suffix" : ""}: ${fn}() assumes a monotonic counter and treats every decrease as a reset; use deriv() or delta() for a gauge`,
          );
        } else if (!counterLike.has(arg.kind)) {
          report(
            "rate-on-non-counter",
            `${fn}() over ${arg.origin}, which is ${kindDescription(arg.kind)}: ${fn}() applies to counters and to histogram/summary _bucket, _sum and _count series`,
          );
        }
      }
      const argNode = argNodes[0];
      if (argNode?.name === "MatrixSelector" && fn !== "resets") {
        const duration = argNode.getChild("DurationExpr");
        const seconds = duration === null ? undefined : parseDurationSeconds(source(duration));
        if (seconds !== undefined && seconds < 4 * scrapeInterval) {
          report(
            "range-too-short",
            `${fn}() over a ${source(duration!)} range with a ${scrapeInterval}s scrape interval: the range should cover at least four scrapes (${4 * scrapeInterval}s), or the result has gaps`,
          );
        }
      }
      return {
        type: "instant",
        kind: arg?.kind ?? "derived",
        rated: fn !== "resets",
        origin: arg?.origin,
        labels: arg?.labels,
        unit: arg?.unit,
        maxBucket: arg?.maxBucket,
      };
    }
    if (gaugeFunctions.has(fn)) {
      const arg = args[0];
      if (arg?.kind !== undefined && counterLike.has(arg.kind) && !arg.rated) {
        report(
          "gauge-function-on-counter",
          `${fn}() over ${arg.origin}, which is ${kindDescription(arg.kind)}: ${fn}() is for gauges and ignores counter resets; use rate() or increase()`,
        );
      }
      return { type: "instant", kind: "derived", origin: arg?.origin, labels: arg?.labels };
    }
    if (fn === "histogram_quantile") {
      const [phi, vector] = args;
      if (phi?.number !== undefined && (phi.number < 0 || phi.number > 1)) {
        report(
          "quantile-out-of-range",
          `histogram_quantile(${phi.number}, ...): the quantile must be between 0 and 1`,
        );
      }
      if (vector?.kind !== undefined && vector.kind !== "derived") {
        if (vector.kind !== "histogram-bucket") {
          report(
            "histogram-quantile-not-bucket",
            `histogram_quantile() over ${vector.origin}, which is ${kindDescription(vector.kind)}: it needs the rate of a histogram's _bucket series`,
          );
        } else if (!vector.rated) {
          report(
            "histogram-quantile-without-rate",
            `histogram_quantile() over the raw cumulative counters of ${vector.origin}: wrap them in rate(${vector.origin}[5m]) (or increase), or the quantile covers everything since the process started`,
          );
        } else if (vector.leDropped) {
          report(
            "histogram-quantile-without-le",
            `histogram_quantile() over ${vector.origin} aggregated without the "le" label: keep it, e.g. sum by (le) (rate(${vector.origin}[5m]))`,
          );
        }
      }
      const labels =
        vector?.labels === undefined
          ? undefined
          : new Set([...vector.labels].filter((label) => label !== "le"));
      return {
        type: "instant",
        kind: "derived",
        origin: vector?.origin,
        labels,
        unit: vector?.unit,
        quantileCeiling: vector?.kind === "histogram-bucket" ? vector.maxBucket : undefined,
      };
    }
    if (fn === "label_replace" || fn === "label_join") {
      const vector = args[0];
      const destination = argNodes[1];
      const labels = vector?.labels === undefined ? undefined : new Set(vector.labels);
      if (labels !== undefined && destination?.name === "StringLiteral") {
        labels.add(unquote(source(destination)));
      }
      return { ...(vector ?? { type: "instant" }), kind: "derived", labels };
    }
    if (fn === "absent" || fn === "absent_over_time") {
      return { type: "instant", kind: "derived", labels: undefined };
    }
    if (fn === "time" || fn === "scalar" || fn === "pi") return { type: "scalar" };
    if (fn === "vector") return { type: "instant", kind: "derived", labels: new Set() };
    if (rangeFunctions.has(fn) || fn.endsWith("_over_time")) {
      const arg = args.find((value) => value.type === "range");
      return {
        type: "instant",
        kind:
          fn === "last_over_time" || fn === "max_over_time" || fn === "min_over_time"
            ? arg?.kind
            : "derived",
        rated: arg?.rated,
        origin: arg?.origin,
        labels: arg?.labels,
        unit: arg?.unit,
      };
    }
    return {
      type: "instant",
      kind: firstVector?.kind === "gauge" ? "gauge" : "derived",
      rated: firstVector?.rated,
      origin: firstVector?.origin,
      labels: firstVector?.labels,
      unit: firstVector?.unit,
    };
  };

  const analyzeAggregate = (node: SyntaxNode): ValueInfo => {
    const opNode = node.getChild("AggregateOp");
    const op = opNode === null ? "" : source(opNode);
    const modifier = node.getChild("AggregateModifier");
    const body = node.getChild("FunctionCallBody");
    const args = body === null ? [] : exprChildren(body).map((arg) => analyze(arg));
    const input = args[args.length - 1];
    const grouping: string[] = [];
    const without = modifier?.getChild("Without") !== null && modifier !== null;
    const groupingNode = modifier?.getChild("GroupingLabels");
    if (groupingNode) {
      for (let child = groupingNode.firstChild; child !== null; child = child.nextSibling) {
        if (child.name === "LabelName") grouping.push(source(child));
        if (child.name === "QuotedLabelName") grouping.push(unquote(source(child)));
      }
    }
    if (input?.labels !== undefined) {
      for (const label of grouping) {
        if (!input.labels.has(label)) {
          report(
            "unknown-grouping-label",
            `${op} ${without ? "without" : "by"} (${grouping.join(", ")}): label "${label}" does not exist on ${input.origin ?? "its input"} (its labels: ${listLabels(input.labels)})`,
          );
        }
      }
    }
    if (input?.kind === "summary-quantile" && (op === "sum" || op === "avg")) {
      report(
        "aggregated-summary-quantiles",
        `${op}() over the quantiles of summary ${input.origin}: quantiles cannot be summed or averaged across series; use a histogram and histogram_quantile(sum by (le) (rate(...)))`,
      );
    }
    if (parameterAggregations.has(op) || op === "count_values") {
      const labels = op === "count_values" ? undefined : input?.labels;
      return { ...(input ?? { type: "instant" }), labels };
    }
    let labels: Set<string> | undefined;
    if (modifier === null) labels = new Set();
    else if (!without) labels = new Set(grouping);
    else if (input?.labels !== undefined) {
      labels = new Set([...input.labels].filter((label) => !grouping.includes(label)));
    }
    const keepsLe = without ? !grouping.includes("le") : grouping.includes("le");
    const kind =
      op === "count" || op === "group" || op === "stddev" || op === "stdvar"
        ? "derived"
        : input?.kind === "summary-quantile"
          ? "derived"
          : input?.kind;
    return {
      type: "instant",
      kind,
      rated: input?.rated,
      origin: input?.origin,
      labels,
      leDropped: input?.kind === "histogram-bucket" && (!keepsLe || input.leDropped === true),
      unit: input?.unit,
      maxBucket: input?.maxBucket,
      quantileCeiling: input?.quantileCeiling,
    };
  };

  const analyzeBinary = (node: SyntaxNode): ValueInfo => {
    const operands = exprChildren(node);
    const [leftNode, rightNode] = operands;
    if (leftNode === undefined || rightNode === undefined) return { type: "instant" };
    const left = analyze(leftNode);
    const right = analyze(rightNode);
    let operator = "";
    for (
      let child = leftNode.nextSibling;
      child !== null && child !== rightNode;
      child = child.nextSibling
    ) {
      if (
        !child.type.is("Expr") &&
        child.name !== "BoolModifier" &&
        child.name !== "MatchingModifierClause"
      ) {
        operator = source(child);
        break;
      }
    }
    const isBool = node.getChild("BoolModifier") !== null;
    const matching = node.getChild("MatchingModifierClause");
    const leftVector = left.type === "instant";
    const rightVector = right.type === "instant";

    if (leftVector && rightVector && left.labels !== undefined && right.labels !== undefined) {
      if (matching === null) {
        if (!setOperators.has(operator)) {
          const onlyLeft = [...left.labels].filter((label) => !right.labels!.has(label));
          const onlyRight = [...right.labels].filter((label) => !left.labels!.has(label));
          if (onlyLeft.length > 0 || onlyRight.length > 0) {
            report(
              "vector-matching-mismatch",
              `"${operator}" between vectors with different labels (only left: ${listLabels(onlyLeft)}; only right: ${listLabels(onlyRight)}) and no on()/ignoring(): one-to-one matching pairs no series, so the result is empty; aggregate both sides to the same labels (e.g. sum(...) ${operator} sum(...)) or match on(...)`,
            );
          }
        }
      } else {
        const labelsNode = matching.getChild("GroupingLabels");
        const names: string[] = [];
        if (labelsNode !== null) {
          for (let child = labelsNode.firstChild; child !== null; child = child.nextSibling) {
            if (child.name === "LabelName") names.push(source(child));
          }
        }
        if (matching.getChild("On") !== null) {
          for (const label of names) {
            for (const [side, value] of [
              ["left", left],
              ["right", right],
            ] as const) {
              if (!value.labels!.has(label)) {
                report(
                  "unknown-matching-label",
                  `on(${names.join(", ")}): label "${label}" does not exist on the ${side} operand ${value.origin ?? ""} (its labels: ${listLabels(value.labels!)})`,
                );
              }
            }
          }
        }
      }
    }

    if (comparisonOperators.has(operator)) {
      const [vector, literal] = leftVector
        ? [left, right]
        : rightVector
          ? [right, left]
          : [undefined, undefined];
      if (
        vector?.unit === "ratio" &&
        literal?.number !== undefined &&
        Math.abs(literal.number) > 1 &&
        !vector.rated
      ) {
        report(
          "ratio-compared-to-percent",
          `${vector.origin} is a ratio between 0 and 1; comparing it with ${literal.number} reads it as a percentage (use ${literal.number / 100})`,
        );
      }
      if (
        vector?.quantileCeiling !== undefined &&
        literal?.number !== undefined &&
        leftVector &&
        ((operator === ">" && literal.number >= vector.quantileCeiling) ||
          (operator === ">=" && literal.number > vector.quantileCeiling))
      ) {
        report(
          "quantile-beyond-buckets",
          `histogram_quantile() over ${vector.origin} never exceeds its highest finite bucket (${vector.quantileCeiling}); "${operator} ${literal.number}" can never be true: add buckets above the threshold`,
        );
      }
      if (!isBool) {
        return leftVector ? left : right;
      }
    }
    if (setOperators.has(operator)) {
      if (operator === "or") {
        const labels =
          left.labels !== undefined && right.labels !== undefined
            ? new Set([...left.labels].filter((label) => right.labels!.has(label)))
            : undefined;
        return { type: "instant", kind: "derived", labels };
      }
      return left;
    }
    if (!leftVector && !rightVector) {
      // Constant arithmetic (`0.3 * 100`) keeps its value, so thresholds written that way are checked too.
      const arithmetic: Record<string, (a: number, b: number) => number> = {
        "+": (a, b) => a + b,
        "-": (a, b) => a - b,
        "*": (a, b) => a * b,
        "/": (a, b) => a / b,
      };
      const apply = arithmetic[operator];
      return {
        type: "scalar",
        number:
          apply !== undefined && left.number !== undefined && right.number !== undefined
            ? apply(left.number, right.number)
            : undefined,
      };
    }
    const vector = leftVector ? left : right;
    let labels = vector.labels;
    if (leftVector && rightVector && matching !== null && labels !== undefined) {
      const groupNode = matching.getChild("GroupLeft") !== null ? left : undefined;
      labels =
        groupNode?.labels ??
        (matching.getChild("GroupRight") !== null ? right.labels : left.labels);
    }
    return {
      type: "instant",
      kind: "derived",
      rated: vector.rated,
      origin: vector.origin,
      labels,
      unit: operator === "*" || operator === "/" ? undefined : vector.unit,
    };
  };

  const analyze = (node: SyntaxNode): ValueInfo => {
    switch (node.name) {
      case "PromQL":
      case "ParenExpr": {
        const inner = exprChildren(node)[0];
        return inner === undefined ? { type: "instant" } : analyze(inner);
      }
      case "NumberDurationLiteral": {
        const value = Number(source(node).replace(/_/g, ""));
        const seconds = parseDurationSeconds(source(node));
        return { type: "scalar", number: Number.isNaN(value) ? seconds : value };
      }
      case "StringLiteral":
        return { type: "string" };
      case "UnaryExpr": {
        const inner = exprChildren(node)[0];
        const value = inner === undefined ? { type: "scalar" as const } : analyze(inner);
        const negative = source(node).trimStart().startsWith("-");
        return value.number === undefined || !negative
          ? value
          : { ...value, number: -value.number };
      }
      case "VectorSelector":
        return analyzeSelector(node);
      case "MatrixSelector":
      case "SubqueryExpr": {
        const inner = exprChildren(node)[0];
        const value = inner === undefined ? { type: "instant" as const } : analyze(inner);
        return { ...value, type: "range" };
      }
      case "OffsetExpr":
      case "StepInvariantExpr":
      case "AnchoredExpr":
      case "SmoothedExpr": {
        const inner = exprChildren(node)[0];
        return inner === undefined ? { type: "instant" } : analyze(inner);
      }
      case "FunctionCall":
        return analyzeFunction(node);
      case "AggregateExpr":
        return analyzeAggregate(node);
      case "BinaryExpr":
        return analyzeBinary(node);
      default:
        return { type: "instant" };
    }
  };

  const value = analyze(tree.topNode);
  return { problems, value };
}
