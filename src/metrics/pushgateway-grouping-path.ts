/** @module The URL path of a Pushgateway group, grouping labels encoded per the Pushgateway spec. */

/**
 * Returns the URL path of a group, `/metrics/job/<job>{/<label>/<value>}`: values are
 * percent-encoded, and a value that is empty or contains `/` is sent base64url-encoded
 * with the `@base64` suffix on its name, as the Pushgateway requires
 * (`/metrics/job/backtest/path@base64/L3Zhci90bXA`; empty: `/label@base64/=`). Without a job
 * (prom-client's `requireJobName: false`, for gateways such as Gravel) the path is `/metrics`
 * followed by the grouping.
 *
 * @example
 * groupingPath("nightly", { instance: "bot 1" }); // "/metrics/job/nightly/instance/bot%201"
 */
export function groupingPath(
  job: string | undefined,
  grouping: Readonly<Record<string, string | number>> = {},
): string {
  let path = job === undefined || job === "" ? "/metrics" : `/metrics${segment("job", job)}`;
  for (const [name, value] of Object.entries(grouping)) path += segment(name, `${value}`);
  return path;
}

function segment(name: string, value: string): string {
  if (value === "" || value.includes("/")) {
    const encoded = value === "" ? "=" : Buffer.from(value, "utf8").toString("base64url");
    return `/${encodeURIComponent(name)}@base64/${encoded}`;
  }
  return `/${encodeURIComponent(name)}/${encodeURIComponent(value)}`;
}
