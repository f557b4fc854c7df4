// STAND-IN until issue-10-api's generator writes src/generated/permissions.ts (from
// teamkit.roles.PERMISSIONS). Deleted when that lands; never edit by hand beyond that.
export const PERMISSIONS = {
  READ_TEAM: ["owner", "admin", "member", "viewer", "billing"],
  MANAGE_TEAM: ["owner", "admin"],
  INVITE: ["owner", "admin"],
  REMOVE_MEMBER: ["owner", "admin"],
  CHANGE_ROLES: ["owner", "admin"],
  READ_INVITES: ["owner", "admin"],
  READ_EVENTS: ["owner", "admin"],
  READ_BILLING: ["owner", "admin", "billing"],
  MANAGE_BILLING: ["owner", "billing"],
  DELETE_TEAM: ["owner"],
  READ_SHARED_ENTITIES: ["owner", "admin", "member", "viewer"],
  WRITE_OWN_ENTITIES: ["owner", "admin", "member"],
  MODERATE_ENTITIES: ["owner", "admin"],
} as const;

export const GRANTABLE = {
  owner: ["owner", "admin", "member", "viewer", "billing"],
  admin: ["admin", "member", "viewer", "billing"],
} as const;
