/** @module Lints Prometheus rule files and Grafana dashboard JSON: every PromQL expression, every alert's labels and annotations, every legend's labels. */
import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { parse } from "yaml";
import { alertSeverities } from "../../catalog/label-values.js";
import type { Finding, SeriesEntry } from "../types.js";
import { type ExpressionLintOptions, lintExpression, type ValueInfo } from "./expression-linter.js";
import type { SeriesIndex } from "./series-index.js";

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** Registers a recording rule's output in the index, with what its expression yields. */
function recordedEntry(name: string, value: ValueInfo | undefined): SeriesEntry {
  return {
    series: name,
    family: name,
    familyType: "recorded",
    kind:
      value?.kind === "histogram-bucket" && value.leDropped !== true
        ? "histogram-bucket"
        : "derived",
    rated: value?.rated === true,
    labels: new Map([...(value?.labels ?? [])].map((label) => [label, undefined])),
    unit: value?.unit,
    maxBucket: value?.maxBucket,
    quantileCeiling: value?.quantileCeiling,
  };
}

/** Template labels an annotation or legend uses: `{{ $labels.x }}`, `{{ .Labels.x }}`, `{{x}}`. */
function usedLabels(template: string, legend: boolean): string[] {
  const pattern = legend ? /\{\{\s*([a-zA-Z_]\w*)\s*\}\}/g : /\$labels\.([a-zA-Z_]\w*)/g;
  return [...template.matchAll(pattern)].map((match) => match[1]!);
}

/**
 * Lints one rule file's text. Recording rules register their outputs in `index`, so lint
 * rule files before the dashboards that read the recorded series.
 */
export function lintRuleFile(
  file: string,
  text: string,
  index: SeriesIndex,
  options: ExpressionLintOptions = {},
): Finding[] {
  const findings: Finding[] = [];
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    return [
      {
        file,
        location: "file",
        code: "invalid-yaml",
        message: `Invalid YAML: ${(error as Error).message}`,
      },
    ];
  }
  const groups = record(document)?.groups;
  if (!Array.isArray(groups)) {
    return [
      {
        file,
        location: "file",
        code: "not-a-rule-file",
        message: "No `groups` list: not a Prometheus rule file",
      },
    ];
  }
  for (const group of groups) {
    const groupName = String(record(group)?.name ?? "?");
    const rules = record(group)?.rules;
    if (!Array.isArray(rules)) continue;
    for (const raw of rules) {
      const rule = record(raw) ?? {};
      const expr = typeof rule.expr === "string" ? rule.expr : String(rule.expr ?? "");
      const isAlert = typeof rule.alert === "string";
      const location = `group "${groupName}" ${isAlert ? `alert "${String(rule.alert)}"` : `record "${String(rule.record)}"`}`;
      const add = (code: string, message: string) =>
        findings.push({ file, location, expr, code, message });
      const result = lintExpression(expr, index, options);
      for (const problem of result.problems) add(problem.code, problem.message);
      if (!isAlert) {
        if (typeof rule.record === "string")
          index.addRecorded(recordedEntry(rule.record, result.value));
        continue;
      }
      const labels = record(rule.labels) ?? {};
      const annotations = record(rule.annotations) ?? {};
      if (labels.severity === undefined) {
        add(
          "missing-severity",
          annotations.severity === undefined
            ? "Alert has no severity label; Alertmanager routes on it"
            : `Alert has severity "${String(annotations.severity)}" in its annotations, not its labels: Alertmanager routes on labels, so this alert reaches no severity route`,
        );
      } else if (!(alertSeverities as readonly string[]).includes(String(labels.severity))) {
        add(
          "unknown-severity",
          `Severity "${String(labels.severity)}" is not one of ${alertSeverities.join(", ")}`,
        );
      }
      for (const key of ["summary", "description"]) {
        if (typeof annotations[key] !== "string" || annotations[key] === "") {
          add("missing-annotation", `Alert has no ${key} annotation`);
        }
      }
      if (annotations.runbook === undefined && annotations.runbook_url === undefined) {
        add("missing-runbook", "Alert has neither a runbook nor a runbook_url annotation");
      }
      const available = result.value?.labels;
      if (available !== undefined) {
        for (const [key, template] of Object.entries(annotations)) {
          for (const label of usedLabels(String(template), false)) {
            if (!available.has(label)) {
              add(
                "unknown-template-label",
                `Annotation ${key} uses $labels.${label}, which the expression does not yield (its labels: ${[...available].sort().join(", ") || "none"})`,
              );
            }
          }
        }
      }
    }
  }
  return findings;
}

interface PanelLike {
  title?: unknown;
  targets?: unknown;
  panels?: unknown;
}

/** Lints one Grafana dashboard's JSON text (a dashboard, or `{ "dashboard": ... }` as the HTTP API takes it). */
export function lintDashboard(
  file: string,
  text: string,
  index: SeriesIndex,
  options: ExpressionLintOptions = {},
): Finding[] {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    return [
      {
        file,
        location: "file",
        code: "invalid-json",
        message: `Invalid JSON: ${(error as Error).message}`,
      },
    ];
  }
  const root = record(record(document)?.dashboard) ?? record(document) ?? {};
  const title = String(root.title ?? "?");
  const findings: Finding[] = [];
  const visit = (panels: unknown) => {
    if (!Array.isArray(panels)) return;
    for (const raw of panels) {
      const panel = (record(raw) ?? {}) as PanelLike;
      visit(panel.panels);
      if (!Array.isArray(panel.targets)) continue;
      for (const rawTarget of panel.targets) {
        const target = record(rawTarget) ?? {};
        if (typeof target.expr !== "string") continue;
        const expr = target.expr;
        const location = `dashboard "${title}" panel "${String(panel.title ?? "?")}" query ${String(target.refId ?? "?")}`;
        const result = lintExpression(expr, index, options);
        for (const problem of result.problems) {
          findings.push({ file, location, expr, code: problem.code, message: problem.message });
        }
        const available = result.value?.labels;
        if (typeof target.legendFormat === "string" && available !== undefined) {
          for (const label of usedLabels(target.legendFormat, true)) {
            if (!available.has(label)) {
              findings.push({
                file,
                location,
                expr,
                code: "unknown-legend-label",
                message: `Legend "${target.legendFormat}" uses label "${label}", which the query does not yield (its labels: ${[...available].sort().join(", ") || "none"})`,
              });
            }
          }
        }
      }
    }
  };
  visit(root.panels);
  return findings;
}

async function collect(path: string): Promise<string[]> {
  const info = await stat(path);
  if (!info.isDirectory()) return [path];
  const entries = await readdir(path, { withFileTypes: true });
  const nested = await Promise.all(
    entries
      .filter((entry) => entry.isDirectory() || /\.(ya?ml|json)$/.test(entry.name))
      .map((entry) => collect(join(path, entry.name))),
  );
  return nested.flat().sort();
}

/**
 * Lints rule files and dashboards at these paths (directories are searched): YAML files
 * with `groups` are rule files, JSON files with `panels` are dashboards; other files are
 * not PromQL and are skipped (`skipped` lists those named directly). Rule files go first
 * so that recorded series are known.
 */
export async function lintPaths(
  paths: readonly string[],
  index: SeriesIndex,
  options: ExpressionLintOptions = {},
): Promise<{ findings: Finding[]; files: string[]; skipped: string[] }> {
  const files = (await Promise.all(paths.map((path) => collect(path)))).flat();
  const named = new Set(paths);
  const findings: Finding[] = [];
  const linted: string[] = [];
  const texts = new Map<string, string>();
  for (const file of files) texts.set(file, await readFile(file, "utf8"));
  const isRuleFile = (file: string) => /\.ya?ml$/.test(file) && /^groups:/m.test(texts.get(file)!);
  const isDashboard = (file: string) =>
    file.endsWith(".json") && texts.get(file)!.includes('"panels"');
  for (const file of files.filter(isRuleFile)) {
    linted.push(file);
    findings.push(...lintRuleFile(file, texts.get(file)!, index, options));
  }
  for (const file of files.filter(isDashboard)) {
    linted.push(file);
    findings.push(...lintDashboard(file, texts.get(file)!, index, options));
  }
  // Files named on the command line that hold no PromQL; files found in directories are skipped silently.
  const skipped = files.filter((file) => named.has(file) && !linted.includes(file));
  return { findings, files: linted, skipped };
}
