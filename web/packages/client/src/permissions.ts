/** What a role may do: the generated copy of teamkit.roles (PERMISSIONS, GRANTABLE), never a
 * hand-written one, plus the seat arithmetic of teamkit.seats. */
import type { Role, Team } from "./documents.ts";
import { GRANTABLE, PERMISSIONS } from "./permissions-standin.ts";

export { PERMISSIONS };

/** The Python Action enum's member names: "READ_TEAM", "INVITE", ... */
export type Action = keyof typeof PERMISSIONS;

export const ACTIONS = Object.keys(PERMISSIONS) as Action[];

/** Whether a member with `role` (null: not a member) may perform `action`. */
export function allows(role: Role | null | undefined, action: Action): boolean {
  return role != null && (PERMISSIONS[action] as readonly string[]).includes(role);
}

/** Every action `role` may perform. */
export function actionsOf(role: Role | null | undefined): Action[] {
  return ACTIONS.filter((action) => allows(role, action));
}

/** Whether `actor` may invite, add or change someone to `role`. */
export function canGrant(actor: Role | null | undefined, role: Role): boolean {
  const grantable = actor ? (GRANTABLE as Record<string, readonly string[]>)[actor] : undefined;
  return grantable?.includes(role) ?? false;
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
