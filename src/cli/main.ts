#!/usr/bin/env node
/** @module The `tradewatch` command: dispatches to one module per subcommand. */
import { TradewatchError } from "../errors.js";

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

/** Runs the command line and resolves to the process exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
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
    if (error instanceof TradewatchError) {
      // The code ends the first line; details (a diff, a list) follow it.
      const [first, ...details] = error.message.split("\n");
      console.error([`tradewatch ${name}: ${first} (${error.code})`, ...details].join("\n"));
      return 1;
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
