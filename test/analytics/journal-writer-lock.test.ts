/** @module The journal's writer lock and checks in one process: a second writer is refused, readers are not. */
import { mkdtempSync, rmSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { checkJournal } from "../../src/analytics/journal/check-journal.js";
import { Journal } from "../../src/analytics/journal/journal.js";

const directory = mkdtempSync(join(tmpdir(), "tradewatch-journal-writer-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe("the journal's writer lock", () => {
  it("refuses a second writer naming this process, lets readers in, and frees the journal on close", () => {
    const path = join(directory, "bot.sqlite");
    const writer = Journal.open({ path, initialCash: 1_000 });
    expect(() => Journal.open({ path })).toThrow(
      new RegExp(
        `^Journal "${path}" is locked by process ${process.pid} on host ${hostname()} \\(writing since \\d{4}-`,
      ),
    );
    try {
      Journal.open({ path });
    } catch (error) {
      expect((error as { code: string }).code).toBe("ERR_JOURNAL_LOCKED");
    }
    const reader = Journal.open({ path, readOnly: true });
    expect(reader.portfolio().cash).toBe(1_000);
    reader.close();
    writer.close();
    const next = Journal.open({ path });
    expect(next.portfolio().cash).toBe(1_000);
    next.close();
  });

  it("journal check finds an account row that counts fewer fills than the table holds (two writers)", () => {
    const path = join(directory, "two-writers.sqlite");
    const journal = Journal.open({ path, initialCash: 1_000 });
    for (const id of ["a", "b", "c"]) {
      journal.recordFill({
        fillId: id,
        symbol: "BTC/USD",
        side: "buy",
        quantity: 1,
        price: 10,
        timestamp: Date.UTC(2026, 0, 1),
      });
    }
    journal.close();
    expect(checkJournal(path)).toMatchObject({ ok: true, problems: [], fills: 3 });
    const db = new Database(path);
    db.prepare("UPDATE account SET fill_count = 2").run();
    db.close();
    expect(checkJournal(path).problems).toEqual([
      "the account row counts 2 fills, the fills table holds 3: more than one process wrote this journal",
    ]);
  });
});
