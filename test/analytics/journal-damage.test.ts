/** @module A damaged journal is reported as damaged (journal info, journal check, run), in one line with the way out. */
import { spawnSync } from "node:child_process";
import {
  closeSync,
  copyFileSync,
  mkdtempSync,
  openSync,
  rmSync,
  statSync,
  truncateSync,
  writeSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Journal } from "../../src/analytics/journal/journal.js";
import type { JournalError } from "../../src/analytics/journal-error.js";

const directory = mkdtempSync(join(tmpdir(), "tradewatch-journal-damage-"));
const healthy = join(directory, "healthy.sqlite");
const truncated = join(directory, "truncated.sqlite");
const zeroed = join(directory, "zeroed.sqlite");
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function tradewatch(...args: string[]) {
  const result = spawnSync(process.execPath, ["--import", "tsx", "src/cli/bin.ts", ...args], {
    encoding: "utf8",
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(() => {
  const journal = Journal.open({ path: healthy, botId: "paper", initialCash: 100_000 });
  for (let index = 0; index < 400; index++) {
    const timestamp = Date.UTC(2026, 0, 1) + index * 60_000;
    journal.recordOrder({
      orderId: `order-${index}`,
      strategy: "trend",
      symbol: index % 2 === 0 ? "BTC/USD" : "ETH/USD",
      side: index % 4 < 2 ? "buy" : "sell",
      type: "market",
      quantity: 1,
      status: "new",
      timestamp,
    });
    journal.recordFill({
      fillId: `fill-${index}`,
      orderId: `order-${index}`,
      strategy: "trend",
      symbol: index % 2 === 0 ? "BTC/USD" : "ETH/USD",
      side: index % 4 < 2 ? "buy" : "sell",
      quantity: 1,
      price: 100 + (index % 7),
      fee: 0.1,
      timestamp,
    });
    journal.recordEquity({ timestamp, equity: 100_000 + index });
  }
  journal.close(); // checkpoints the WAL into the file
  const size = statSync(healthy).size;
  copyFileSync(healthy, truncated);
  truncateSync(truncated, Math.floor(size / 2) + 100);
  copyFileSync(healthy, zeroed);
  const page = 4096;
  const file = openSync(zeroed, "r+");
  writeSync(file, Buffer.alloc(page), 0, page, size - page);
  closeSync(file);
}, 60_000);

describe("a damaged journal", () => {
  it("passes journal check when healthy", () => {
    const check = tradewatch("journal", "check", healthy);
    expect(check.code).toBe(0);
    expect(check.stdout).toMatch(
      new RegExp(`^Journal ${healthy}: ok \\(integrity_check, [0-9.]+ MB, 400 fills, \\d+ ms\\)`),
    );
  });

  for (const [damage, path] of [
    ["truncated", truncated],
    ["with its last page zeroed", zeroed],
  ] as const) {
    it(`is refused on open when ${damage}, with ERR_JOURNAL_CORRUPT naming the file and the way out`, () => {
      for (const readOnly of [true, false]) {
        let thrown: JournalError | undefined;
        try {
          Journal.open({ path, readOnly }).close();
        } catch (error) {
          thrown = error as JournalError;
        }
        expect(thrown?.code).toBe("ERR_JOURNAL_CORRUPT");
        expect(thrown?.message).toContain(`Cannot open journal "${path}": `);
        expect(thrown?.message).toContain(`run "tradewatch journal check ${path}"`);
        expect(thrown?.message).not.toContain("\n");
      }
    });

    it(`is reported by journal info and journal check when ${damage}: exit 1, one line, no stack`, () => {
      const info = tradewatch("journal", "info", "--journal", path);
      expect(info.code).toBe(1);
      expect(info.stdout).toBe("");
      const infoLines = info.stderr.trim().split("\n");
      expect(infoLines).toHaveLength(1);
      expect(infoLines[0]).toMatch(
        new RegExp(
          `^tradewatch journal: Cannot open journal "${path}": .*\\(ERR_JOURNAL_CORRUPT\\)$`,
        ),
      );

      const check = tradewatch("journal", "check", path);
      expect(check.code).toBe(1);
      expect(check.stdout).toContain(`Journal ${path}: damaged (integrity_check`);
      const checkLines = check.stderr.trim().split("\n");
      expect(checkLines).toHaveLength(1);
      expect(checkLines[0]).toMatch(
        new RegExp(
          `^tradewatch journal: Journal "${path}" is damaged: .*\\(ERR_JOURNAL_CORRUPT\\)$`,
        ),
      );
    });

    it(`stops run with the clear error, not a SqliteError stack, when ${damage}`, () => {
      const run = tradewatch("run", "--journal", path, "--port", "0", "--quiet", "--duration", "5");
      expect(run.code).toBe(1);
      const lines = run.stderr.trim().split("\n");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        new RegExp(`^tradewatch run: Cannot open journal "${path}": .*\\(ERR_JOURNAL_CORRUPT\\)$`),
      );
      expect(run.stderr).not.toContain("SqliteError");
    });
  }
});
