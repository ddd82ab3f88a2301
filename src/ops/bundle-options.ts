/** @module The default addresses and names of the generated operations bundle. */
import { DEFAULT_NAMESPACE } from "../catalog/index.js";
import type { BundleOptions } from "./types.js";

/**
 * What `tradewatch ops generate` writes into deploy/: the bot on 127.0.0.1:9100 as
 * `tradewatch run` serves it, and the Debian packages' default ports for Prometheus
 * (9090), Alertmanager (9093) and the Pushgateway (9091). The planes use seed 003's ports
 * (8000 data, 8001 order, 8002 strategy), as tradewatch.example.yaml suggests them.
 */
export const defaultBundleOptions: BundleOptions = Object.freeze({
  namespace: DEFAULT_NAMESPACE,
  job: "tradewatch",
  botTarget: "127.0.0.1:9100",
  planeTargets: Object.freeze({
    data: "127.0.0.1:8000",
    order: "127.0.0.1:8001",
    strategy: "127.0.0.1:8002",
  }),
  pushgatewayTarget: "127.0.0.1:9091",
  alertmanagerTarget: "127.0.0.1:9093",
  prometheusTarget: "127.0.0.1:9090",
  grafanaPort: 3000,
  scrapeInterval: "15s",
  webhookUrl: "http://127.0.0.1:5001/alerts",
  email: Object.freeze({
    from: "tradewatch@localhost",
    to: "oncall@localhost",
    smarthost: "127.0.0.1:25",
  }),
  slackChannel: "#trading-alerts",
  runbookBaseUrl: "deploy/RUNBOOK.md",
});
