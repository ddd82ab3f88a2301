/** @module `tradewatch ops`: generate the operations bundle (deploy/) or lint the PromQL in rule files and dashboards. */
import { mkdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { TradewatchError } from "../../errors.js";
import { yamlFile } from "../../ops/generate/yaml-file.js";
import {
  alertmanagerConfig,
  catalogSeriesIndex,
  defaultBundleOptions,
  generateBundle,
  isMetricsDocCurrent,
  lintPaths,
  parseDurationSeconds,
  staleBundleFiles,
  writeBundle,
  writeMetricsDoc,
} from "../../ops/index.js";

const generateUsage = `Usage: tradewatch ops generate [--out deploy] [--root .] [--check] [--receivers-from-env]
    Writes prometheus.yml, rules and their tests, alertmanager.yml, Grafana provisioning
    and dashboards, docker-compose.yml, README.md and RUNBOOK.md into --out (default
    deploy/), and docs/METRICS.md under --root (default the current directory).
    --check writes nothing and exits 1 if any file differs from what would be generated.
    --receivers-from-env  alertmanager.yml routes to the receivers whose variables are set
                          (ALERT_WEBHOOK_URL, SLACK_WEBHOOK_URL, ALERT_EMAIL_TO,
                          PAGERDUTY_ROUTING_KEY; see "tradewatch stack up --help"), for
                          docker compose; without it, to no receiver (the committed bundle).`;

const lintUsage = `Usage: tradewatch ops lint [files or directories...] [--namespace tradewatch] [--scrape-interval 15s]
    Parses every PromQL expression of the given rule files (YAML) and Grafana dashboards
    (JSON), default deploy/, and checks metric names, labels, label values and types
    against the catalog. Exits 1 on any finding.`;

const usage = `Usage: tradewatch ops <generate|lint> [options]

${generateUsage}

${lintUsage}`;

const wantsHelp = (argv: readonly string[]) => {
  const end = argv.indexOf("--");
  return (end === -1 ? argv : argv.slice(0, end)).some((arg) => arg === "--help" || arg === "-h");
};

async function generate(argv: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      out: { type: "string", default: "deploy" },
      root: { type: "string", default: "." },
      check: { type: "boolean", default: false },
      "receivers-from-env": { type: "boolean", default: false },
    },
  });
  const directory = resolve(values.out);
  const root = resolve(values.root);
  const files = generateBundle(defaultBundleOptions).map((file) =>
    values["receivers-from-env"] && file.path === "alertmanager/alertmanager.yml"
      ? {
          ...file,
          content: yamlFile(alertmanagerConfig(defaultBundleOptions, { environment: process.env })),
        }
      : file,
  );
  if (values.check) {
    const stale = await staleBundleFiles(directory, files);
    if (!(await isMetricsDocCurrent(root))) stale.push(join(root, "docs", "METRICS.md"));
    if (stale.length > 0) {
      console.error(
        `${stale.length} file(s) under ${directory} and ${root} differ from the catalog's bundle:\n${stale.map((path) => `  ${path}`).join("\n")}\nRun "tradewatch ops generate" and commit the result.`,
      );
      return 1;
    }
    console.log(`${files.length} files under ${directory} match the catalog.`);
    return 0;
  }
  await writeBundle(directory, files);
  console.log(`Wrote ${files.length} files under ${directory}:`);
  for (const file of files) console.log(`  ${file.path}`);
  await mkdir(join(root, "docs"), { recursive: true });
  console.log(`Wrote ${await writeMetricsDoc(root, defaultBundleOptions.namespace)}`);
  return 0;
}

async function lint(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      namespace: { type: "string", default: defaultBundleOptions.namespace },
      "scrape-interval": { type: "string", default: defaultBundleOptions.scrapeInterval },
    },
  });
  const scrapeIntervalSeconds = parseDurationSeconds(values["scrape-interval"]);
  if (scrapeIntervalSeconds === undefined) {
    throw new TradewatchError(
      "ERR_INVALID_CONFIG",
      `Invalid --scrape-interval "${values["scrape-interval"]}": must be a Prometheus duration such as 15s`,
    );
  }
  const paths = positionals.length === 0 ? ["deploy"] : positionals;
  const { findings, files, skipped } = await lintPaths(
    paths.map((path) => resolve(path)),
    catalogSeriesIndex(values.namespace),
    { scrapeIntervalSeconds },
  );
  for (const finding of findings) {
    console.log(`${finding.file}: ${finding.location}: ${finding.message} [${finding.code}]`);
    if (finding.expr !== undefined) console.log(`    ${finding.expr.replace(/\s*\n\s*/g, " ")}`);
  }
  for (const file of skipped)
    console.error(`${file}: skipped, neither a rule file (groups:) nor a dashboard (panels)`);
  if (files.length === 0) {
    console.error(`No rule file or dashboard found in ${paths.join(", ")}`);
    return 2;
  }
  console.log(`${findings.length} finding(s) in ${files.length} file(s).`);
  return findings.length === 0 ? 0 : 1;
}

function help(text: string): number {
  console.log(text);
  return 0;
}

/** Runs `tradewatch ops <generate|lint>` and resolves to the exit code. */
export async function ops(argv: readonly string[]): Promise<number> {
  const [subcommand, ...rest] = argv;
  switch (subcommand) {
    case "generate":
      if (wantsHelp(rest)) return help(generateUsage);
      return await generate(rest);
    case "lint":
      if (wantsHelp(rest)) return help(lintUsage);
      return await lint(rest);
    case "--help":
    case "-h":
    case "help":
      return help(usage);
    case undefined:
      console.error(usage);
      return 2;
    default:
      console.error(
        `Unknown ops subcommand "${subcommand}": must be generate or lint (see "tradewatch ops --help").`,
      );
      return 2;
  }
}
