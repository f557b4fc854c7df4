// My invitations: pending invites addressed to my verified email, answered in place.
import { useState } from "react";
import { useToast } from "../components/Toasts";
import { formatDateTime, roleLabel } from "../components/format";
import { useMyInvites, useTeamkit } from "@teamkit/react";
import { useSession } from "../session";
import { JoinableTeams } from "./Joining";

export function InvitationsPage() {
  const session = useSession();
  const toast = useToast();
  const teamkit = useTeamkit();
  const email = session.emailVerified ? (session.user.email ?? "").toLowerCase() : null;
  const invites = useMyInvites();
  const list = invites.data ?? [];
  const [busy, setBusy] = useState<string | null>(null);
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
          const teamId = String(invite.teamId);
          const answer = async (accept: boolean) => {
            setBusy(invite.id);
            try {
              if (accept) await teamkit.acceptInvite({ teamId, inviteId: invite.id });
              else await teamkit.declineInvite({ teamId, inviteId: invite.id });
              if (accept) await session.switchTeam(teamId);
              toast.success(accept ? `You joined ${String(invite.teamName)}.` : "Invitation declined.");
            } catch (error) {
              toast.error(error);
            } finally {
              setBusy(null);
            }
          };
          return (
            <li key={invite.id} className="card">
              <h2>{String(invite.teamName)}</h2>
              <p>
                As {roleLabel(String(invite.role))}; expires {formatDateTime(invite.expiresAt)}.
              </p>
              <div className="actions">
                <button type="button" className="primary" disabled={busy === invite.id} onClick={() => answer(true)}>
                  Accept<span className="visually-hidden"> invitation to {String(invite.teamName)}</span>
                </button>
                <button type="button" disabled={busy === invite.id} onClick={() => answer(false)}>
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
