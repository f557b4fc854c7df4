/** The Firestore documents clients read (README "What clients read"), with their id and path.
 * Their fields are the document models of functions/teamkit/documents.py (docs/openapi.json). */
import type { DocumentSnapshot, Timestamp } from "firebase/firestore";
import type { components } from "./generated/openapi.ts";

export type Role = components["schemas"]["Role"];

type Schemas = components["schemas"];

/** A date-time field as Firestore stores it: a Timestamp (the OpenAPI JSON has ISO strings). */
type Stamp<V> = V extends string ? Timestamp : V extends readonly (infer E)[] ? Stamp<E>[] : V;
/** A document model of docs/openapi.json with its date-time fields as Timestamps (in each member
 * of a union, such as the events, discriminated by `type`). */
type Stored<T, K extends PropertyKey> = T extends unknown
  ? Omit<T, K> & { [P in K & keyof T]: Stamp<T[P]> }
  : never;

interface Doc {
  /** The document id. */
  id: string;
  /** The document path, e.g. "teams/t1/members/u1". */
  path: string;
}

/** `users/{uid}` (docs/openapi.json UserDocument). */
export type UserProfile = Doc & Stored<Schemas["UserDocument"], "createdAt">;

/** `teams/{teamId}` (Team). */
export type Team = Doc & Stored<Schemas["Team"], "createdAt" | "updatedAt" | "deletedAt">;

/** `teams/{teamId}/members/{uid}` (Member). */
export type Member = Doc & Stored<Schemas["Member"], "joinedAt" | "roleChangedAt">;

/** `teams/{teamId}/invites/{inviteId}` (Invite). */
export type Invite = Doc &
  Stored<
    Schemas["Invite"],
    "createdAt" | "expiresAt" | "lastSentAt" | "recentSends" | "acceptedAt" | "declinedAt" | "revokedAt" | "expiredAt"
  >;

/** `teams/{teamId}/links/{linkId}` (InviteLink): an invite link, without its token. */
export type InviteLink = Doc & Stored<Schemas["InviteLink"], "expiresAt" | "createdAt" | "lastUsedAt" | "revokedAt">;

/** `teams/{teamId}/joinRequests/{uid}` (JoinRequest): a request to join by domain. */
export type JoinRequest = Doc & Stored<Schemas["JoinRequest"], "createdAt" | "expiresAt" | "answeredAt">;

/** `teams/{teamId}/events/{eventId}` (EventDocument): one of the payloads, by `type`
 * (`if (event.type === "member_removed") event.blocked`). */
export type TeamEvent = Doc & Stored<Schemas["EventDocument"], "at" | "expiresAt" | "currentPeriodEnd">;

/** `users/{uid}/notifications/{id}` (NotificationDocument). */
export type Notification = Doc & Stored<Schemas["NotificationDocument"], "createdAt" | "expiresAt">;

export type EntityKind = "chats" | "assistants" | "prompts";

type EntityDocuments = {
  chats: Schemas["ChatDocument"];
  assistants: Schemas["AssistantDocument"];
  prompts: Schemas["PromptDocument"];
};

/** `chats`, `assistants`, `prompts` (ChatDocument, AssistantDocument, PromptDocument). */
export type EntityOf<K extends EntityKind> = Doc & { kind: K } & Stored<EntityDocuments[K], "createdAt" | "updatedAt">;
export type Entity = EntityOf<"chats"> | EntityOf<"assistants"> | EntityOf<"prompts">;

/** A snapshot's data with its id and path (the reader's mapping, typed by the caller). */
export function fromSnapshot<T extends Doc>(snapshot: DocumentSnapshot): T {
  return { ...(snapshot.data() as object), id: snapshot.id, path: snapshot.ref.path } as T;
}
