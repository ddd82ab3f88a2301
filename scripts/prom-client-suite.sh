#!/usr/bin/env bash
# Runs prom-client's own test suite, its test files unchanged, against tradewatch/metrics:
# tradewatch's metrics core is bundled to CommonJS as the suite's index.js, and the three
# lib/ files whose tests exercise public classes (lib/cluster: AggregatorRegistry,
# lib/registry: Registry, lib/metric: Metric) re-export them. Tests of prom-client's private
# lib/ files (util, validation, timeWindowQuantiles, lib/metrics/*) are left out.
# Dev-only: jest 29 and nock 13 (the versions prom-client 15.1.3 pins) are installed into a
# temporary directory, never into this repository.
#
# Usage: scripts/prom-client-suite.sh [prom-client git dir] [ref]
#   PROM_CLIENT_GIT  git directory of a siimon/prom-client clone (default: the tool mirror)
#   JEST_DIR         where jest and nock are installed (default: /tmp/tradewatch-prom-client-jest)
#   Extra jest arguments after `--`, e.g. `-- --verbose` or `-- -t "Pushgateway"`.
set -euo pipefail
repo_root="$(cd "$(dirname "$0")/.." && pwd)"
git_dir="${1:-${PROM_CLIENT_GIT:-/work/.mirror/siimon+prom-client/repo}}"
ref="${2:-v15.1.3}"
shift $(( $# > 2 ? 2 : $# )) || true
[[ "${1:-}" == "--" ]] && shift
jest_dir="${JEST_DIR:-/tmp/tradewatch-prom-client-jest}"

if [[ ! -x "$jest_dir/node_modules/.bin/jest" ]]; then
  mkdir -p "$jest_dir"
  echo '{"name":"prom-client-suite","private":true}' >"$jest_dir/package.json"
  (cd "$jest_dir" && npm install --no-audit --no-fund --silent jest@29 nock@13)
fi

work="$(mktemp -d "$jest_dir/suite-XXXXXX")"
trap 'rm -rf "$work"' EXIT
git --git-dir="$git_dir" archive "$ref" test | tar -x -C "$work"
rm -rf "$work/test/metrics" "$work/test/utilTest.js" "$work/test/validationTest.js" \
  "$work/test/timeWindowQuantilesTest.js"

"$repo_root/node_modules/.bin/esbuild" "$repo_root/src/metrics/index.ts" --bundle \
  --platform=node --format=cjs --target=node20 --log-level=warning --outfile="$work/index.js"
# prom-client requires "http", not "node:http"; jest.mock("http") in its tests mocks only the former.
sed -i -E 's/require\("node:([a-z_/]+)"\)/require("\1")/g' "$work/index.js"
mkdir -p "$work/lib"
echo "module.exports = require('../index').AggregatorRegistry;" >"$work/lib/cluster.js"
cat >"$work/lib/registry.js" <<'JS'
const { Registry } = require('../index');
module.exports = Registry;
JS
echo "module.exports = { Metric: require('../index').Metric };" >"$work/lib/metric.js"
echo '{"name":"prom-client","version":"15.1.3","main":"index.js"}' >"$work/package.json"

cd "$work"
status=0
"$jest_dir/node_modules/.bin/jest" --rootDir "$work" --ci --testRegex '.*Test\.js$' \
  --json --outputFile="$work/results.json" "$@" || status=$?
# Per file: passed/total, then the total (what the issue measures).
node -e '
const results = require(process.argv[1]);
let passed = 0, total = 0;
for (const file of results.testResults) {
  const tests = file.assertionResults;
  const ok = tests.filter((test) => test.status === "passed").length;
  passed += ok; total += tests.length;
  console.log(`${String(ok).padStart(4)}/${String(tests.length).padEnd(4)} ${file.name.replace(/.*\/test\//, "test/")}`);
}
console.log(`${String(passed).padStart(4)}/${String(total).padEnd(4)} prom-client ${process.argv[2]} tests pass against tradewatch`);
' "$work/results.json" "$ref"
exit "$status"
