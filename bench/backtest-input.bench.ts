/**
 * @module The backtest's input path on big files: a 100 MB and a 1 GB generated OHLCV CSV
 * (two symbols, one row per symbol and minute), each opened with `CsvReplay.open` (the
 * checking pass) and replayed batch by batch to the end, as `tradewatch backtest` pulls it,
 * in a fresh process whose peak RSS is read at the end. Prints peak RSS, the time to the
 * first batch, and bars per second of each pass. The files are written to a temporary
 * directory and deleted afterwards. `BENCH_QUICK=1` uses 10 MB and 100 MB.
 *
 * The reader this replaced read the file whole into a string: 100 MB peaked at 883 MiB RSS
 * with nothing printed for 7 s, and 600 MB crashed with ERR_STRING_TOO_LONG (measured on
 * main before the change; the reader is gone, so it is not re-run here).
 */
import { spawnSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { CsvReplay } from "../src/bot/market/csv/csv-replay.js";

const MIB = 1024 * 1024;

/** Writes a mean-reverting random-walk OHLCV CSV of about `bytes` bytes; returns the rows written. */
function generate(path: string, bytes: number): number {
  const fd = openSync(path, "w");
  let written = writeSync(fd, "timestamp,symbol,open,high,low,close,volume\n");
  const symbols = ["BTC/USD", "ETH/USD"];
  const prices = [42_000, 2_300];
  let time = Date.UTC(2020, 0, 1);
  let seed = 7;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  let rows = 0;
  while (written < bytes) {
    let chunk = "";
    for (let minute = 0; minute < 5_000; minute++) {
      for (let index = 0; index < symbols.length; index++) {
        const open = prices[index]!;
        const base = index === 0 ? 42_000 : 2_300;
        // A walk pulled back toward its base price, so that 18 million steps stay positive.
        const close = open * (1 + (random() - 0.5) * 0.002 + ((base - open) / base) * 0.001);
        const high = Math.max(open, close) * (1 + random() * 0.0005);
        const low = Math.min(open, close) * (1 - random() * 0.0005);
        prices[index] = close;
        chunk += `${time},${symbols[index]},${open.toFixed(4)},${high.toFixed(4)},${low.toFixed(4)},${close.toFixed(4)},${(random() * 50).toFixed(4)}\n`;
        rows++;
      }
      time += 60_000;
    }
    written += writeSync(fd, chunk);
  }
  closeSync(fd);
  return rows;
}

interface ChildResult {
  readonly bars: number;
  readonly checkSeconds: number;
  readonly firstBatchSeconds: number;
  readonly replaySeconds: number;
  readonly peakRssMiB: number;
}

/** In the child: open and drain the replay, then print what it measured as JSON. */
async function measure(path: string): Promise<void> {
  const started = performance.now();
  const replay = await CsvReplay.open({ path });
  const checked = performance.now();
  let bars = 0;
  let firstBatch = Number.NaN;
  for (let batch = await replay.next(); batch !== null; batch = await replay.next()) {
    if (Number.isNaN(firstBatch)) firstBatch = performance.now();
    bars += batch.bars.length;
  }
  const ended = performance.now();
  const result: ChildResult = {
    bars,
    checkSeconds: (checked - started) / 1000,
    firstBatchSeconds: (firstBatch - started) / 1000,
    replaySeconds: (ended - checked) / 1000,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function main(): void {
  const quick = process.env.BENCH_QUICK === "1";
  const sizes = quick ? [10 * MIB, 100 * MIB] : [100 * MIB, 1024 * MIB];
  const dir = mkdtempSync(join(tmpdir(), "tradewatch-backtest-input-"));
  const self = fileURLToPath(import.meta.url);
  const rows: string[] = [];
  try {
    for (const size of sizes) {
      const path = join(dir, `bars-${size / MIB}mib.csv`);
      const generatedAt = performance.now();
      const written = generate(path, size);
      const fileMiB = statSync(path).size / MIB;
      process.stderr.write(
        `generated ${fileMiB.toFixed(0)} MiB (${written.toLocaleString("en-US")} bars) in ${((performance.now() - generatedAt) / 1000).toFixed(1)} s\n`,
      );
      const child = spawnSync(process.execPath, ["--import", "tsx", self, "--child", path], {
        encoding: "utf8",
        maxBuffer: 1024 * 1024,
      });
      if (child.status !== 0) throw new Error(`child failed on ${path}: ${child.stderr}`);
      const result = JSON.parse(child.stdout) as ChildResult;
      rows.push(
        `| ${fileMiB.toFixed(0)} MiB | ${result.bars.toLocaleString("en-US")} | ${result.peakRssMiB.toFixed(0)} MiB | ${result.firstBatchSeconds.toFixed(1)} s | ${Math.round(result.bars / result.checkSeconds).toLocaleString("en-US")} (${result.checkSeconds.toFixed(1)} s) | ${Math.round(result.bars / result.replaySeconds).toLocaleString("en-US")} (${result.replaySeconds.toFixed(1)} s) |`,
      );
      rmSync(path, { force: true });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log("| file | bars | peak RSS | first batch after | check pass bars/s | replay bars/s |");
  console.log("|---|---|---|---|---|---|");
  for (const row of rows) console.log(row);
  console.log(
    "\nBefore (whole-file reader, measured on main): 100 MB peaked at 883 MiB RSS and printed nothing for 7 s; 600 MB crashed with ERR_STRING_TOO_LONG.",
  );
}

const childIndex = process.argv.indexOf("--child");
if (childIndex !== -1) await measure(process.argv[childIndex + 1] as string);
else main();
