#!/usr/bin/env bash
# Installs the Debian packages the tests run for real (Prometheus, promtool, Alertmanager,
# Pushgateway, Chromium, Redis, PostgreSQL, VictoriaMetrics, InfluxDB) when they are missing, or prints the exact command to run.
# Shared by `npm test` (pretest) and .ci/run.
set -euo pipefail

missing=()
command -v prometheus >/dev/null 2>&1 || missing+=(prometheus)
command -v promtool >/dev/null 2>&1 || missing+=(prometheus)
command -v prometheus-alertmanager >/dev/null 2>&1 || missing+=(prometheus-alertmanager)
command -v amtool >/dev/null 2>&1 || missing+=(prometheus-alertmanager)
command -v prometheus-pushgateway >/dev/null 2>&1 || missing+=(prometheus-pushgateway)
command -v chromium >/dev/null 2>&1 || missing+=(chromium fonts-liberation fonts-dejavu-core)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
compgen -G "/usr/lib/postgresql/*/bin/postgres" >/dev/null || missing+=(postgresql)
command -v victoria-metrics >/dev/null 2>&1 || missing+=(victoria-metrics)
command -v influxd >/dev/null 2>&1 || missing+=(influxdb)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

mapfile -t packages < <(printf '%s\n' "${missing[@]}" | sort -u)
install="apt-get install -y --no-install-recommends ${packages[*]}"

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "tradewatch: installing the Debian packages the tests need: ${packages[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  $install
  exit 0
fi

echo "tradewatch: the tests need these Debian packages: ${packages[*]}" >&2
echo "Install them, then run npm test again:" >&2
echo "  sudo sh -c 'apt-get update && ${install}'" >&2
exit 1
