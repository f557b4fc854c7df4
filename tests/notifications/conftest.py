"""Fixtures of the notification tests (the shared ones live in tests/conftest.py)."""
