"""teamkit's benchmarks: `scripts/bench` runs them all; see bench/README.md."""
