"""Development tooling shared by `scripts/dev`, the tests and the benchmarks (not deployed)."""
