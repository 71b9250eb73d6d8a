#!/bin/sh
# Renders a portfolio report in headless Chromium at desktop and narrow widths
# and fails when Chromium reports an error or a screenshot is blank.
#
#   examples/portfolio/screenshot.sh report.html outdir
#
# writes outdir/desktop.png (1366 wide) and outdir/narrow.png (390 wide, a phone).
set -eu
report=$1
out=$2
here=$(cd "$(dirname "$0")" && pwd)
[ -f "$report" ] || { echo "screenshot.sh: $report: no such file" >&2; exit 1; }
mkdir -p "$out"
out=$(cd "$out" && pwd)
chromium=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chromium" ]; then
	echo "screenshot.sh: chromium not found (apt-get install -y chromium)" >&2
	exit 1
fi
url="file://$(cd "$(dirname "$report")" && pwd)/$(basename "$report")"

shot() { # name width height
	log="$out/$1.log"
	rm -f "$out/$1.png"
	if ! "$chromium" --headless --no-sandbox --disable-gpu --disable-background-networking \
		--hide-scrollbars --force-device-scale-factor=1 \
		--window-size="$2,$3" --screenshot="$out/$1.png" "$url" >"$log" 2>&1; then
		cat "$log" >&2
		echo "screenshot.sh: chromium failed on $1" >&2
		exit 1
	fi
	# Containers have no D-Bus, and headless Chromium's IPC now and then
	# rejects a message as the window closes after the shot; both are logged
	# as ERROR from dbus/ and mojo/ and change nothing on the page. Any other
	# ERROR or FATAL line is a real failure.
	if grep -E ':(ERROR|FATAL):' "$log" | grep -v -E ':ERROR:(dbus|mojo)/' >&2; then
		echo "screenshot.sh: chromium reported errors on $1 (see above)" >&2
		exit 1
	fi
	[ -s "$out/$1.png" ] || { echo "screenshot.sh: no $1.png written" >&2; exit 1; }
}

shot desktop 1366 2200
shot narrow 390 2600
cd "$here/../.." && go run ./examples/portfolio/pngcheck -colours 64 "$out/desktop.png" "$out/narrow.png"
