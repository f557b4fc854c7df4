// The whole app: the team UI of @teamkit/ui in an app with its own header, sign-in and styling.
import { createRoot } from "react-dom/client";
import { signInWithEmailAndPassword } from "firebase/auth";
import { TeamkitProvider, useAuthUser, useCurrentTeam } from "@teamkit/react";
import { CreateTeam, TeamProfile, TeamSwitcher } from "@teamkit/ui";
import "@teamkit/ui/styles.css";
import "./app.css";
import { auth, teamkit } from "./firebase.ts";

function SignIn() {
  const submit = (form: FormData) => void signInWithEmailAndPassword(auth, String(form.get("email")), String(form.get("password")));
  return (
    <form action={submit} className="sign-in">
      <label>Email <input name="email" type="email" required /></label>
      <label>Password <input name="password" type="password" required /></label>
      <button>Sign in</button>
    </form>
  );
}

function App() {
  const { status } = useAuthUser();
  const { teamId } = useCurrentTeam();
  if (status === "loading") return null;
  if (status === "signed-out") return <main><SignIn /></main>;
  return (
    <>
      <header><strong>Acme</strong><TeamSwitcher /></header>
      <main>{teamId ? <TeamProfile teamId={teamId} /> : <CreateTeam />}</main>
    </>
  );
}

createRoot(document.getElementById("root")!).render(<TeamkitProvider teamkit={teamkit}><App /></TeamkitProvider>);
