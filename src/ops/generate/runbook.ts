/** @module Generates RUNBOOK.md: one section per alert, with what it means, what to do, how to provoke it and where it comes from. */
import type { BundleOptions } from "../types.js";
import { alertSpecs } from "./alert-rules.js";
import { generatedHeader } from "./yaml-file.js";

/** Replaces `{{ $labels.x }}` with `<x>` for prose outside Alertmanager. */
function placeholders(text: string): string {
  return text.replace(/\{\{ \$labels\.(\w+) \}\}/g, "`<$1>`");
}

/** Returns the text of RUNBOOK.md. */
export function runbook(options: BundleOptions): string {
  const sections = alertSpecs(options).map((spec) =>
    [
      `## ${spec.alert}`,
      "",
      `Severity: **${spec.severity}**. Fires when \`${spec.expr.replace(/\n/g, " ")}\`${spec.for === "0s" ? "" : ` holds for ${spec.for}`}.`,
      "",
      placeholders(spec.description),
      "",
      ...spec.runbook.map((step, index) => `${index + 1}. ${placeholders(step)}`),
      "",
      `Provoke it: ${spec.provoke}`,
      "",
      `Origin: ${spec.seed}`,
      "",
    ].join("\n"),
  );
  return `<!-- ${generatedHeader} -->
# Alert runbook

One section per alert of \`prometheus/rules/alerts.yml\`; each alert's \`runbook_url\` points here.

Every duration is wall-clock time: the bot's cycle timestamps, data staleness and injected
outages are wall-clock seconds whatever \`--speed\` is. The end-to-end test and the soak run
these same rules with every \`for:\`, range and threshold in seconds multiplied by one factor
(\`alertRuleGroups(bundle, { timeScale })\`, with \`prometheusConfig(bundle, { timeScale })\`
for the intervals). An alert whose condition starts to hold fires within its \`for:\` plus two
evaluation intervals (${options.scrapeInterval} here), and is notified after Alertmanager's
\`group_wait\` more.

The **Watchdog** fires all the time, on purpose: route it (\`alertname="Watchdog"\`) to an
external dead-man switch that pages when its notifications stop, since a dead Prometheus or
Alertmanager cannot report itself.

${sections.join("\n")}`;
}
