/**
 * @module `npm run soak`: the alert drill at full length (about 24 minutes): the real bundle,
 * with its real `for:` durations, intervals and Alertmanager timers, against a bot driven
 * through the documented schedule. Prints one row per alert and exits 1 when an alert that
 * should fire did not within its deadline, or one that should stay silent fired.
 * `npm run soak -- --time-scale 0.1` runs the same drill ten times faster.
 */
import { parseArgs } from "node:util";
import { runAlertDrill } from "../test/support/alert-drill.js";

const { values } = parseArgs({
  options: { "time-scale": { type: "string", default: "1" }, seed: { type: "string" } },
});
const timeScale = Number(values["time-scale"]);
if (!(timeScale > 0 && timeScale <= 1)) {
  console.error(`Invalid --time-scale "${values["time-scale"]}": must be a number in (0, 1]`);
  process.exit(2);
}
const started = Date.now();
const result = await runAlertDrill({
  timeScale,
  ...(values.seed === undefined ? {} : { seed: Number(values.seed) }),
  log: (line) => console.log(line),
});
console.log(`\n${result.table}\n`);
console.log(
  `soak: ${result.rows.length - result.failed.length} passed, ${result.failed.length} failed in ${((Date.now() - started) / 60_000).toFixed(1)} min`,
);
process.exit(result.failed.length === 0 ? 0 : 1);
