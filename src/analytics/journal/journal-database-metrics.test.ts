import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createBotRecorder } from "../../bot/telemetry/bot-recorder.js";
import { Registry } from "../../metrics/index.js";
import { Journal } from "./journal.js";
import { instrumentJournalDatabase } from "./journal-database-metrics.js";

let directory: string;
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), "tradewatch-journal-metrics-"));
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

function setup() {
  const registry = new Registry();
  const recorder = createBotRecorder({
    registry,
    symbols: ["BTC/USD"],
    constLabels: { environment: "test" },
  });
  const value = async (series: string) => {
    const line = (await registry.metrics())
      .split("\n")
      .find((candidate) => candidate.startsWith(series));
    return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(" ") + 1));
  };
  return { recorder, value };
}

const up = 'tradewatch_database_connection_up{environment="test",database="sqlite"}';
const count = (queryType: string) =>
  `tradewatch_database_query_duration_seconds_count{environment="test",database="sqlite",query_type="${queryType}"}`;

describe("instrumentJournalDatabase", () => {
  it("times the journal's SQLite writes and reads, and is up while open, down after close", async () => {
    const { recorder, value } = setup();
    const journal = instrumentJournalDatabase(
      Journal.open({ path: join(directory, "j.sqlite"), initialCash: 1000 }),
      recorder,
    );
    expect(await value(up)).toBe(1);
    journal.recordOrder({
      orderId: "o1",
      strategy: "trend_momentum",
      symbol: "BTC/USD",
      side: "buy",
      type: "market",
      quantity: 1,
      status: "created",
      timestamp: 1,
    });
    journal.updateOrderStatus("o1", "submitted", 2);
    journal.portfolio();
    journal.fills();
    expect(await value(count("write"))).toBe(2);
    expect(await value(count("read"))).toBe(2);
    journal.close();
    expect(await value(up)).toBe(0);
  });

  it("reads 0 after an I/O error and 1 again after the next successful call", async () => {
    const { recorder, value } = setup();
    let failing = true;
    const stub = {
      fills: () => {
        if (failing)
          throw Object.assign(new Error("disk I/O error"), { code: "SQLITE_IOERR_WRITE" });
        return [];
      },
      close: () => {},
    };
    const journal = instrumentJournalDatabase(stub as unknown as Journal, recorder);
    expect(() => journal.fills()).toThrow("disk I/O error");
    expect(await value(up)).toBe(0);
    expect(await value(count("read"))).toBe(1);
    failing = false;
    journal.fills();
    expect(await value(up)).toBe(1);
  });
});
