/** @module `tradewatch report`: performance statistics from a journal or from trades/equity CSV files. */
import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import {
  analyzeJournal,
  buildPerformanceReport,
  defaultJournalPath,
  formatReport,
  Journal,
  type PerformanceReport,
  type ReportWindow,
  readEquityCsv,
  readTradesCsv,
  reportWindows,
} from "../../analytics/index.js";
import { TradewatchError } from "../../errors.js";

const usage = `Usage:
  tradewatch report [--journal FILE] [--window today|7d|30d|all] [--json]
      Statistics from a bot's trade journal (default $TRADEWATCH_JOURNAL, else ${defaultJournalPath("paper")}).
  tradewatch report --trades TRADES.csv [--equity EQUITY.csv] [--json]
      Statistics from plain files, so any bot's history can be analysed.
      trades: closed_at,symbol,side,quantity,entry_price,exit_price,fee[,strategy]
      equity: timestamp,equity
Options:
  --periods-per-year N   annualisation periods of daily returns: 252 (default) or 365 for
                         markets that never close
  --risk-free-rate R     annual risk-free rate as a fraction, default 0
  --now ISO              end of the window (default now; use the journal's clock for backtests)
  --json                 print the report as JSON (undefined statistics are null)`;

function parseNumberOption(
  name: string,
  text: string | undefined,
  min: number,
): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value) || value < min) {
    throw new TradewatchError(
      "ERR_INVALID_CONFIG",
      `Invalid --${name} "${text}": must be a number ≥ ${min}`,
    );
  }
  return value;
}

/** Runs `tradewatch report`; resolves to 0, or 2 on a usage error (an unknown option throws, for `main` to print). */
export async function report(argv: readonly string[]): Promise<number> {
  // An unknown option or a missing value throws; `tradewatch` prints it on one line.
  const { values } = parse(argv);
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const window = values.window as ReportWindow;
  if (!reportWindows.includes(window)) {
    throw new TradewatchError(
      "ERR_INVALID_CONFIG",
      `Invalid --window "${values.window}": must be one of ${reportWindows.join(", ")}`,
    );
  }
  const periodsPerYear = parseNumberOption("periods-per-year", values["periods-per-year"], 1);
  const riskFreeRate = parseNumberOption("risk-free-rate", values["risk-free-rate"], -1);
  let now: number | undefined;
  if (values.now !== undefined) {
    now = Date.parse(values.now);
    if (Number.isNaN(now)) {
      throw new TradewatchError(
        "ERR_INVALID_CONFIG",
        `Invalid --now "${values.now}": must be an ISO 8601 date-time`,
      );
    }
  }

  let result: PerformanceReport;
  if (values.trades !== undefined || values.equity !== undefined) {
    if (values.journal !== undefined) {
      console.error(
        'tradewatch report: --journal cannot be combined with --trades/--equity (see "tradewatch report --help")',
      );
      return 2;
    }
    const trades = values.trades === undefined ? [] : readTradesCsv(values.trades);
    const equity = values.equity === undefined ? [] : readEquityCsv(values.equity);
    result = buildPerformanceReport({ trades, equity }, { periodsPerYear, riskFreeRate });
  } else {
    const path = values.journal ?? process.env.TRADEWATCH_JOURNAL ?? defaultJournalPath("paper");
    if (!existsSync(path)) {
      throw new TradewatchError(
        "ERR_INVALID_CONFIG",
        `Journal "${path}" does not exist: pass --journal FILE, or --trades/--equity CSV files`,
      );
    }
    const journal = Journal.open({ path, readOnly: true });
    try {
      result = analyzeJournal(journal, { window, now, periodsPerYear, riskFreeRate });
    } finally {
      journal.close();
    }
  }
  process.stdout.write(values.json ? `${JSON.stringify(result, null, 2)}\n` : formatReport(result));
  return 0;
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    options: {
      journal: { type: "string" },
      trades: { type: "string" },
      equity: { type: "string" },
      window: { type: "string", default: "all" },
      json: { type: "boolean", default: false },
      "periods-per-year": { type: "string" },
      "risk-free-rate": { type: "string" },
      now: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
}
