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
  "endSessions",
  "getBillingOverview",
  "getTeamSummary",
  "inviteMember",
  "inviteMembers",
  "joinByLink",
  "joinTeam",
  "leaveTeam",
  "listJoinableTeams",
  "previewInvite",
  "removeDomainProof",
  "removeMember",
  "resendInvite",
  "revokeInvite",
  "revokeInviteLink",
  "switchTeam",
  "syncProfile",
  "updateTeam",
  "verifyDomain",
] as const;

/** Called without an ID token (the OpenAPI operation has `security: []`). */
export const ANONYMOUS_OPERATIONS: readonly string[] = [
  "previewInvite",
];

/** A repeat changes nothing more (`x-idempotent: true`): safe to retry as it is. */
export const IDEMPOTENT_OPERATIONS: readonly string[] = [
  "changeMemberRoles",
  "createBillingPortalSession",
  "declineInvite",
  "deleteAccount",
  "deleteTeam",
  "denyJoinRequest",
  "endSessions",
  "getBillingOverview",
  "getTeamSummary",
  "leaveTeam",
  "listJoinableTeams",
  "previewInvite",
  "removeDomainProof",
  "removeMember",
  "revokeInvite",
  "revokeInviteLink",
  "switchTeam",
  "syncProfile",
  "updateTeam",
  "verifyDomain",
];

/** A repeat would create or send again (`x-idempotency-key: requestId`): the SDK sends a
 * requestId, reused by its retries, so the server answers a repeat with the first answer. */
export const REQUEST_ID_OPERATIONS: readonly string[] = [
  "acceptInvite",
  "addExistingMember",
  "approveJoinRequest",
  "createCheckoutSession",
  "createInviteLink",
  "createTeam",
  "inviteMember",
  "inviteMembers",
  "joinByLink",
  "joinTeam",
  "resendInvite",
];
