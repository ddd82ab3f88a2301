/** @module `tradewatch stack`: start, stop, reload and inspect the installed Prometheus, Alertmanager and Pushgateway (and VictoriaMetrics as the long-term store) with the generated configuration. */
import { parseArgs } from "node:util";
import { TradewatchError } from "../../errors.js";
import { defaultBundleOptions } from "../../ops/bundle-options.js";
import { alertmanagerReceiverVariables } from "../../ops/generate/alertmanager-config.js";
import {
  type ComponentStatus,
  type StackOptions,
  stackDown,
  stackStatus,
  stackUp,
} from "../../ops/stack/local-stack.js";
import { stackReload } from "../../ops/stack/stack-reload.js";
import type { BundleOptions, PlaneTargets } from "../../ops/types.js";
import { numberOption } from "../number-option.js";

const receiverLines = alertmanagerReceiverVariables
  .map((variable) => `        ${variable.env.padEnd(22)} ${variable.use}`)
  .join("\n");

const upUsage = `Usage: tradewatch stack up [--dir .tradewatch/stack] [--bot 127.0.0.1:9100]
         [--prometheus-port 9090] [--alertmanager-port 9093] [--pushgateway-port 9091]
         [--planes data=HOST:PORT,order=HOST:PORT,strategy=HOST:PORT | --no-planes]
         [--force | --keep-edits]
         [--long-term victoria-metrics [--long-term-port 8428] [--retention 1y]]
    Starts /usr/bin/prometheus, /usr/bin/prometheus-alertmanager and
    /usr/bin/prometheus-pushgateway (Debian packages) with the generated configuration,
    scraping the bot, in a data directory of their own; records their ports and pids in
    <dir>/stack.json, and checks that each one is the server answering on its port (exit 1
    naming the component, the port and its log file otherwise, having stopped what it
    started). A component already running from <dir> keeps running and reloads its
    configuration.
    --planes           where the bot's planes serve /metrics (default ${Object.entries(
      defaultBundleOptions.planeTargets,
    )
      .map(([plane, target]) => `${plane}=${target}`)
      .join(",")});
                       a plane not named keeps its default
    --no-planes        no plane scrape job (the bot serves no plane ports)
    --force            regenerate files you edited in <dir> (each kept as <file>.edited)
    --keep-edits       start with the files you edited in <dir> as they are
    --long-term victoria-metrics
                       also start /usr/bin/victoria-metrics (Debian package
                       victoria-metrics, data in <dir>/victoria-metrics/data) and make
                       Prometheus remote-write every scraped series to it, with its job,
                       instance and the external label monitor="tradewatch"
    --long-term-port   VictoriaMetrics' port (default 8428)
    --retention        how long VictoriaMetrics keeps samples (-retentionPeriod, e.g.
                       90d, 1y; default 1y)
    --time-scale <f>   scale every rule duration (for:, windows, time thresholds), the
                       scrape and evaluation intervals and the Alertmanager timers by f
                       (0.001..1), for drills and the scaled end-to-end test; default 1,
                       the bundle as deploy/ ships it
    Without either, up refuses to overwrite an edited file and shows the difference.
    Alertmanager receivers come from the environment; one whose variable is unset is
    left out of the routing (with none set, alerts are shown in Alertmanager, not sent):
${receiverLines}`;

const downUsage = `Usage: tradewatch stack down [--dir .tradewatch/stack]
    Stops the servers "stack up" started from <dir> (whatever their ports).`;

const reloadUsage = `Usage: tradewatch stack reload [--dir .tradewatch/stack]
    Checks <dir>'s prometheus.yml (and rules) with promtool and alertmanager.yml with
    amtool, then makes the running Prometheus and Alertmanager load them (POST /-/reload).
    Edit the files in <dir>, or rerun "stack up" after "ops generate" to regenerate them.
    An invalid file is one line naming it, and nothing is reloaded (exit 1).`;

const statusUsage = `Usage: tradewatch stack status [--dir .tradewatch/stack]
    Prints each server of <dir>, its pid, URL and log; exits 1 unless all of them run.`;

const usage = `Usage: tradewatch stack <up|down|reload|status> [options]
    Run "tradewatch stack <subcommand> --help" for its options.

${upUsage}

${downUsage}

${reloadUsage}

${statusUsage}`;

const wantsHelp = (argv: readonly string[]) => {
  const end = argv.indexOf("--");
  return (end === -1 ? argv : argv.slice(0, end)).some((arg) => arg === "--help" || arg === "-h");
};

function port(value: string, flag: string): number {
  const number = Number(value);
  if (!/^\d+$/.test(value) || !Number.isInteger(number) || number < 1 || number > 65_535) {
    throw new TradewatchError(
      "ERR_INVALID_CONFIG",
      `Invalid ${flag} "${value}": must be a port between 1 and 65535`,
    );
  }
  return number;
}

const hostPort = /^[\w.-]+:\d{1,5}$/;

function planeTargets(text: string): PlaneTargets {
  const targets: Record<string, string> = { ...defaultBundleOptions.planeTargets };
  for (const entry of text.split(",")) {
    const [plane, target] = entry.split("=", 2).map((part) => part.trim());
    if (
      plane === undefined ||
      !(plane in targets) ||
      target === undefined ||
      !hostPort.test(target)
    ) {
      throw new TradewatchError(
        "ERR_INVALID_CONFIG",
        `Invalid --planes entry "${entry}": must be data=HOST:PORT, order=HOST:PORT or strategy=HOST:PORT`,
      );
    }
    targets[plane] = target;
  }
  return targets as unknown as PlaneTargets;
}

function upOptions(argv: readonly string[]): StackOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      dir: { type: "string", default: ".tradewatch/stack" },
      bot: { type: "string", default: defaultBundleOptions.botTarget },
      "prometheus-port": { type: "string", default: "9090" },
      "alertmanager-port": { type: "string", default: "9093" },
      "pushgateway-port": { type: "string", default: "9091" },
      planes: { type: "string" },
      "no-planes": { type: "boolean", default: false },
      force: { type: "boolean", default: false },
      "keep-edits": { type: "boolean", default: false },
      "time-scale": { type: "string", default: "1" },
      "long-term": { type: "string" },
      "long-term-port": { type: "string", default: "8428" },
      retention: { type: "string", default: "1y" },
    },
  });
  if (values["long-term"] !== undefined && values["long-term"] !== "victoria-metrics") {
    throw new TradewatchError(
      "ERR_INVALID_CONFIG",
      `Invalid --long-term "${values["long-term"]}": must be victoria-metrics (Mimir or Thanos Receive take the same remote_write block, see docs/OPERATIONS.md)`,
    );
  }
  if (!/^\d+[hdwy]?$/.test(values.retention)) {
    throw new TradewatchError(
      "ERR_INVALID_CONFIG",
      `Invalid --retention "${values.retention}": must be a number of months or a duration such as 90d, 12w or 1y`,
    );
  }
  const timeScale = numberOption("time-scale", values["time-scale"], 0.001, 1)!;
  if (!hostPort.test(values.bot)) {
    throw new TradewatchError(
      "ERR_INVALID_CONFIG",
      `Invalid --bot "${values.bot}": must be host:port`,
    );
  }
  if (values.force && values["keep-edits"]) {
    throw new TradewatchError(
      "ERR_INVALID_CONFIG",
      "Invalid --force with --keep-edits: choose one",
    );
  }
  if (values.planes !== undefined && values["no-planes"]) {
    throw new TradewatchError(
      "ERR_INVALID_CONFIG",
      "Invalid --planes with --no-planes: choose one",
    );
  }
  const bundle: BundleOptions = {
    ...defaultBundleOptions,
    botTarget: values.bot,
    planeTargets:
      values.planes === undefined ? defaultBundleOptions.planeTargets : planeTargets(values.planes),
    prometheusTarget: `127.0.0.1:${port(values["prometheus-port"], "--prometheus-port")}`,
    alertmanagerTarget: `127.0.0.1:${port(values["alertmanager-port"], "--alertmanager-port")}`,
    pushgatewayTarget: `127.0.0.1:${port(values["pushgateway-port"], "--pushgateway-port")}`,
  };
  return {
    directory: values.dir,
    bundle,
    withoutPlanes: values["no-planes"],
    timeScale,
    longTerm:
      values["long-term"] === undefined
        ? undefined
        : {
            store: "victoria-metrics",
            target: `127.0.0.1:${port(values["long-term-port"], "--long-term-port")}`,
            retention: values.retention,
          },
    editPolicy: values.force ? "force" : values["keep-edits"] ? "keep-edits" : "refuse",
  };
}

/** `down` and `status` need only the directory: the ports come from its stack.json. */
function directoryOptions(argv: readonly string[]): StackOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: { dir: { type: "string", default: ".tradewatch/stack" } },
  });
  return { directory: values.dir, bundle: defaultBundleOptions };
}

function print(statuses: readonly ComponentStatus[]): void {
  for (const status of statuses) {
    const state = status.running ? `running (pid ${status.pid})` : "stopped";
    console.log(
      `  ${status.component.name.padEnd(12)} ${state.padEnd(22)} ${status.url}  log: ${status.log}`,
    );
  }
}

const subcommands: Record<
  string,
  { usage: string; run: (argv: readonly string[]) => Promise<number> }
> = {
  up: {
    usage: upUsage,
    run: async (argv) => {
      const options = upOptions(argv);
      const result = await stackUp(options);
      for (const file of result.keptEdits) console.log(`Kept your edited ${file}.`);
      for (const file of result.overwrittenEdits)
        console.log(`Regenerated ${file}; your edit is in ${file}.edited.`);
      console.log(
        `Stack running from ${options.directory}, scraping the bot at ${options.bundle.botTarget}:`,
      );
      print(result.statuses);
      console.log(
        result.receivers.length === 0
          ? "Alertmanager sends no notification: no receiver is configured (see --help)."
          : `Alertmanager notifies: ${result.receivers.join(", ")}.`,
      );
      if (options.longTerm !== undefined) {
        console.log(
          `Prometheus remote-writes to VictoriaMetrics (retention ${options.longTerm.retention}); query it at http://${options.longTerm.target}/api/v1/query or vmui at http://${options.longTerm.target}/vmui.`,
        );
      }
      console.log(
        `Open Prometheus at http://${options.bundle.prometheusTarget}/alerts, Alertmanager at http://${options.bundle.alertmanagerTarget}/. Stop with "tradewatch stack down --dir ${options.directory}".`,
      );
      return 0;
    },
  },
  down: {
    usage: downUsage,
    run: async (argv) => {
      const stopped = await stackDown(directoryOptions(argv));
      console.log(stopped.length === 0 ? "Nothing was running." : `Stopped ${stopped.join(", ")}.`);
      return 0;
    },
  },
  reload: {
    usage: reloadUsage,
    run: async (argv) => {
      const { values } = parseArgs({
        args: [...argv],
        options: { dir: { type: "string", default: ".tradewatch/stack" } },
      });
      const reloaded = await stackReload(values.dir);
      for (const component of reloaded) {
        console.log(`Reloaded ${component.name} on ${component.target} from ${component.file}.`);
      }
      return 0;
    },
  },
  status: {
    usage: statusUsage,
    run: async (argv) => {
      const statuses = await stackStatus(directoryOptions(argv));
      print(statuses);
      return statuses.every((status) => status.running) ? 0 : 1;
    },
  },
};

/** Runs `tradewatch stack <up|down|reload|status>` and resolves to the exit code. */
export async function stack(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    (name === undefined ? console.error : console.log)(usage);
    return name === undefined ? 2 : 0;
  }
  const subcommand = subcommands[name];
  if (subcommand === undefined) {
    console.error(
      `Unknown stack subcommand "${name}": must be up, down, reload or status (see "tradewatch stack --help").`,
    );
    return 2;
  }
  if (wantsHelp(rest)) {
    console.log(subcommand.usage);
    return 0;
  }
  return await subcommand.run(rest);
}
