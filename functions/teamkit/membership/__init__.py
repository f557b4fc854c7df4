"""Use cases of membership: add an existing user, remove or leave, change roles, switch team."""
