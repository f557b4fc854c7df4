/** @teamkit/client: typed calls of teamkit's HTTP functions and real-time readers of its
 * Firestore documents, for any framework (React hooks are in @teamkit/react). */
export { createTeamkit, functionsUrlFor } from "./teamkit.ts";
export type {
  Body,
  Calls,
  EntityContent,
  EntityFields,
  EntityFieldsCommon,
  OperationName,
  ProfileUpdate,
  Result,
  Teamkit,
  TeamkitOptions,
} from "./teamkit.ts";
export { collectionNames } from "./collections.ts";
export type { CollectionName, CollectionNames } from "./collections.ts";
export { TeamkitError, TeamkitListenError, isTeamkitError } from "./errors.ts";
export type { ErrorBody, Reason } from "./errors.ts";
export { LOADING, Store, until, watch } from "./live.ts";
export { EVICT_AFTER_MS, ReaderCache } from "./cache.ts";
export type { Live, ReaderState, ReaderStatus } from "./live.ts";
export { ALL_TEAMS_LIMIT, DEFAULT_PAGE_SIZE, UNREAD_CAP } from "./readers.ts";
export type { EventsOptions, MembersOptions, MyTeam, NotificationsData, Page, Paged, ReaderMethods } from "./readers.ts";
export type {
  Entity,
  EntityKind,
  EntityOf,
  Invite,
  InviteLink,
  JoinRequest,
  Member,
  Notification,
  Role,
  Team,
  TeamEvent,
  UserProfile,
} from "./documents.ts";
export {
  ACTIONS,
  ACTION_DESCRIPTIONS,
  CHANGEABLE,
  GRANTABLE,
  LINK_GRANTABLE,
  PERMISSIONS,
  REMOVABLE,
  ROLES,
  actionsOf,
  allows,
  canChangeRole,
  canGrant,
  grantableRoles,
  linkGrantableRoles,
  canRemove,
  seatsOf,
} from "./permissions.ts";
export type { Action, Actor, Seats } from "./permissions.ts";
export { authState, keepProfileSynced } from "./session.ts";
export type { AuthStore, AuthUserState } from "./session.ts";
export { eventParams } from "./wording.ts";
export type { EventParams, EventType, Worded } from "./wording.ts";
export { OPERATIONS } from "./generated/operations.ts";
export type { components, operations, paths } from "./generated/openapi.ts";
