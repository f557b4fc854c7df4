// Generated from docs/openapi.json by packages/client/scripts/operations.mjs. Do not edit.

export const OPERATIONS = [
  "acceptInvite",
  "addExistingMember",
  "approveJoinRequest",
  "changeMemberRoles",
  "createBillingPortalSession",
  "createCheckoutSession",
  "createInviteLink",
  "createTeam",
  "declineInvite",
  "deleteAccount",
  "deleteTeam",
  "denyJoinRequest",
  "getBillingOverview",
  "inviteMember",
  "inviteMembers",
  "joinByLink",
  "joinTeam",
  "leaveTeam",
  "listJoinableTeams",
  "previewInvite",
  "removeMember",
  "resendInvite",
  "revokeInvite",
  "revokeInviteLink",
  "switchTeam",
  "syncProfile",
  "updateTeam",
] as const;

/** Called without an ID token (the OpenAPI operation has `security: []`). */
export const ANONYMOUS_OPERATIONS: readonly string[] = [
  "previewInvite",
];
