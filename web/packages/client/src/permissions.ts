/** What a role may do: the generated copy of teamkit.roles (devtools/typescript.py writes
 * src/generated/permissions.ts; never edited by hand), plus the seat arithmetic of
 * teamkit.membership.core. */
import type { Team } from "./documents.ts";
import { ACTIONS, allows, type Action, type Role } from "./generated/permissions.ts";

export {
  ACTIONS,
  ACTION_DESCRIPTIONS,
  CHANGEABLE,
  GRANTABLE,
  LINK_GRANTABLE,
  PERMISSIONS,
  REMOVABLE,
  ROLES,
  allows,
  canChangeRole,
  canGrant,
  grantableRoles,
  linkGrantableRoles,
  canRemove,
} from "./generated/permissions.ts";
export type { Action, Actor } from "./generated/permissions.ts";

/** Every action `role` may perform. */
export function actionsOf(role: Role | null | undefined): Action[] {
  return ACTIONS.filter((action) => allows(role, action));
}

export interface Seats {
  /** Members plus pending invites: what seatLimit bounds. */
  used: number;
  limit: number | null;
  /** Seats left (null: no limit). */
  free: number | null;
}

export function seatsOf(team: Pick<Team, "memberCount" | "pendingInviteCount" | "seatLimit">): Seats {
  const used = (team.memberCount ?? 0) + (team.pendingInviteCount ?? 0);
  const limit = team.seatLimit ?? null;
  return { used, limit, free: limit === null ? null : Math.max(0, limit - used) };
}
