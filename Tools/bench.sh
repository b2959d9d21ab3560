#!/bin/sh
# Builds the benchmark in release mode and runs it from the repository root; arguments are passed on.
#   Tools/bench.sh --quick          about a minute
#   Tools/bench.sh --n 1000000 --reps 1   the full-size run (about 3 minutes on 2 cores)
set -eu
cd "$(dirname "$0")/.."
swift build -c release --package-path Tools/Benchmark
exec Tools/Benchmark/.build/release/benchmark "$@"
