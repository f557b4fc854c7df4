/** @teamkit/react: TeamkitProvider and hooks for teamkit's live data and calls (React 19). */
export { TeamkitProvider, useTeamkit } from "./context.tsx";
export {
  useAuthUser,
  useCurrentTeam,
  useEntities,
  useEvents,
  useInvites,
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
  AuthUserState,
  CurrentTeam,
  MembersState,
  Mutation,
  NotificationsState,
  PagedState,
  Permissions,
} from "./hooks.ts";
