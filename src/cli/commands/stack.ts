/** @module `tradewatch stack`: start, stop and inspect the installed Prometheus, Alertmanager and Pushgateway with the generated configuration. */
import { parseArgs } from "node:util";
import { TradewatchError } from "../../errors.js";
import {
  type BundleOptions,
  type ComponentStatus,
  defaultBundleOptions,
  type StackOptions,
  stackDown,
  stackStatus,
  stackUp,
} from "../../ops/index.js";

const usage = `Usage:
  tradewatch stack up [--dir .tradewatch/stack] [--bot 127.0.0.1:9100]
                      [--prometheus-port 9090] [--alertmanager-port 9093] [--pushgateway-port 9091]
      Starts /usr/bin/prometheus, /usr/bin/prometheus-alertmanager and
      /usr/bin/prometheus-pushgateway (Debian packages) with the generated configuration,
      scraping the bot, in a data directory of their own. Secrets for Alertmanager come from
      SLACK_WEBHOOK_URL, SMTP_AUTH_PASSWORD, PAGERDUTY_ROUTING_KEY and ALERT_WEBHOOK_TOKEN.
  tradewatch stack down [--dir .tradewatch/stack]
  tradewatch stack status [--dir .tradewatch/stack]`;

function port(value: string, flag: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1 || number > 65_535) {
    throw new TradewatchError(
      "ERR_INVALID_CONFIG",
      `Invalid ${flag} "${value}": must be a port between 1 and 65535`,
    );
  }
  return number;
}

function stackOptions(argv: readonly string[]): StackOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      dir: { type: "string", default: ".tradewatch/stack" },
      bot: { type: "string", default: defaultBundleOptions.botTarget },
      "prometheus-port": { type: "string", default: "9090" },
      "alertmanager-port": { type: "string", default: "9093" },
      "pushgateway-port": { type: "string", default: "9091" },
    },
  });
  if (!/^[\w.-]+:\d+$/.test(values.bot)) {
    throw new TradewatchError(
      "ERR_INVALID_CONFIG",
      `Invalid --bot "${values.bot}": must be host:port`,
    );
  }
  const bundle: BundleOptions = {
    ...defaultBundleOptions,
    botTarget: values.bot,
    prometheusTarget: `127.0.0.1:${port(values["prometheus-port"], "--prometheus-port")}`,
    alertmanagerTarget: `127.0.0.1:${port(values["alertmanager-port"], "--alertmanager-port")}`,
    pushgatewayTarget: `127.0.0.1:${port(values["pushgateway-port"], "--pushgateway-port")}`,
  };
  return { directory: values.dir, bundle };
}

function print(statuses: readonly ComponentStatus[]): void {
  for (const status of statuses) {
    const state = status.running ? `running (pid ${status.pid})` : "stopped";
    console.log(
      `  ${status.component.name.padEnd(12)} ${state.padEnd(22)} ${status.url}  log: ${status.log}`,
    );
  }
}

/** Runs `tradewatch stack <up|down|status>` and resolves to the exit code. */
export async function stack(argv: readonly string[]): Promise<number> {
  const [subcommand, ...rest] = argv;
  switch (subcommand) {
    case "up": {
      const options = stackOptions(rest);
      const statuses = await stackUp(options);
      console.log(
        `Stack running from ${options.directory}, scraping the bot at ${options.bundle.botTarget}:`,
      );
      print(statuses);
      console.log(
        `Open Prometheus at http://${options.bundle.prometheusTarget}/alerts, Alertmanager at http://${options.bundle.alertmanagerTarget}/. Stop with "tradewatch stack down".`,
      );
      return 0;
    }
    case "down": {
      const options = stackOptions(rest);
      const stopped = await stackDown(options);
      console.log(stopped.length === 0 ? "Nothing was running." : `Stopped ${stopped.join(", ")}.`);
      return 0;
    }
    case "status": {
      const statuses = await stackStatus(stackOptions(rest));
      print(statuses);
      return statuses.every((status) => status.running) ? 0 : 1;
    }
    case "--help":
    case "-h":
    case "help":
      console.log(usage);
      return 0;
    default:
      console.error(
        subcommand === undefined ? usage : `Unknown stack subcommand "${subcommand}".\n\n${usage}`,
      );
      return 2;
  }
}
