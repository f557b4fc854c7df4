// My invitations: pending invites addressed to my verified email, answered in place.
import { useAction } from "../components/action";
import { formatDateTime, roleLabel } from "../components/format";
import type { Invite } from "@teamkit/client";
import { useMyInvites, useTeamkit } from "@teamkit/react";
import { useSession } from "../session";
import { JoinableTeams } from "./Joining";

export function InvitationsPage() {
  const session = useSession();
  const teamkit = useTeamkit();
  const email = session.emailVerified ? (session.user.email ?? "").toLowerCase() : null;
  const invites = useMyInvites();
  const list = invites.data ?? [];
  const answer = useAction(
    async (invite: Invite, accept: boolean) => {
      const teamId = String(invite.teamId);
      if (!accept) return teamkit.declineInvite({ teamId, inviteId: invite.id });
      await teamkit.acceptInvite({ teamId, inviteId: invite.id });
      await session.switchTeam(teamId);
    },
    (_, invite, accept) => (accept ? `You joined ${String(invite.teamName)}.` : "Invitation declined."),
  );
  return (
    <section aria-labelledby="inv-title">
      <h1 id="inv-title">My invitations</h1>
      {!email && (
        <p>
          Invitations are listed here once your email address is verified. You can still accept one from the link in
          its email.
        </p>
      )}
      {email && invites.status === "ready" && list.length === 0 && <p>No pending invitations.</p>}
      <ul className="cards">
        {list.map((invite) => {
          return (
            <li key={invite.id} className="card">
              <h2>{String(invite.teamName)}</h2>
              <p>
                As {roleLabel(String(invite.role))}; expires {formatDateTime(invite.expiresAt)}.
              </p>
              <div className="actions">
                <button type="button" className="primary" disabled={answer.pending} onClick={() => answer.run(invite, true)}>
                  Accept<span className="visually-hidden"> invitation to {String(invite.teamName)}</span>
                </button>
                <button type="button" disabled={answer.pending} onClick={() => answer.run(invite, false)}>
                  Decline<span className="visually-hidden"> invitation to {String(invite.teamName)}</span>
                </button>
              </div>
            </li>
          );
        })}
      </ul>
      <JoinableTeams />
    </section>
  );
}
