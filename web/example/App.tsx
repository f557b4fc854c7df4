// The README's "Use the SDK" example, kept compiling by `npm run typecheck` (scripts/test).
import { initializeApp } from "firebase/app";
import { getAuth } from "firebase/auth";
import { getFirestore } from "firebase/firestore";
import { createTeamkit, functionsUrlFor } from "@teamkit/client";
import { TeamkitProvider, useCurrentTeam, useMembers, useMutation, useTeamkit } from "@teamkit/react";

const app = initializeApp({ projectId: "my-project", apiKey: "my-web-api-key" });
const teamkit = createTeamkit({
  functionsUrl: functionsUrlFor({ projectId: "my-project" }),
  auth: getAuth(app),
  firestore: getFirestore(app),
});

function Members() {
  const { teamId, team, can, seats } = useCurrentTeam();
  const members = useMembers(teamId);
  const invite = useMutation(useTeamkit().inviteMember);
  if (members.status === "access-lost") return <p>You are no longer in this team.</p>;
  return (
    <section aria-label={`Members of ${team?.name ?? "your team"}`}>
      <ul>{members.data?.items.map((m) => <li key={m.uid}>{m.displayName ?? m.email} ({m.role})</li>)}</ul>
      {members.data?.hasMore && <button onClick={members.loadMore}>More</button>}
      <p>{seats?.used} of {seats?.limit ?? "unlimited"} seats used</p>
      {can("invite") && teamId && (
        <button disabled={invite.pending} onClick={() => invite.run({ teamId, email: "new@example.com", role: "member" })}>
          Invite new@example.com
        </button>
      )}
      {invite.error && <p role="alert">{invite.error.message}</p>}
    </section>
  );
}

export const App = () => <TeamkitProvider teamkit={teamkit}><Members /></TeamkitProvider>;
