"""Which area serves each HTTP function, and the secrets its instance needs: what
`main.py` declares and `teamkit.http` routes by, without importing any area's
endpoints (pydantic, the use cases) at cold start. Generated from the areas' endpoint
tables by `python -m devtools.openapi`; do not edit (a test fails while it is stale).
"""

from __future__ import annotations

from firebase_functions.params import SecretParam

from teamkit.billing.config import STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET

ROUTES: dict[str, tuple[str, tuple[SecretParam, ...]]] = {
    "acceptInvite": ("invitations", ()),
    "addExistingMember": ("membership", ()),
    "approveJoinRequest": ("joining", ()),
    "changeMemberRoles": ("membership", ()),
    "createBillingPortalSession": ("billing", (STRIPE_SECRET_KEY,)),
    "createCheckoutSession": ("billing", (STRIPE_SECRET_KEY,)),
    "createInviteLink": ("joining", ()),
    "createTeam": ("teams", ()),
    "declineInvite": ("invitations", ()),
    "deleteAccount": ("accounts", ()),
    "deleteTeam": ("teams", (STRIPE_SECRET_KEY,)),
    "denyJoinRequest": ("joining", ()),
    "endSessions": ("accounts", ()),
    "getBillingOverview": ("billing", (STRIPE_SECRET_KEY,)),
    "getTeamSummary": ("teams", ()),
    "inviteMember": ("invitations", ()),
    "inviteMembers": ("invitations", ()),
    "joinByLink": ("joining", ()),
    "joinTeam": ("joining", ()),
    "leaveTeam": ("membership", ()),
    "listJoinableTeams": ("joining", ()),
    "previewInvite": ("invitations", ()),
    "removeDomainProof": ("joining", ()),
    "removeMember": ("membership", ()),
    "resendInvite": ("invitations", ()),
    "revokeInvite": ("invitations", ()),
    "revokeInviteLink": ("joining", ()),
    "stripeWebhook": ("billing", (STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET)),
    "switchTeam": ("membership", ()),
    "syncProfile": ("accounts", ()),
    "updateTeam": ("teams", ()),
    "verifyDomain": ("joining", ()),
}
