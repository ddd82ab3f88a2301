/** @module Adds a label matcher to every vector selector of a PromQL expression, the way Grafana's dashboard variables need it. */
import { parser } from "@prometheus-io/lezer-promql";

/** Grafana's `$__interval`-style variables, which the PromQL grammar cannot parse as durations. */
const grafanaVariable = /\$\{?__\w+\}?/g;

/**
 * Returns `expression` with `label op "value"` added to each vector selector that does not
 * already match on `label`. Positions come from the Prometheus grammar, so names inside
 * strings or function names are never touched.
 *
 * @example
 * addLabelMatcher('sum(rate(x_total{a="b"}[5m])) / sum(y)', "job", "=~", "$job");
 * // 'sum(rate(x_total{job=~"$job", a="b"}[5m])) / sum(y{job=~"$job"})'
 */
export function addLabelMatcher(
  expression: string,
  label: string,
  op: string,
  value: string,
): string {
  // Same-length stand-ins keep every position valid for the original text.
  const parseable = expression.replace(
    grafanaVariable,
    (match) => `${"0".repeat(match.length - 1)}m`,
  );
  const matcher = `${label}${op}${JSON.stringify(value)}`;
  const edits: { at: number; text: string }[] = [];
  parser.parse(parseable).iterate({
    enter(ref) {
      if (ref.name !== "VectorSelector") return;
      const node = ref.node;
      const matchers = node.getChild("LabelMatchers");
      if (matchers === null) {
        edits.push({ at: node.to, text: `{${matcher}}` });
        return false;
      }
      const labels = matchers.getChildren("UnquotedLabelMatcher").map((child) => {
        const name = child.getChild("LabelName");
        return name === null ? "" : parseable.slice(name.from, name.to);
      });
      if (!labels.includes(label)) {
        const empty = parseable.slice(matchers.from, matchers.to).replace(/\s/g, "") === "{}";
        edits.push({ at: matchers.from + 1, text: empty ? matcher : `${matcher}, ` });
      }
      return false;
    },
  });
  let result = expression;
  for (const edit of edits.sort((a, b) => b.at - a.at)) {
    result = result.slice(0, edit.at) + edit.text + result.slice(edit.at);
  }
  return result;
}
