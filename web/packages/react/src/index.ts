/** @teamkit/react: TeamkitProvider and hooks for teamkit's live data and calls (React 18.3 and 19). */
export { TeamkitProvider, useTeamkit } from "./context.tsx";
export type { TeamkitProviderProps } from "./context.tsx";
export {
  useAllTeams,
  useAuthUser,
  useClaims,
  useCurrentTeam,
  useEntities,
  useEvents,
  useInviteLinks,
  useInvites,
  useJoinRequests,
  useLive,
  useMembers,
  useMutation,
  useMyInvites,
  useMyTeams,
  useNotifications,
  usePermissions,
  useProfile,
  useTeam,
} from "./hooks.ts";
export type {
  Claims,
  CurrentTeam,
  MembersState,
  Mutation,
  NotificationsState,
  PagedState,
  Permissions,
} from "./hooks.ts";
// Moved to @teamkit/client; named here too for the apps that import it from this package.
export type { AuthUserState } from "@teamkit/client";
