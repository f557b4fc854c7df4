"""Hardening: races, replays, fuzzing and fault injection (issue 6)."""
