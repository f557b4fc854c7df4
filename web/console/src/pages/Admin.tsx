// Platform admin (superAdmin claim): every team, searchable, and any team opened read-only
// (firestore.rules let superAdmins list teams and read their members and invites).
import { useState } from "react";
import { useAllTeams, useTeamkit } from "@teamkit/react";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { Link, useLocation } from "../router";
import { useSession } from "../session";
import { TeamPage } from "./Team";

export function AdminPage() {
  const session = useSession();
  const { path } = useLocation();
  const teams = useAllTeams(session.superAdmin);
  const [search, setSearch] = useState("");
  if (!session.superAdmin) return <p>Only platform administrators see this page.</p>;
  const open = path.startsWith("/admin/teams/") ? decodeURIComponent(path.slice("/admin/teams/".length)) : null;
  if (open) {
    return (
      <>
        <p>
          <Link to="/admin">Back to all teams</Link>
        </p>
        <TeamPage teamId={open} readOnly />
      </>
    );
  }
  const needle = search.trim().toLowerCase();
  const shown = (teams.data ?? [])
    .filter((t) => !needle || String(t.name).toLowerCase().includes(needle) || t.id.includes(needle))
    ;
  return (
    <section aria-labelledby="admin-title">
      <h1 id="admin-title">All teams</h1>
      <label>
        Search teams
        <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
      </label>
      <EndSomeonesSessions />
      <table>
        <caption className="visually-hidden">All teams</caption>
        <thead>
          <tr>
            <th scope="col">Team</th>
            <th scope="col">Members</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((t) => (
            <tr key={t.id}>
              <th scope="row">
                <Link to={`/admin/teams/${encodeURIComponent(t.id)}`}>{String(t.name)}</Link>
              </th>
              <td>{String(t.memberCount ?? 0)}</td>
              <td>{String(t.status)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** Support work: sign a user out on every device (a stolen laptop, a departing employee). */
function EndSomeonesSessions() {
  const teamkit = useTeamkit();
  const [uid, setUid] = useState("");
  const [confirming, setConfirming] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const target = uid.trim();
  return (
    <form
      aria-label="Sign a user out everywhere"
      onSubmit={(event) => {
        event.preventDefault();
        setDone(null);
        if (target) setConfirming(true);
      }}
    >
      <label>
        User id
        <input value={uid} onChange={(e) => setUid(e.target.value)} autoComplete="off" />
      </label>
      <button type="submit" disabled={!target}>
        Sign out everywhere
      </button>
      {done && <p role="status">{done}</p>}
      <ConfirmDialog
        open={confirming}
        title="Sign a user out everywhere"
        action={`Sign out ${target}`}
        onClose={() => setConfirming(false)}
        onConfirm={async () => {
          await teamkit.endSessions({ uid: target });
          setDone(`${target} is signed out on every device.`);
          setUid("");
        }}
      >
        <p>Every session of this user ends now: they must sign in again before they can change anything.</p>
      </ConfirmDialog>
    </form>
  );
}
