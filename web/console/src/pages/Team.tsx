// The team page ("My Teams"): members and pending invites in one live table, staged role
// changes saved in one call, add members, remove / leave, settings and the activity log.
import { useEffect, useMemo, useState } from "react";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { ErrorText } from "../components/ErrorText";
import { useToast } from "../components/Toasts";
import { useAction } from "../components/action";
import { formatDate, formatDateTime, roleLabel, toDate } from "../components/format";
import { describeError } from "../errors";
import {
  TeamkitError,
  canChangeRole,
  canRemove,
  ROLES,
  eventParams,
  seatsOf,
  type EventParams,
  type Invite,
  type Member,
  type Role,
  type Team,
  type TeamEvent,
} from "@teamkit/client";
import {
  useEvents,
  useInvites,
  useMembers,
  useMutation,
  usePermissions,
  useTeam,
  useTeamkit,
  type Permissions,
} from "@teamkit/react";
import { useSession } from "../session";
import { AddMembersDialog } from "./AddMembers";
import { DomainProofs, InviteLinks, JoinRequests, JoinableTeams } from "./Joining";

export function TeamPage({ teamId: explicitId, readOnly = false }: { teamId?: string; readOnly?: boolean }) {
  const session = useSession();
  const teamId = explicitId ?? session.current?.id ?? null;
  // Read-only (the platform admin's view of any team): no role, so no action.
  const permissions = usePermissions(readOnly ? null : teamId);
  const team = useTeam(teamId);
  const members = useMembers(teamId, { pageSize: MEMBERS_PAGE });
  const canSeeInvites = readOnly ? session.superAdmin : permissions.can("readInvites");
  const invites = useInvites(canSeeInvites ? teamId : null);

  if (!teamId) {
    if (!session.teamsReady) return <p className="loading">Loading your teams…</p>;
    return (
      <section>
        <h1>Welcome</h1>
        <p>You are not in any team yet. Create one with "Create team" above, or accept an invitation.</p>
        <JoinableTeams />
      </section>
    );
  }
  if (team.status === "access-lost") return <p role="alert">You do not have access to this team.</p>;
  if (team.status === "loading" || !team.data) return <p className="loading">Loading the team…</p>;
  return (
    <TeamView
      key={teamId}
      teamId={teamId}
      team={team.data}
      permissions={permissions}
      members={members.data?.items ?? []}
      membersReady={members.status === "ready"}
      moreMembers={members.data?.hasMore ? members.loadMore : null}
      invites={invites.data ?? []}
    />
  );
}

// 40 rows a page keeps opening a team of any size under 60 reads with everything else on it
// (bench/console.py); "Show more members" pages on.
const MEMBERS_PAGE = 40;

function seatsText(team: Team): string {
  const { used, limit } = seatsOf(team);
  if (limit === null) return `${used} ${used === 1 ? "seat" : "seats"} used (no limit)`;
  return `${used} of ${limit} seats used`;
}

function displayName(member: Member): string {
  return String(member.displayName || member.email || member.uid);
}

function TeamView({
  teamId,
  team,
  permissions,
  members,
  membersReady,
  moreMembers,
  invites,
}: {
  teamId: string;
  team: Team;
  permissions: Permissions;
  members: Member[];
  membersReady: boolean;
  moreMembers: (() => void) | null;
  invites: Invite[];
}) {
  const session = useSession();
  const teamkit = useTeamkit();
  const toast = useToast();
  const me = session.user.uid;
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState<Record<string, Role>>({});
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<Member | null>(null);

  const sorted = useMemo(
    () => members.slice().sort((a, b) => displayName(a).localeCompare(displayName(b))),
    [members],
  );
  const changes = Object.entries(draft).filter(([uid, r]) => members.find((m) => m.uid === uid)?.role !== r);
  const { role, can } = permissions;
  const canEdit = can("changeRoles");

  const save = useMutation(async () => {
    await teamkit.changeMemberRoles({ teamId, changes: Object.fromEntries(changes) });
    toast.success(`Saved ${changes.length} role ${changes.length === 1 ? "change" : "changes"}.`);
    setDraft({});
    setEditing(false);
  });
  // The rows the server refused, and why (shown on each row and in the bar).
  const failed = save.error && {
    uids: save.error instanceof TeamkitError && Array.isArray(save.error.details?.uids) ? (save.error.details.uids as string[]) : [],
    message: describeError(save.error),
  };

  return (
    <section aria-labelledby="team-title">
      <div className="page-head">
        <h1 id="team-title">{String(team.name)}</h1>
        <p className="seats">{seatsText(team)}</p>
        <div className="toolbar">
          {can("invite") && (
            <button type="button" className="primary" onClick={() => setAdding(true)}>
              Add members
            </button>
          )}
          {canEdit && !editing && (
            <button type="button" onClick={() => setEditing(true)}>
              Edit roles
            </button>
          )}
          {role && (
            <button type="button" onClick={() => setRemoving(members.find((m) => m.uid === me) ?? null)}>
              Leave team
            </button>
          )}
        </div>
      </div>

      <table className="members">
        <caption>Members and pending invitations</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
            <th scope="col">Status</th>
            <th scope="col">Joined / expires</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {!membersReady && (
            <tr>
              <td colSpan={6}>Loading members…</td>
            </tr>
          )}
          {sorted.map((member) => {
            const uid = String(member.uid);
            const current = member.role as Role;
            const staged = draft[uid] ?? current;
            const isMe = uid === me;
            // The roles this member may be moved to (granting follows the permission table:
            // an admin moves a billing member to member but never makes anyone billing), and
            // the current role, so the picker shows it.
            const choices = ROLES.filter((r) => r === current || canChangeRole(role, current, r));
            const locked = choices.length < 2;
            const lockReason =
              current === "owner" ? "Only owners can change an owner's role." : "Your role cannot change this member.";
            const failedRow = failed?.uids.includes(uid);
            return (
              <tr
                key={uid}
                className={[isMe ? "me" : "", failedRow ? "failed" : "", staged !== current ? "changed" : ""].join(" ")}
                aria-invalid={failedRow || undefined}
              >
                <th scope="row">{isMe ? <strong>{displayName(member)} (you)</strong> : displayName(member)}</th>
                <td>{String(member.email ?? "")}</td>
                <td>
                  {editing && !locked ? (
                    <label className="inline">
                      <span className="visually-hidden">Role for {displayName(member)}{isMe ? " (you)" : ""}</span>
                      <select
                        value={staged}
                        onChange={(event) => {
                          const value = event.target.value as Role;
                          setDraft((d) => {
                            const next = { ...d };
                            if (value === current) delete next[uid];
                            else next[uid] = value;
                            return next;
                          });
                        }}
                      >
                        {choices.map((r) => (
                          <option key={r} value={r}>
                            {roleLabel(r)}
                          </option>
                        ))}
                      </select>
                    </label>
                  ) : (
                    <span className={`tag role-${current}`}>{roleLabel(current)}</span>
                  )}
                  {editing && locked && <span className="lock-reason">{lockReason}</span>}
                  {failedRow && <span className="row-error">{failed?.message}</span>}
                </td>
                <td>
                  <span className="tag status-active">Active</span>
                </td>
                <td>{formatDate(member.joinedAt)}</td>
                <td>
                  {!isMe && canRemove(role, current, false) && (
                    <button type="button" onClick={() => setRemoving(member)}>
                      Remove<span className="visually-hidden"> {displayName(member)}</span>
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
          {invites.map((invite) => (
            <InviteRow key={invite.id} teamId={teamId} invite={invite} canManage={can("invite")} />
          ))}
        </tbody>
      </table>
      {moreMembers && (
        <button type="button" onClick={moreMembers}>
          Show more members
        </button>
      )}

      {editing && (
        <div className="sticky-bar" role="region" aria-label="Unsaved role changes">
          <ErrorText>{failed && `Not saved: ${failed.message}`}</ErrorText>
          <span>
            {changes.length} {changes.length === 1 ? "change" : "changes"} staged
          </span>
          <button type="button" className="primary" disabled={changes.length === 0 || save.pending} onClick={() => save.run()}>
            {save.pending ? "Saving…" : `Save ${changes.length} ${changes.length === 1 ? "change" : "changes"}`}
          </button>
          <button
            type="button"
            onClick={() => {
              setDraft({});
              save.reset();
              setEditing(false);
            }}
          >
            Discard
          </button>
        </div>
      )}

      {can("reviewJoinRequests") && <JoinRequests teamId={teamId} />}
      {can("manageLinks") && <InviteLinks teamId={teamId} teamName={String(team.name)} role={role} />}
      {can("manageTeam") && <Settings teamId={teamId} team={team} canDelete={can("deleteTeam")} />}
      {can("readEvents") && <Activity teamId={teamId} />}

      <AddMembersDialog open={adding} onClose={() => setAdding(false)} teamId={teamId} team={team} role={role} />
      <RemoveDialog
        member={removing}
        teamId={teamId}
        teamName={String(team.name)}
        isSelf={removing?.uid === me}
        onClose={() => setRemoving(null)}
      />
    </section>
  );
}

function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}

function InviteRow({ teamId, invite, canManage }: { teamId: string; invite: Invite; canManage: boolean }) {
  const teamkit = useTeamkit();
  const [blockedUntil, setBlockedUntil] = useState<number>(0);
  const email = String(invite.email);
  const resend = useAction(
    async () => {
      try {
        await teamkit.resendInvite({ teamId, inviteId: invite.id });
      } catch (error) {
        if (error instanceof TeamkitError && typeof error.details?.retryAfterSeconds === "number") {
          setBlockedUntil(Date.now() + error.details.retryAfterSeconds * 1000);
        }
        throw error;
      }
    },
    () => `Invitation to ${email} sent again.`,
  );
  const revoke = useAction(() => teamkit.revokeInvite({ teamId, inviteId: invite.id }), () => `Invitation to ${email} revoked.`);
  const lastSent = toDate(invite.lastSentAt ?? invite.createdAt)?.getTime() ?? 0;
  const until = Math.max(blockedUntil, lastSent + 60_000);
  const now = useNow(until > Date.now());
  const wait = Math.ceil((until - now) / 1000);
  return (
    <tr className="pending">
      <th scope="row">{[invite.firstName, invite.lastName].filter(Boolean).join(" ") || email}</th>
      <td>{email}</td>
      <td>
        <span className={`tag role-${invite.role}`}>{roleLabel(String(invite.role))}</span>
      </td>
      <td>
        <span className="tag status-pending">Pending</span>
      </td>
      <td>
        Sent {formatDate(invite.lastSentAt ?? invite.createdAt)}, expires {formatDateTime(invite.expiresAt)}
      </td>
      <td>
        {canManage && (
          <>
            <button
              type="button"
              disabled={wait > 0 || resend.pending}
              onClick={() => resend.run()}
            >
              {wait > 0 ? `Resend (in ${wait} s)` : "Resend"}
              <span className="visually-hidden"> invitation to {email}</span>
            </button>
            <button type="button" disabled={revoke.pending} onClick={() => revoke.run()}>
              Revoke<span className="visually-hidden"> invitation to {email}</span>
            </button>
          </>
        )}
      </td>
    </tr>
  );
}

function RemoveDialog({
  member,
  teamId,
  teamName,
  isSelf,
  onClose,
}: {
  member: Member | null;
  teamId: string;
  teamName: string;
  isSelf: boolean;
  onClose: () => void;
}) {
  const toast = useToast();
  const teamkit = useTeamkit();
  const name = member ? displayName(member) : "";
  const title = isSelf ? `Leave ${teamName}` : `Remove ${name}`;
  return (
    <ConfirmDialog
      open={member !== null}
      title={title}
      action={title}
      onClose={onClose}
      onConfirm={async () => {
        if (isSelf) await teamkit.leaveTeam({ teamId });
        else await teamkit.removeMember({ teamId, uid: String(member!.uid) });
        toast.success(isSelf ? `You left ${teamName}.` : `${name} was removed.`);
      }}
    >
      <p>
        {isSelf
          ? `You will lose access to ${teamName} and its shared items. An owner or admin can invite you again.`
          : `${name} will lose access to ${teamName} at once. You can invite them again later.`}
      </p>
    </ConfirmDialog>
  );
}

function Settings({ teamId, team, canDelete }: { teamId: string; team: Team; canDelete: boolean }) {
  const toast = useToast();
  const teamkit = useTeamkit();
  const [name, setName] = useState(String(team.name));
  const [domains, setDomains] = useState(((team.allowedDomains as string[]) ?? []).join(", "));
  const [limit, setLimit] = useState(team.seatLimit == null ? "" : String(team.seatLimit));
  const [domainJoin, setDomainJoin] = useState<DomainJoin>((team.domainJoin as DomainJoin | undefined) ?? "off");
  const [deleting, setDeleting] = useState(false);
  const [confirmName, setConfirmName] = useState("");
  const domainList = domains
    .split(/[\s,]+/)
    .map((d) => d.trim().toLowerCase())
    .filter(Boolean);
  const save = useAction(
    () =>
      teamkit.updateTeam({
        teamId,
        name,
        allowedDomains: domainList,
        seatLimit: limit === "" ? null : Number(limit),
        ...(domainList.length > 0 ? { domainJoin } : {}),
      }),
    () => "Team settings saved.",
  );
  return (
    <section aria-labelledby="settings-title" className="card">
      <h2 id="settings-title">Team settings</h2>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void save.run();
        }}
      >
        <label>
          Team name
          <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} />
        </label>
        <label>
          Allowed domains
          <input
            value={domains}
            onChange={(e) => setDomains(e.target.value)}
            placeholder="example.com, example.org"
            aria-describedby="domains-help"
          />
        </label>
        <p id="domains-help" className="help">
          Only addresses at these domains can be invited. Empty: any domain.
        </p>
        {domainList.length > 0 && (
          <>
            <label>
              Joining by domain
              <select value={domainJoin} onChange={(e) => setDomainJoin(e.target.value as DomainJoin)} aria-describedby="domain-join-help">
                <option value="off">Off: only invitations and links</option>
                <option value="request">Request: people at these domains ask, an owner or admin approves</option>
                <option value="auto">Automatic: people at these domains join at once as Member</option>
              </select>
            </label>
            <p id="domain-join-help" className="help">
              Only for a verified email address at one of the allowed domains that this team has proven (below).
            </p>
          </>
        )}
        <label>
          Seat limit
          <input
            type="number"
            min={1}
            value={limit}
            onChange={(e) => setLimit(e.target.value)}
            aria-describedby="limit-help"
          />
        </label>
        <p id="limit-help" className="help">
          Members plus pending invitations. Empty: no limit.
        </p>
        <button type="submit" disabled={save.pending}>
          Save settings
        </button>
      </form>
      <DomainProofs teamId={teamId} team={team} />
      {canDelete && (
        <>
          <button type="button" className="danger" onClick={() => setDeleting(true)}>
            Delete team
          </button>
          <ConfirmDialog
            open={deleting}
            title={`Delete ${String(team.name)}`}
            action="Delete this team"
            ready={confirmName === String(team.name)}
            onClose={() => setDeleting(false)}
            onConfirm={async () => {
              await teamkit.deleteTeam({ teamId });
              toast.success(`${String(team.name)} was deleted.`);
            }}
          >
            <p>
              Everyone loses access, pending invitations are revoked and the subscription is cancelled. Type the team's
              name to confirm.
            </p>
            <label>
              Team name to confirm
              <input value={confirmName} onChange={(e) => setConfirmName(e.target.value)} data-autofocus />
            </label>
          </ConfirmDialog>
        </>
      )}
    </section>
  );
}

type DomainJoin = "off" | "request" | "auto";

const PAGE = 10;

function Activity({ teamId }: { teamId: string }) {
  // Loaded on demand: the log is not needed to open the team, and would cost a read per entry.
  const [open, setOpen] = useState(false);
  return (
    <section aria-labelledby="activity-title" className="card">
      <h2 id="activity-title">Activity</h2>
      <button type="button" aria-expanded={open} aria-controls="activity-log" onClick={() => setOpen(!open)}>
        {open ? "Hide activity" : "Show activity"}
      </button>
      {open && <ActivityLog teamId={teamId} />}
    </section>
  );
}

function ActivityLog({ teamId }: { teamId: string }) {
  const events = useEvents(teamId, { pageSize: PAGE });
  const items = events.data?.items ?? [];
  return (
    <div id="activity-log">
      <ol className="activity">
        {items.map((event) => (
          <li key={event.id}>
            <time>{formatDateTime(event.at)}</time> {describeEvent(event)}
          </li>
        ))}
      </ol>
      {events.data?.hasMore && (
        <button type="button" onClick={events.loadMore}>
          Show older activity
        </button>
      )}
    </div>
  );
}

/** Why a link ended without being revoked (teamkit.events.LinkEnd): its creator lost the power
 * to grant its role. */
const LINK_ENDS: Record<NonNullable<EventParams["linkEnd"]>, string> = {
  creator_demoted: "its creator's new role may not grant its role",
  creator_removed: "its creator was removed from the team",
  creator_left: "its creator left the team",
  creator_account_deleted: "its creator deleted their account",
};

function describeEvent(event: TeamEvent): string {
  const { type, params } = eventParams(event);
  const actor = params.actor ?? "teamkit";
  const subject = params.subject ?? "someone";
  const role = params.role ? roleLabel(params.role) : "";
  const link = `invite link${params.linkLabel ? ` ("${params.linkLabel}")` : ""}`;
  switch (type) {
    case "team_created":
      return `${actor} created the team.`;
    case "member_invited":
      return `${actor} invited ${subject} as ${role}.`;
    case "invite_resent":
      return `${actor} resent the invitation to ${subject}.`;
    case "invite_revoked":
      return `${actor} revoked the invitation to ${subject}.`;
    case "invite_accepted":
      return `${subject} accepted the invitation.`;
    case "invite_declined":
      return `${subject} declined the invitation.`;
    case "invite_expired":
      return `The invitation to ${subject} expired.`;
    case "member_added":
      return `${actor} added ${subject} as ${role}.`;
    case "member_removed":
      return params.blocked
        ? `${actor} removed ${subject} (can rejoin only by invitation).`
        : `${actor} removed ${subject}.`;
    case "member_left":
      return `${subject} left the team.`;
    case "role_changed":
      return `${actor} changed ${subject}'s role from ${roleLabel(params.previousRole ?? "")} to ${role}.`;
    case "team_renamed":
      return `${actor} renamed the team to ${params.teamName}.`;
    case "team_updated":
      return `${actor} changed the team's settings.`;
    case "team_deleted":
      return `${actor} deleted the team.`;
    case "billing_changed":
      return "The team's billing changed.";
    case "members_invited":
      return `${actor} invited ${params.count ?? "several"} people.`;
    case "invite_link_created":
      return `${actor} created an ${link} for ${role}.`;
    case "invite_link_revoked":
      return params.linkEnd ? `The ${link} stopped working: ${LINK_ENDS[params.linkEnd]}.` : `${actor} revoked an ${link}.`;
    case "member_joined":
      return `${subject} joined as ${role}${params.via === "domain" ? " by domain" : " through an invite link"}.`;
    case "join_requested":
      return `${subject} asked to join.`;
    case "join_request_approved":
      return `${actor} approved ${subject}'s request to join.`;
    case "join_request_denied":
      return `${actor} denied ${subject}'s request to join.`;
    case "join_request_expired":
      return `${subject}'s request to join expired.`;
    case "domain_proven":
      return `${actor} proved ${params.domain} ${params.method === "dns" ? "by its DNS TXT record" : "with their address there"}.`;
    case "domain_proof_removed":
      return `${actor} removed the proof of ${params.domain}.`;
    default: {
      const newer: string = type; // a type this console does not know yet
      return `${newer} by ${actor}.`;
    }
  }
}
