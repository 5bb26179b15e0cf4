#!/usr/bin/env bash
# Install the Debian packages the test suite drives for real: chromium (page
# tests), a Java runtime (Nu HTML Checker), nginx (serving checks), rsync
# (deploy), Node.js and npm (vnu-jar, Lighthouse). Installs only what is
# missing; needs root. `--check` only reports and fails if something is missing.
set -euo pipefail

declare -A tool_package=(
  [chromium]=chromium
  [java]=openjdk-17-jre-headless
  [nginx]=nginx
  [rsync]=rsync
  [openssl]=openssl  # tests/robustness/test_serving.py: a throwaway TLS certificate
  [node]=nodejs
  [npm]=npm
)

missing=()
for tool in "${!tool_package[@]}"; do
  command -v "$tool" >/dev/null 2>&1 || [ -x "/usr/sbin/$tool" ] || missing+=("${tool_package[$tool]}")
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "${1:-}" = "--check" ] || [ "$(id -u)" -ne 0 ]; then
  echo "missing system packages: ${missing[*]}" >&2
  echo "install them with: sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq "${missing[@]}" >/dev/null
