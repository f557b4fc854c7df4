"""Membership: its use cases, and `core`, the one writer of every membership change."""
