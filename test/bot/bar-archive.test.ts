/**
 * @module The reference bot's market data store as an operator sees it: `tradewatch run` with a
 * journal stores the bars it accepts beside it (what `--market csv` replays), and each write is
 * counted in `data_storage_writes_total` and timed in `data_storage_write_duration_seconds`;
 * a failing store counts `outcome="error"`.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createBot } from "../../src/bot/bot.js";
import { CsvReplay } from "../../src/bot/market/csv/csv-replay.js";
import { switchboard } from "../../src/bot/switchboard.js";
import { createBotRecorder } from "../../src/bot/telemetry/bot-recorder.js";
import type { Bar } from "../../src/bot/types.js";
import { barArchivePath, startBarArchive } from "../../src/cli/commands/run-bar-archive.js";
import { Registry } from "../../src/metrics/index.js";

const directories: string[] = [];
afterEach(() => {
  for (const directory of directories.splice(0))
    rmSync(directory, { recursive: true, force: true });
});

function sample(scrape: string, series: string): number {
  const line = scrape.split("\n").find((candidate) => candidate.startsWith(series));
  return line === undefined ? Number.NaN : Number(line.slice(line.lastIndexOf(" ") + 1));
}

async function archivedRun(journalPath: string, cycles: number) {
  const bot = await createBot({ seed: 3, simulated: { seed: 5 } }, { clock: "market" });
  const registry = new Registry();
  const recorder = createBotRecorder({
    registry,
    symbols: bot.market.symbols,
    constLabels: { environment: "test" },
  });
  const archive = startBarArchive(bot, journalPath, recorder);
  const accepted: Bar[] = [];
  bot.bus.subscribe(switchboard.allBars, (event) => accepted.push(event.bar));
  bot.start();
  for (let cycle = 0; cycle < cycles; cycle++) await bot.runCycle();
  archive.close();
  bot.dispose();
  return { archive, accepted, scrape: await registry.metrics() };
}

describe("the bar archive beside the journal", () => {
  it("stores every accepted bar, replayable as CSV, and counts each write", async () => {
    const directory = mkdtempSync(join(tmpdir(), "tradewatch-bars-"));
    directories.push(directory);
    const journalPath = join(directory, "paper.sqlite");
    const { archive, accepted, scrape } = await archivedRun(journalPath, 50);
    expect(archive.path).toBe(join(directory, "paper.bars.csv"));
    expect(archive.writes).toBe(50);
    expect(
      sample(scrape, 'tradewatch_data_storage_writes_total{environment="test",outcome="success"}'),
    ).toBe(50);
    expect(
      sample(scrape, 'tradewatch_data_storage_writes_total{environment="test",outcome="error"}'),
    ).toBe(0);
    expect(
      sample(scrape, 'tradewatch_data_storage_write_duration_seconds_count{environment="test"}'),
    ).toBe(50);
    expect(
      sample(scrape, 'tradewatch_data_storage_write_duration_seconds_sum{environment="test"}'),
    ).toBeGreaterThan(0);
    const replay = await CsvReplay.open({ path: archive.path });
    const replayed: Bar[] = [];
    for (let batch = await replay.next(); batch !== null; batch = await replay.next())
      replayed.push(...batch.bars);
    expect(replayed).toEqual(accepted);
  });

  it("keeps the previous run's bars in .1 when a run starts again", async () => {
    const directory = mkdtempSync(join(tmpdir(), "tradewatch-bars-"));
    directories.push(directory);
    const journalPath = join(directory, "paper.sqlite");
    writeFileSync(barArchivePath(journalPath), "previous run\n");
    await archivedRun(journalPath, 3);
    expect(readFileSync(`${barArchivePath(journalPath)}.1`, "utf8")).toBe("previous run\n");
    expect(readFileSync(barArchivePath(journalPath), "utf8")).toMatch(/^timestamp,symbol,open/);
  });

  it("counts failed writes as errors", async () => {
    const directory = mkdtempSync(join(tmpdir(), "tradewatch-bars-"));
    directories.push(directory);
    const journalPath = join(directory, "missing", "paper.sqlite");
    const { archive, scrape } = await archivedRun(journalPath, 4);
    expect(existsSync(archive.path)).toBe(false);
    expect(
      sample(scrape, 'tradewatch_data_storage_writes_total{environment="test",outcome="error"}'),
    ).toBe(4);
    expect(
      sample(scrape, 'tradewatch_data_storage_writes_total{environment="test",outcome="success"}'),
    ).toBe(0);
  });
});
