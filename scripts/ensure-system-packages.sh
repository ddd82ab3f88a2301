#!/usr/bin/env bash
# Installs the Debian packages the tests run for real (Prometheus, Alertmanager,
# Pushgateway, Chromium) when they are missing, or says the exact command to run.
set -euo pipefail

packages=()
command -v prometheus >/dev/null 2>&1 || packages+=(prometheus)
command -v promtool >/dev/null 2>&1 || packages+=(prometheus)
command -v prometheus-alertmanager >/dev/null 2>&1 || packages+=(prometheus-alertmanager)
command -v prometheus-pushgateway >/dev/null 2>&1 || packages+=(prometheus-pushgateway)
command -v chromium >/dev/null 2>&1 || packages+=(chromium)

if [ ${#packages[@]} -eq 0 ]; then
  exit 0
fi

# shellcheck disable=SC2207
packages=($(printf '%s\n' "${packages[@]}" | sort -u))
command_line="apt-get update && apt-get install -y ${packages[*]}"

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "tradewatch: installing the Debian packages the tests need: ${packages[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${packages[@]}" >/dev/null
  exit 0
fi

echo "tradewatch: the tests need these Debian packages: ${packages[*]}" >&2
echo "Install them with:" >&2
echo "  sudo sh -c '${command_line}'" >&2
exit 1
