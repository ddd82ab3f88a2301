import { describe, expect, it } from "vitest";
import { addLabelMatcher } from "./add-label-matcher.js";

describe("addLabelMatcher", () => {
  it("adds the matcher to bare, labelled and empty selectors", () => {
    expect(
      addLabelMatcher('sum(rate(x_total{a="b"}[5m])) / sum(y) + z{}', "job", "=~", "$job"),
    ).toBe('sum(rate(x_total{job=~"$job", a="b"}[5m])) / sum(y{job=~"$job"}) + z{job=~"$job"}');
  });

  it("leaves selectors that already match on the label, and Grafana interval variables", () => {
    expect(
      addLabelMatcher('up{job="bot"} == 0 or rate(a[$__rate_interval])', "job", "=~", "$job"),
    ).toBe('up{job="bot"} == 0 or rate(a{job=~"$job"}[$__rate_interval])');
  });

  it("does not touch names in strings or recorded series' colons", () => {
    expect(
      addLabelMatcher(
        'label_replace(tw:x:rate5m, "dst", "$1", "src", "(.*)")',
        "job",
        "=~",
        "$job",
      ),
    ).toBe('label_replace(tw:x:rate5m{job=~"$job"}, "dst", "$1", "src", "(.*)")');
  });
});
