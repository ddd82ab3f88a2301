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

function usage(): string {
  const width = Math.max(...Object.keys(commands).map((name) => name.length));
  const lines = Object.entries(commands).map(
    ([name, entry]) => `  ${name.padEnd(width)}  ${entry.summary}`,
  );
  return `Usage: tradewatch <command> [options]\n\nCommands:\n${lines.join("\n")}\n\nRun "tradewatch <command> --help" for a command's options.`;
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
      console.error(`tradewatch ${name}: ${error.message} (${error.code})`);
      return 1;
    }
    throw error;
  }
}
