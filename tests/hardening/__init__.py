"""Hardening: races, replays, fuzzing and fault injection (docs/hardening.md)."""
