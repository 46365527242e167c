#!/usr/bin/env bash
# Installs the Debian packages the tests use, only those missing: Chromium (Playwright drives the
# system browser; we never download one), Noto CJK fonts (Chinese in screenshots), and the
# PostgreSQL server binaries (server tests start a throwaway cluster), HAProxy and nftables (the
# many-hosts test). Idempotent and quiet.
# Usage: scripts/setup-system.sh [--check]   (--check: only report what is missing, exit 1 if any)
set -euo pipefail
need=()
[ -x "${CHROMIUM_PATH:-/usr/lib/chromium/chromium}" ] || need+=(chromium)
fc-list 2>/dev/null | grep -i 'Noto Sans CJK' >/dev/null || need+=(fonts-noto-cjk)
command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
# The many-hosts test (testing/hosts/): a real load balancer, and nftables for a lossy link where the
# kernel has no netem. Without them that test is skipped with the reason.
[ -x /usr/sbin/haproxy ] || need+=(haproxy)
command -v nft >/dev/null 2>&1 || need+=(nftables)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "${1:-}" = "--check" ]; then
  echo "missing system packages: ${need[*]}"; exit 1
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "setup: the tests need these Debian packages: ${need[*]}." >&2
  echo "setup: install them (e.g. 'sudo apt-get install -y ${need[*]}'), or set CHROMIUM_PATH to a Chromium binary." >&2
  exit 1
fi
echo "setup: installing ${need[*]} from Debian"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
