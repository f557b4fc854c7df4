"""teamkit's benchmarks (issue 6): `scripts/bench` runs them all; see bench/README.md."""
