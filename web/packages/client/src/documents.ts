/** The Firestore documents clients read (README "What clients read"), with their id and path.
 * Field names are the ones functions/teamkit/records.py writes. */
import type { DocumentSnapshot, Timestamp } from "firebase/firestore";
import type { components } from "./generated/openapi.ts";

export type Role = components["schemas"]["Role"];

interface Doc {
  /** The document id. */
  id: string;
  /** The document path, e.g. "teams/t1/members/u1". */
  path: string;
}

export interface UserProfile extends Doc {
  email?: string | null;
  displayName?: string | null;
  currentTeamId?: string | null;
  notificationPrefs?: { email?: boolean; emailByType?: Record<string, boolean> };
}

export interface Team extends Doc {
  name: string;
  status: "active" | "deleted" | string;
  memberCount: number;
  ownerCount: number;
  pendingInviteCount: number;
  seatLimit: number | null;
  allowedDomains: string[];
  billing: Record<string, unknown>;
  createdAt?: Timestamp | null;
  createdBy?: string | null;
}

export interface Member extends Doc {
  uid: string;
  teamId: string;
  email: string | null;
  displayName: string | null;
  role: Role;
  joinedAt?: Timestamp | null;
  addedBy?: string | null;
  via?: string;
}

export interface Invite extends Doc {
  teamId: string;
  teamName: string;
  email: string;
  role: Role;
  status: "pending" | "accepted" | "declined" | "revoked" | "expired" | string;
  expiresAt: Timestamp;
  createdAt?: Timestamp | null;
  createdBy?: string | null;
  sendCount?: number;
  lastSentAt?: Timestamp | null;
  firstName?: string | null;
  lastName?: string | null;
}

export interface TeamEvent extends Doc {
  teamId: string;
  type: string;
  actorUid?: string | null;
  subjectUid?: string | null;
  subjectEmail?: string | null;
  role?: string | null;
  previousRole?: string | null;
  at: Timestamp;
  [field: string]: unknown;
}

export interface Notification extends Doc {
  type: string;
  eventId: string;
  teamId: string;
  teamName: string;
  actorUid?: string | null;
  actorName?: string | null;
  subjectUid?: string | null;
  subjectEmail?: string | null;
  subjectName?: string | null;
  role?: string | null;
  previousRole?: string | null;
  aboutYou: boolean;
  message: string;
  createdAt: Timestamp;
  read: boolean;
}

export type EntityKind = "chats" | "assistants" | "prompts";

export interface Entity extends Doc {
  kind: EntityKind;
  workspaceId: string;
  ownerUid: string;
  sharing: "private" | "public";
  title: string;
  description?: string;
  createdAt: Timestamp;
  updatedAt: Timestamp;
  /** Per-kind content: assistantId (chats), instructions and model (assistants), body (prompts). */
  [field: string]: unknown;
}

/** A snapshot's data with its id and path (the reader's mapping, typed by the caller). */
export function fromSnapshot<T extends Doc>(snapshot: DocumentSnapshot): T {
  return { ...(snapshot.data() as object), id: snapshot.id, path: snapshot.ref.path } as T;
}
