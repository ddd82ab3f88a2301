import { describe, expect, it } from "vitest";
import { parseFaultSchedule } from "./fault-schedule.js";

describe("parseFaultSchedule", () => {
  it("reads comma-separated <duration>:<kind> phases in order", () => {
    expect(
      parseFaultSchedule(
        "10m:healthy, 3m:api_errors,150s:disconnect,500ms:rate_limit,1.5h:plane_down:order",
      ),
    ).toEqual([
      { kind: "healthy", seconds: 600 },
      { kind: "api_errors", seconds: 180 },
      { kind: "disconnect", seconds: 150 },
      { kind: "rate_limit", seconds: 0.5 },
      { kind: "plane_down:order", seconds: 5400 },
    ]);
  });

  it("names the bad phase and what is allowed", () => {
    expect(() => parseFaultSchedule("10m:meltdown")).toThrow(
      /Invalid --fault-schedule phase "10m:meltdown": must be <duration>:<kind>, kind one of healthy, disconnect/,
    );
    expect(() => parseFaultSchedule("ten:disconnect")).toThrow(
      /Invalid --fault-schedule duration "ten": must be a positive duration/,
    );
    expect(() => parseFaultSchedule("0s:disconnect")).toThrow(/"0s"/);
    expect(() => parseFaultSchedule(" , ")).toThrow(/give at least one/);
  });
});
