/** @module `tradewatch stack` as an operator runs it, against the machine's real Prometheus, Alertmanager and Pushgateway: non-default ports, a taken port, edited files. */
import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultBundleOptions } from "../../src/ops/bundle-options.js";
import { alertRuleGroups } from "../../src/ops/generate/alert-rules.js";
import { recordingRuleGroups } from "../../src/ops/generate/recording-rules.js";
import { identityMismatch } from "../../src/ops/stack/component-identity.js";
import {
  type StackOptions,
  stackDown,
  stackStatus,
  stackUp,
} from "../../src/ops/stack/local-stack.js";
import { startAlertmanager } from "../support/alertmanager.js";
import { freePort } from "../support/free-port.js";
import { startPrometheus } from "../support/prometheus-server.js";

const root = join(import.meta.dirname, "..", "..");
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `tradewatch <args>` as an operator would, in its own process. */
async function tradewatch(
  args: readonly string[],
  environment: Readonly<Record<string, string>> = {},
): Promise<CliResult> {
  return await promisify(execFile)(
    process.execPath,
    ["--import", "tsx", "src/cli/bin.ts", ...args],
    { cwd: root, env: { ...process.env, ...environment }, timeout: 90_000 },
  ).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code?: number; stdout: string; stderr: string }) => ({
      code: typeof error.code === "number" ? error.code : -1,
      stdout: error.stdout,
      stderr: error.stderr,
    }),
  );
}

const answers = async (target: string) =>
  await fetch(`http://${target}/-/ready`).then(
    () => true,
    () => false,
  );

/** Pids of live processes whose command line mentions `text` (a stack directory). */
async function processesMentioning(text: string): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const commandLine = await readFile(`/proc/${entry}/cmdline`, "utf8").catch(() => "");
    if (commandLine.includes(text) && !commandLine.includes("vitest")) pids.push(Number(entry));
  }
  return pids;
}

describe("stack up / status / down on non-default ports", () => {
  let directory: string;
  let ports: { prometheus: number; alertmanager: number; pushgateway: number; bot: number };
  const planes = "data=127.0.0.1:18000,order=127.0.0.1:18001,strategy=127.0.0.1:18002";

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), "tradewatch-stack-"));
    ports = {
      prometheus: await freePort(),
      alertmanager: await freePort(),
      pushgateway: await freePort(),
      bot: await freePort(),
    };
  });

  afterAll(async () => {
    await tradewatch(["stack", "down", "--dir", directory]);
    await rm(directory, { recursive: true, force: true });
  });

  it("starts all three where asked, and status and down find them with --dir alone", async () => {
    const up = await tradewatch(
      [
        "stack",
        "up",
        "--dir",
        directory,
        "--bot",
        `127.0.0.1:${ports.bot}`,
        "--prometheus-port",
        String(ports.prometheus),
        "--alertmanager-port",
        String(ports.alertmanager),
        "--pushgateway-port",
        String(ports.pushgateway),
        "--planes",
        planes,
      ],
      { ALERT_WEBHOOK_URL: "http://127.0.0.1:9/alerts", SLACK_WEBHOOK_URL: "" },
    );
    expect(up.stderr).toBe("");
    expect(up.code).toBe(0);
    expect(up.stdout).toContain("Alertmanager notifies: webhook.");

    const prometheus = `http://127.0.0.1:${ports.prometheus}`;
    const rules = (await (await fetch(`${prometheus}/api/v1/rules`)).json()) as {
      data: { groups: { name: string; rules: unknown[] }[] };
    };
    const bundle = { ...defaultBundleOptions, botTarget: `127.0.0.1:${ports.bot}` };
    type Groups = { groups: { name: string; rules: unknown[] }[] };
    const expected = [
      ...(alertRuleGroups(bundle) as Groups).groups,
      ...(recordingRuleGroups(bundle) as Groups).groups,
    ];
    expect(rules.data.groups.map((group) => [group.name, group.rules.length])).toEqual(
      expected.map((group) => [group.name, group.rules.length]),
    );
    // Service discovery of static targets takes a moment after start.
    let instances: string[] = [];
    for (let attempt = 0; attempt < 40 && instances.length < 7; attempt++) {
      const targets = (await (await fetch(`${prometheus}/api/v1/targets`)).json()) as {
        data: { activeTargets: { labels: { instance: string } }[] };
      };
      instances = targets.data.activeTargets.map((target) => target.labels.instance).sort();
      if (instances.length < 7) await sleep(250);
    }
    expect(instances).toEqual(
      [
        `127.0.0.1:${ports.bot}`,
        "127.0.0.1:18000",
        "127.0.0.1:18001",
        "127.0.0.1:18002",
        `127.0.0.1:${ports.pushgateway}`,
        `127.0.0.1:${ports.prometheus}`,
        `127.0.0.1:${ports.alertmanager}`,
      ].sort(),
    );

    // A pushed series reaches Prometheus with the pusher's job label (honor_labels).
    const push = await fetch(`http://127.0.0.1:${ports.pushgateway}/metrics/job/backtest`, {
      method: "PUT",
      body: "# TYPE tradewatch_backtest_bars_total counter\ntradewatch_backtest_bars_total 42\n",
    });
    expect(push.status).toBe(200);

    const status = await tradewatch(["stack", "status", "--dir", directory]);
    expect(status.code).toBe(0);
    for (const port of [ports.prometheus, ports.alertmanager, ports.pushgateway])
      expect(status.stdout).toContain(`http://127.0.0.1:${port}`);
    expect(status.stdout.match(/running \(pid \d+\)/g)).toHaveLength(3);

    const down = await tradewatch(["stack", "down", "--dir", directory]);
    expect(down.code).toBe(0);
    expect(down.stdout.trim()).toBe("Stopped prometheus, alertmanager, pushgateway.");
    for (const port of [ports.prometheus, ports.alertmanager, ports.pushgateway])
      expect(await answers(`127.0.0.1:${port}`)).toBe(false);
    expect(await processesMentioning(directory)).toEqual([]);

    const after = await tradewatch(["stack", "status", "--dir", directory]);
    expect(after.code).toBe(1);
    expect(after.stdout).toContain(`stopped                http://127.0.0.1:${ports.prometheus}`);
  });
});

describe("stack up on a taken port", () => {
  let directory: string;
  let squatter: Server;
  let taken: number;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), "tradewatch-stack-taken-"));
    // Another server that answers 200 (and an empty JSON object) to everything, /-/ready included.
    squatter = createServer((_request, response) =>
      response.writeHead(200, { "content-type": "application/json" }).end("{}"),
    );
    taken = await freePort();
    await new Promise<void>((resolve) => squatter.listen(taken, "127.0.0.1", resolve));
  });

  afterAll(async () => {
    await tradewatch(["stack", "down", "--dir", directory]);
    await new Promise<void>((resolve) => squatter.close(() => resolve()));
    await rm(directory, { recursive: true, force: true });
  });

  for (const component of ["prometheus", "alertmanager", "pushgateway"] as const) {
    it(`fails with one line naming ${component}, the port and its log, and leaves nothing running`, async () => {
      const others = {
        prometheus: await freePort(),
        alertmanager: await freePort(),
        pushgateway: await freePort(),
      };
      others[component] = taken;
      const up = await tradewatch([
        "stack",
        "up",
        "--dir",
        directory,
        "--prometheus-port",
        String(others.prometheus),
        "--alertmanager-port",
        String(others.alertmanager),
        "--pushgateway-port",
        String(others.pushgateway),
      ]);
      expect(up.code).toBe(1);
      expect(up.stdout).not.toContain("Stack running");
      const lines = up.stderr.trim().split("\n");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(`${component} is not serving on 127.0.0.1:${taken}`);
      expect(lines[0]).toContain(`log: ${join(directory, `${component}.log`)}`);
      expect(lines[0]).toMatch(/\(ERR_STACK_START_FAILED\)$/);
      expect(await processesMentioning(directory)).toEqual([]);
      for (const [name, port] of Object.entries(others))
        if (name !== component) expect(await answers(`127.0.0.1:${port}`)).toBe(false);
      const status = await tradewatch(["stack", "status", "--dir", directory]);
      expect(status.code).toBe(1);
      expect(status.stdout).not.toContain("running");
    });
  }
});

describe("the server answering on a component's port", () => {
  it("is not ours when it is another Prometheus, another Alertmanager, or any other HTTP server", async () => {
    const prometheus = await startPrometheus({ scrapeConfigs: [] });
    const alertmanager = await startAlertmanager({
      route: { receiver: "other" },
      receivers: [{ name: "other" }],
    });
    const anything = createServer((_request, response) =>
      response.writeHead(200, { "content-type": "application/json" }).end("{}"),
    );
    const port = await freePort();
    await new Promise<void>((resolve) => anything.listen(port, "127.0.0.1", resolve));
    try {
      const prometheusTarget = prometheus.url.replace("http://", "");
      expect(
        await identityMismatch({
          name: "prometheus",
          target: prometheusTarget,
          configFile: "/stack/prometheus/prometheus.yml",
        }),
      ).toMatch(/^another server answers there \(its --config.file was ".+prometheus\.yml"\)$/);
      expect(
        await identityMismatch({
          name: "alertmanager",
          target: alertmanager.target,
          receivers: ["none"],
          startedAt: Date.now() - 500,
        }),
      ).toBe("another server answers there (its receivers were other)");
      expect(
        await identityMismatch({
          name: "alertmanager",
          target: alertmanager.target,
          receivers: ["other"],
          startedAt: Date.now() + 60_000,
        }),
      ).toMatch(/^another server answers there \(it started at ".+", before this stack's\)$/);
      for (const name of ["prometheus", "alertmanager", "pushgateway"] as const) {
        expect(
          await identityMismatch({
            name,
            target: `127.0.0.1:${port}`,
            configFile: "/stack/prometheus/prometheus.yml",
            persistenceFile: "/stack/pushgateway/metrics.store",
            receivers: ["none"],
            startedAt: Date.now(),
          }),
        ).toMatch(/^another server answers there|did not answer as/);
      }
    } finally {
      await prometheus.stop();
      await alertmanager.stop();
      await new Promise<void>((resolve) => anything.close(() => resolve()));
    }
  });
});

describe("stack up and an operator's edits", () => {
  let options: StackOptions;
  const alertmanagerFile = () => join(options.directory, "alertmanager", "alertmanager.yml");

  beforeAll(async () => {
    options = {
      directory: await mkdtemp(join(tmpdir(), "tradewatch-stack-edits-")),
      bundle: {
        ...defaultBundleOptions,
        botTarget: `127.0.0.1:${await freePort()}`,
        prometheusTarget: `127.0.0.1:${await freePort()}`,
        alertmanagerTarget: `127.0.0.1:${await freePort()}`,
        pushgatewayTarget: `127.0.0.1:${await freePort()}`,
      },
      environment: {},
    };
  });

  afterAll(async () => {
    await stackDown(options).catch(() => undefined);
    await rm(options.directory, { recursive: true, force: true });
  });

  it("refuses to overwrite an edited alertmanager.yml, then keeps or regenerates it on request", async () => {
    const first = await stackUp(options);
    expect(first.receivers).toEqual([]);
    // A second `up` finds everything running and starts nothing twice.
    const again = await stackUp(options);
    expect(again.statuses.map((status) => status.pid)).toEqual(
      first.statuses.map((status) => status.pid),
    );
    expect(again.reloaded).toEqual(["prometheus", "alertmanager", "pushgateway"]);
    await stackDown(options);

    const generated = await readFile(alertmanagerFile(), "utf8");
    const edited = generated.replace("resolve_timeout: 5m", "resolve_timeout: 7m");
    expect(edited).not.toBe(generated);
    await writeFile(alertmanagerFile(), edited);

    const refusal = stackUp(options);
    await expect(refusal).rejects.toMatchObject({ code: "ERR_STACK_FILE_EDITED" });
    await expect(refusal).rejects.toThrow(
      /alertmanager\/alertmanager\.yml .* changed since stack up wrote it: rerun with --keep-edits .* or --force/,
    );
    await expect(refusal).rejects.toThrow(
      /- {3}resolve_timeout: 5m\n {2}\+ {3}resolve_timeout: 7m/,
    );
    expect(await readFile(alertmanagerFile(), "utf8")).toBe(edited);
    expect((await stackStatus(options)).some((status) => status.running)).toBe(false);

    const kept = await stackUp({ ...options, editPolicy: "keep-edits" });
    expect(kept.keptEdits).toEqual(["alertmanager/alertmanager.yml"]);
    const loaded = (await (
      await fetch(`http://${options.bundle.alertmanagerTarget}/api/v2/status`)
    ).json()) as { config: { original: string } };
    expect(loaded.config.original).toContain("resolve_timeout: 7m");
    await stackDown(options);

    const forced = await stackUp({ ...options, editPolicy: "force" });
    expect(forced.overwrittenEdits).toEqual(["alertmanager/alertmanager.yml"]);
    expect(await readFile(alertmanagerFile(), "utf8")).toBe(generated);
    expect(await readFile(`${alertmanagerFile()}.edited`, "utf8")).toBe(edited);
    await stackDown(options);

    // Once regenerated, the next `up` writes it again without asking.
    await expect(stackUp(options)).resolves.toMatchObject({ keptEdits: [], overwrittenEdits: [] });
    await stackDown(options);
    await sleep(0);
  });

  it("names the apt-get command when a binary is missing", async () => {
    await expect(
      stackUp({ ...options, binaries: { pushgateway: "/nonexistent/prometheus-pushgateway" } }),
    ).rejects.toThrow(/sudo apt-get install prometheus-pushgateway/);
  });
});
