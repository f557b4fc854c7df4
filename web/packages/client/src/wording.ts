/** An event or notification as its type and parameters, for a client that words it in its own
 * language (the server's English `message` stays for emails and as a fallback). The names are
 * chosen here once: who acted, and whom it is about by the best name the document carries. */
import type { components } from "./generated/openapi.ts";
import type { Notification, Role, TeamEvent } from "./documents.ts";

type Schemas = components["schemas"];
export type EventType = Schemas["EventType"];

export interface EventParams {
  /** Who acted, by name; null when teamkit itself did (expiries, billing, a link's end). */
  actor: string | null;
  /** Whom it is about: their name, else their email, else their uid; null for team-wide events. */
  subject: string | null;
  /** The role granted, invited to or joined as. */
  role: Role | null;
  /** role_changed: the role before. */
  previousRole: Role | null;
  teamName: string | null;
  /** members_invited: how many were invited at once. */
  count: number | null;
  /** An invite link's label (invite_link_created, invite_link_revoked, member_joined by link). */
  linkLabel: string | null;
  /** invite_link_revoked with no one revoking it: why it ended (its creator lost the power). */
  linkEnd: Schemas["LinkEnd"] | null;
  /** member_joined, join_request_approved: how the member came in. */
  via: Schemas["Via"] | null;
  /** member_removed: the member may rejoin only by invitation. */
  blocked: boolean;
  /** domain_proven, domain_proof_removed. */
  domain: string | null;
  method: Schemas["ProofMethod"] | null;
  /** A notification about the one who reads it ("you"). */
  aboutYou: boolean;
}

export interface Worded {
  type: EventType;
  params: EventParams;
}

/** The type and parameters of a team event (`useEvents`) or a notification (`useNotifications`). */
export function eventParams(event: TeamEvent | Notification): Worded {
  // The fields only some types carry, read by name (each checked for its type below).
  const fields: Partial<Record<string, unknown>> = Object.fromEntries(Object.entries(event));
  const text = (name: string) => (typeof fields[name] === "string" && fields[name] !== "" ? (fields[name] as string) : null);
  return {
    type: event.type,
    params: {
      actor: event.actorName ?? null,
      subject: text("subjectName") ?? event.subjectEmail ?? event.subjectUid ?? null,
      role: event.role ?? null,
      previousRole: event.previousRole ?? null,
      teamName: event.teamName ?? null,
      count: typeof fields.count === "number" ? fields.count : null,
      linkLabel: text("linkLabel"),
      linkEnd: event.type === "invite_link_revoked" ? (text("reason") as Schemas["LinkEnd"] | null) : null,
      via: text("via") as Schemas["Via"] | null,
      blocked: fields.blocked === true,
      domain: text("domain"),
      method: text("method") as Schemas["ProofMethod"] | null,
      aboutYou: fields.aboutYou === true,
    },
  };
}
