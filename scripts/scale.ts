/**
 * @module `npx tsx scripts/scale.ts --bots 20 --seconds 120`: 20 real
 * `tradewatch run` processes scraped by one real Prometheus that remote-writes to a real
 * VictoriaMetrics; prints series per bot, bytes per scrape, scrape duration, VictoriaMetrics'
 * samples/s and disk per day, and the aggregated-query check. Exits 1 when the check fails.
 */
import { parseArgs } from "node:util";
import { runScale } from "../test/support/scale-run.js";

const { values } = parseArgs({
  options: {
    bots: { type: "string", default: "20" },
    seconds: { type: "string", default: "120" },
    interval: { type: "string", default: "5s" },
  },
});
const bots = Number(values.bots);
const seconds = Number(values.seconds);
if (!(Number.isInteger(bots) && bots >= 1) || !(seconds > 0)) {
  console.error(
    `Invalid --bots "${values.bots}" or --seconds "${values.seconds}": must be positive numbers`,
  );
  process.exit(2);
}
const result = await runScale({
  bots,
  measureSeconds: seconds,
  scrapeInterval: values.interval,
  log: (line) => console.log(line),
});
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
const difference = Math.abs(result.aggregate.store - result.aggregate.direct);
const tolerance = result.aggregate.cyclesPerSecond * (Number.parseFloat(values.interval) + 2);
console.log(`bots                     ${result.bots} (measured ${result.measuredSeconds.toFixed(0)} s, scrape every ${values.interval})
series per bot           ${result.seriesPerBot.mean.toFixed(0)} (min ${result.seriesPerBot.min}, max ${result.seriesPerBot.max})
bytes per scrape         ${result.bytesPerScrape.plain} plain, ${result.bytesPerScrape.gzip} gzip
scrape duration          mean ${(result.scrapeDurationSeconds.mean * 1000).toFixed(1)} ms, max ${(result.scrapeDurationSeconds.max * 1000).toFixed(1)} ms
VictoriaMetrics ingest   ${result.vmSamplesPerSecond.toFixed(0)} samples/s (${result.samplesPerBotPerSecond.toFixed(1)} per bot)
VictoriaMetrics disk     ${mb(result.vmDiskBytesPerDay)} per day (data dir growth), ${result.vmBytesPerSample.toFixed(2)} bytes per stored sample
aggregate                sum(tradewatch_cycles_total) ${result.aggregate.store} in VictoriaMetrics, ${result.aggregate.direct} from the bots' own /metrics (tolerance ${tolerance.toFixed(0)})`);
process.exit(difference <= tolerance ? 0 : 1);
