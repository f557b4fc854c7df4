"""Joining a team without an email invite: invite links, verified-domain join and join
requests (docs/joining.md)."""
