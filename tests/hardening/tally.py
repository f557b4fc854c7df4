"""Figures the hardening tests measure (requests fuzzed, operations that succeeded), printed in
pytest's summary so that a run documents what it proved."""

from __future__ import annotations

from collections import Counter

counts: Counter[str] = Counter()
notes: dict[str, str] = {}
statuses: dict[str, Counter[int]] = {}


def add(name: str, amount: int = 1) -> None:
    counts[name] += amount


def note(name: str, text: str) -> None:
    notes[name] = text


def answered(name: str, status: int) -> None:
    """Count an answer's HTTP status under `name` (a histogram per kind of run)."""
    statuses.setdefault(name, Counter())[status] += 1


def lines() -> list[str]:
    histograms = [
        f"{name}: " + ", ".join(f"{status}x{n}" for status, n in sorted(histogram.items()))
        for name, histogram in sorted(statuses.items())
    ]
    return [
        *(f"{name}: {amount}" for name, amount in sorted(counts.items())),
        *histograms,
        *(f"{name}: {text}" for name, text in sorted(notes.items())),
    ]
