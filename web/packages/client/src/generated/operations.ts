// Generated from docs/openapi.json by packages/client/scripts/operations.mjs. Do not edit.

export const OPERATIONS = [
  "acceptInvite",
  "addExistingMember",
  "changeMemberRoles",
  "createBillingPortalSession",
  "createCheckoutSession",
  "createTeam",
  "declineInvite",
  "deleteAccount",
  "deleteTeam",
  "getBillingOverview",
  "inviteMember",
  "inviteMembers",
  "leaveTeam",
  "previewInvite",
  "removeMember",
  "resendInvite",
  "revokeInvite",
  "switchTeam",
  "updateTeam",
] as const;

/** Called without an ID token (the OpenAPI operation has `security: []`). */
export const ANONYMOUS_OPERATIONS: readonly string[] = [
  "previewInvite",
];
