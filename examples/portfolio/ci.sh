#!/bin/sh
# CI for the portfolio report: installs Chromium when missing, runs the
# report over the simulated base and renders it at desktop and narrow widths,
# failing when the program fails, Chromium reports an error or a screenshot
# is blank. The report and screenshots go to $1 (default: a temporary folder).
#
#   examples/portfolio/ci.sh [outdir]
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-$(mktemp -d)}
mkdir -p "$out"
out=$(cd "$out" && pwd)
if ! command -v chromium >/dev/null 2>&1; then
	apt-get update
	apt-get install -y chromium
fi
cd "$root"
go run ./examples/portfolio -out "$out/report.html"
sh examples/portfolio/screenshot.sh "$out/report.html" "$out"
echo "portfolio: report and screenshots in $out"
