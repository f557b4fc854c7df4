// The consumer test's app (devtools/consumer_test.py): it replaces the App.tsx of a fresh
// create-vite react-ts app that installed the packed @teamkit/client, @teamkit/react and
// @teamkit/ui, so it uses them exactly as an app developer would, under the template's own
// compiler settings.
// The emulators' addresses and the signed-in user come in the query string (the build is made
// before the emulators are up): ?project=&auth=&firestore=&functions=&email=&password=&addUid=
import { useState } from "react";
import { initializeApp } from "firebase/app";
import { connectAuthEmulator, getAuth, signInWithEmailAndPassword } from "firebase/auth";
import { connectFirestoreEmulator, getFirestore } from "firebase/firestore";
import { createTeamkit, functionsUrlFor, type Teamkit } from "@teamkit/client";
import { TeamkitProvider, useAuthUser, useMembers, useMutation, useTeamkit } from "@teamkit/react";
import { TeamSwitcher } from "@teamkit/ui";
import "@teamkit/ui/styles.css";

const params = new URLSearchParams(location.search);
const setting = (name: string): string => params.get(name) ?? "";

function connect(): Teamkit {
  const projectId = setting("project");
  const app = initializeApp({ projectId, apiKey: "consumer-test-key" });
  const auth = getAuth(app);
  connectAuthEmulator(auth, `http://${setting("auth")}`, { disableWarnings: true });
  const firestore = getFirestore(app);
  const [host = "127.0.0.1", port = "8080"] = setting("firestore").split(":");
  connectFirestoreEmulator(firestore, host, Number(port));
  void signInWithEmailAndPassword(auth, setting("email"), setting("password"));
  return createTeamkit({ functionsUrl: functionsUrlFor({ projectId, emulatorHost: setting("functions") }), auth, firestore });
}

const teamkit = connect();

function Team() {
  const { status } = useAuthUser();
  const client = useTeamkit();
  const create = useMutation(client.createTeam);
  const add = useMutation(client.addExistingMember);
  const [teamId, setTeamId] = useState<string | null>(null);
  const members = useMembers(teamId);
  if (status !== "signed-in") return <p>Signing in…</p>;
  return (
    <main>
      {teamId === null ? (
        <button
          disabled={create.pending}
          onClick={async () => {
            const created = await create.run({ name: "Consumer test" });
            if (created) setTeamId(String(created.teamId));
          }}
        >
          Create team
        </button>
      ) : (
        <button disabled={add.pending} onClick={() => void add.run({ teamId, uid: setting("addUid"), role: "member" })}>
          Add member
        </button>
      )}
      {(create.error ?? add.error) && <p role="alert">{(create.error ?? add.error)?.message}</p>}
      <p data-testid="status">{members.status}</p>
      <ul aria-label="Members">
        {members.data?.items.map((member) => (
          <li key={member.uid}>
            {member.email} ({member.role})
          </li>
        ))}
      </ul>
    </main>
  );
}

export default function App() {
  return (
    <TeamkitProvider teamkit={teamkit}>
      <TeamSwitcher />
      <Team />
    </TeamkitProvider>
  );
}
