#!/usr/bin/env node
/** @module The `tradewatch` command: dispatches to one module per subcommand. */
import { TradewatchError } from "../errors.js";
import { ConfigError } from "../exporter/config-error.js";

/** A subcommand: receives the arguments after its name and resolves to an exit code. */
export type Command = (argv: readonly string[]) => Promise<number>;

interface CommandEntry {
  readonly summary: string;
  readonly load: () => Promise<Command>;
}

const commands: Record<string, CommandEntry> = {
  run: {
    summary: "run the paper-trading bot with /metrics, /health, /ready and the dashboard",
    load: async () => (await import("./commands/run.js")).run,
  },
  backtest: {
    summary: "replay a CSV of OHLCV bars through the bot as fast as the machine allows",
    load: async () => (await import("./commands/backtest.js")).backtest,
  },
  ops: {
    summary: "generate deploy/ (ops generate) or lint PromQL in rules and dashboards (ops lint)",
    load: async () => (await import("./commands/ops.js")).ops,
  },
  stack: {
    summary: "start or stop the installed Prometheus, Alertmanager and Pushgateway (stack up|down)",
    load: async () => (await import("./commands/stack.js")).stack,
  },
  report: {
    summary: "print performance statistics from a journal or from trades/equity CSV files",
    load: async () => (await import("./commands/report.js")).report,
  },
  journal: {
    summary: "maintain the trade journal (journal prune)",
    load: async () => (await import("./commands/journal.js")).journal,
  },
};

/** Commands whose first argument names a subcommand with options of its own. */
const withSubcommands = new Set(["ops", "stack", "journal"]);

function usage(): string {
  const width = Math.max(...Object.keys(commands).map((name) => name.length));
  const lines = Object.entries(commands).map(
    ([name, entry]) => `  ${name.padEnd(width)}  ${entry.summary}`,
  );
  return `Usage: tradewatch <command> [options]\n\nCommands:\n${lines.join("\n")}\n\nRun "tradewatch <command> --help" for a command's options.`;
}

/**
 * The first sentence of a command-line parsing error of `node:util` `parseArgs` (an unknown
 * option, a missing value, an unexpected argument), which names the flag; undefined for
 * any other error.
 */
function usageErrorMessage(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code !== "string" || !code.startsWith("ERR_PARSE_ARGS_")) return undefined;
  const message = (error as Error).message;
  const end = message.indexOf(". ");
  return end === -1 ? message : message.slice(0, end);
}

/**
 * Joins a long option and a following value that starts with "-" (`--cash -5`) into
 * `--cash=-5`, so that the command checks the value and its error names the flag and the
 * value; `parseArgs` would otherwise refuse it as ambiguous without naming the value.
 * Only values that look like negative numbers are joined; nothing after `--` is touched.
 */
function joinNegativeValues(argv: readonly string[]): string[] {
  const result: string[] = [];
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index] as string;
    if (arg === "--") {
      result.push(...argv.slice(index));
      break;
    }
    const next = argv[index + 1];
    if (/^--[a-z][\w-]*$/i.test(arg) && next !== undefined && /^-(\d|\.\d)/.test(next)) {
      result.push(`${arg}=${next}`);
      index++;
    } else {
      result.push(arg);
    }
  }
  return result;
}

/**
 * The one-line form of a `parseArgs` error that refuses a value starting with "-"
 * (`--data -x`): `Invalid --data "-x": ...`; undefined for other errors.
 */
function ambiguousValueMessage(error: unknown, argv: readonly string[]): string | undefined {
  if (
    (error as NodeJS.ErrnoException | undefined)?.code !== "ERR_PARSE_ARGS_INVALID_OPTION_VALUE"
  ) {
    return undefined;
  }
  const flag = /^Option '(-[^' ]+)/.exec((error as Error).message)?.[1];
  const at = flag === undefined ? -1 : argv.indexOf(flag);
  const value = at === -1 ? undefined : argv[at + 1];
  if (flag === undefined || value === undefined || !value.startsWith("-")) return undefined;
  return `Invalid ${flag} "${value}": a value starting with "-" must be joined to its flag, as ${flag}=${value}`;
}

/** Runs the command line and resolves to the process exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...given] = argv;
  const rest = joinNegativeValues(given);
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    console.log(usage());
    return name === undefined ? 1 : 0;
  }
  const entry = commands[name];
  if (entry === undefined) {
    console.error(`Unknown command "${name}".\n\n${usage()}`);
    return 2;
  }
  try {
    const command = await entry.load();
    return await command(rest);
  } catch (error) {
    if (error instanceof ConfigError) {
      // One line per violation, each naming its flag or key and the value.
      for (const violation of error.violations) {
        console.error(`tradewatch ${name}: ${violation.message} (${error.code})`);
      }
      return 1;
    }
    if (error instanceof TradewatchError) {
      // The code ends the first line; details (a diff, a list) follow it.
      const [first, ...details] = error.message.split("\n");
      console.error([`tradewatch ${name}: ${first} (${error.code})`, ...details].join("\n"));
      return 1;
    }
    const ambiguous = ambiguousValueMessage(error, rest);
    if (ambiguous !== undefined) {
      console.error(`tradewatch ${name}: ${ambiguous}`);
      return 2;
    }
    const usageError = usageErrorMessage(error);
    if (usageError !== undefined) {
      const sub = withSubcommands.has(name) && rest[0] !== undefined ? ` ${rest[0]}` : "";
      console.error(`tradewatch ${name}: ${usageError} (see "tradewatch ${name}${sub} --help")`);
      return 2;
    }
    throw error;
  }
}
