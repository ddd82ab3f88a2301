/** @module `--help` on every operations subcommand prints its usage and exits 0; an unknown flag is one line naming it, exit 2, no stack trace. */
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from "vitest";
import { main } from "../../src/cli/main.js";

describe("tradewatch <command> <subcommand> --help", () => {
  let log: MockInstance<typeof console.log>;
  let error: MockInstance<typeof console.error>;
  const printed = (spy: MockInstance<typeof console.log>) =>
    spy.mock.calls.map((call) => call.join(" ")).join("\n");

  beforeEach(() => {
    log = vi.spyOn(console, "log").mockImplementation(() => undefined);
    error = vi.spyOn(console, "error").mockImplementation(() => undefined);
  });

  afterEach(() => vi.restoreAllMocks());

  const helped: [string[], RegExp][] = [
    [["stack", "--help"], /tradewatch stack <up\|down\|reload\|status>/],
    [["stack", "reload", "--help"], /Usage: tradewatch stack reload/],
    [
      ["stack", "up", "--help"],
      /Usage: tradewatch stack up [\s\S]*--planes data=HOST:PORT[\s\S]*ALERT_WEBHOOK_URL/,
    ],
    [["stack", "up", "--dir", "/nonexistent", "-h"], /Usage: tradewatch stack up/],
    [["stack", "down", "--help"], /Usage: tradewatch stack down/],
    [["stack", "status", "-h"], /Usage: tradewatch stack status/],
    [["ops", "--help"], /tradewatch ops <generate\|lint>/],
    [["ops", "generate", "--help"], /Usage: tradewatch ops generate/],
    [["ops", "lint", "-h"], /Usage: tradewatch ops lint/],
    [["report", "--help"], /tradewatch report \[--journal FILE\]/],
    [["report", "-h"], /tradewatch report \[--journal FILE\]/],
    [["journal", "--help"], /tradewatch journal prune/],
    [["journal", "prune", "--help"], /tradewatch journal prune/],
    [["journal", "info", "-h"], /tradewatch journal info/],
  ];
  for (const [argv, usage] of helped) {
    it(`${argv.join(" ")} prints the usage and exits 0`, async () => {
      expect(await main(argv)).toBe(0);
      expect(printed(log)).toMatch(usage);
      expect(error).not.toHaveBeenCalled();
    });
  }

  const unknown: [string[], string][] = [
    [
      ["stack", "up", "--bogus"],
      `tradewatch stack: Unknown option '--bogus' (see "tradewatch stack up --help")`,
    ],
    [
      ["stack", "down", "--prometheus-port", "9999"],
      `tradewatch stack: Unknown option '--prometheus-port' (see "tradewatch stack down --help")`,
    ],
    [
      ["stack", "status", "--dir"],
      `tradewatch stack: Option '--dir <value>' argument missing (see "tradewatch stack status --help")`,
    ],
    [
      ["ops", "generate", "--bogus"],
      `tradewatch ops: Unknown option '--bogus' (see "tradewatch ops generate --help")`,
    ],
    [
      ["ops", "lint", "--bogus"],
      `tradewatch ops: Unknown option '--bogus' (see "tradewatch ops lint --help")`,
    ],
    [
      ["report", "--bogus"],
      `tradewatch report: Unknown option '--bogus' (see "tradewatch report --help")`,
    ],
  ];
  for (const [argv, line] of unknown) {
    it(`${argv.join(" ")} is one line naming the flag, exit 2`, async () => {
      expect(await main(argv)).toBe(2);
      expect(error.mock.calls).toEqual([[line]]);
      expect(log).not.toHaveBeenCalled();
    });
  }

  it("a bad value is one line naming the flag and the value, exit 1", async () => {
    expect(await main(["stack", "up", "--prometheus-port", "99999"])).toBe(1);
    expect(error.mock.calls).toEqual([
      [
        'tradewatch stack: Invalid --prometheus-port "99999": must be a port between 1 and 65535 (ERR_INVALID_CONFIG)',
      ],
    ]);
    expect(await main(["stack", "up", "--planes", "risk=127.0.0.1:1"])).toBe(1);
    expect(error.mock.calls[1]?.[0]).toContain('Invalid --planes entry "risk=127.0.0.1:1"');
  });
});
