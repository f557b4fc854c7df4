// Platform admin (superAdmin claim): every team, searchable, and any team opened read-only
// (firestore.rules let superAdmins list teams and read their members and invites).
import { useState } from "react";
import { useAllTeams } from "@teamkit/react";
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
