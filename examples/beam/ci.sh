#!/usr/bin/env bash
# CI for the Apache Beam pipeline, a nested module with its own go.mod (the
# SDK's root module never imports Beam). .ci/run calls this script; it can
# also run on its own from any directory. A cold run downloads about 1 GB of
# modules and compiles Beam for three to five minutes; a warm run takes
# about two. Tests run on the in-process prism runner: no Docker, no network
# beyond the module proxy.
set -euo pipefail
cd "$(dirname "$0")"

export PATH="/usr/local/go/bin:${HOME}/go/bin:${PATH}"
# Validation tests read ../shared/data beside the repository; CI requires it
# unless the caller says otherwise.
export SECONDSALE_REQUIRE_DATA="${SECONDSALE_REQUIRE_DATA:-1}"
go version

echo "== beam: go mod download"
go mod download

echo "== beam: gofmt"
unformatted="$(gofmt -l .)"
if [[ -n "${unformatted}" ]]; then
  echo "gofmt needed on:" >&2
  echo "${unformatted}" >&2
  exit 1
fi

echo "== beam: go vet"
go vet ./...

echo "== beam: staticcheck"
go run honnef.co/go/tools/cmd/staticcheck@v0.8.2 ./...

# No -race: the race detector multiplies Beam's build time and memory
# (about 1.4 GB without it), and the pipeline's own code is single-threaded
# per bundle; the SDK's accumulators are race-tested in the root module.
echo "== beam: tests (prism)"
go test -count=1 ./...

echo "beam: all checks passed"
