"""Tests of the team-event fan-out, the expiry sweep and the triggers end to end."""
