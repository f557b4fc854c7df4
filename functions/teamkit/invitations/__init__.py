"""Use cases of invitations: invite (one or many), resend, revoke, accept, decline, expire."""
