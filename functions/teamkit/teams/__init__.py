"""Use cases on the team itself: create, update, delete."""
