"""Use cases of a user's account as a whole."""
