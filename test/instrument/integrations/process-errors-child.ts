/** @module Test child: installs captureProcessErrors with a recorder that logs its calls, then dies as argv[2] says. */

import { captureProcessErrors } from "../../../src/instrument/index.js";
import type { TradingRecorder } from "../../../src/recorder/index.js";

const logging = {
  inc: (key: string, labels: Record<string, string>) =>
    process.stderr.write(`RECORDED ${key} ${labels.error_type}\n`),
  recordError: (component: string, severity: string) =>
    process.stderr.write(`RECORDED errors ${component} ${severity}\n`),
} as unknown as TradingRecorder;
captureProcessErrors(logging);

if (process.argv[2] === "rejection") void Promise.reject(new Error("lost rejection"));
else
  setTimeout(() => {
    throw new Error("lost exception");
  }, 0);
