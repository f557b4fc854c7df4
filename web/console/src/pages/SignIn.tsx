// Sign in or create an account with email and password.
import { useState } from "react";
import { createUserWithEmailAndPassword, signInWithEmailAndPassword, updateProfile } from "firebase/auth";
import { useMutation } from "@teamkit/react";
import { ErrorText } from "../components/ErrorText";
import { describeError } from "../errors";
import { auth } from "../teamkit";

export function SignInPage() {
  return (
    <main className="narrow" id="main">
      <h1>teamkit</h1>
      <SignInForm />
    </main>
  );
}

let settling: Promise<void> = Promise.resolve();

/** Resolves once a new account has its name on a fresh ID token. Creating an account signs the
 * user in at once, before the name is set: a page that calls a function right after sign-up
 * (accepting an invite) waits for this, or the membership would record no name. */
export function accountSettled(): Promise<void> {
  return settling;
}

export function SignInForm({ email: fixedEmail, intro }: { email?: string; intro?: string }) {
  const [mode, setMode] = useState<"sign-in" | "create">("sign-in");
  const [email, setEmail] = useState(fixedEmail ?? "");
  const [password, setPassword] = useState("");
  const [name, setName] = useState("");
  const creating = mode === "create";
  const submit = useMutation(async () => {
    if (!creating) {
      await signInWithEmailAndPassword(auth, email, password);
      return;
    }
    let named = () => {};
    settling = new Promise<void>((resolve) => (named = resolve));
    try {
      const cred = await createUserWithEmailAndPassword(auth, email, password);
      if (name) {
        await updateProfile(cred.user, { displayName: name });
        // A fresh ID token carries the name, so the functions see it (e.g. on accept).
        await cred.user.getIdToken(true);
      }
    } finally {
      named();
    }
  });
  return (
    <form
      className="card"
      aria-labelledby="auth-title"
      onSubmit={(event) => {
        event.preventDefault();
        void submit.run();
      }}
    >
      <h2 id="auth-title">{creating ? "Create an account" : "Sign in"}</h2>
      {intro && <p>{intro}</p>}
      <label>
        Email
        <input type="email" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} required />
      </label>
      {creating && (
        <label>
          Name
          <input autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} />
        </label>
      )}
      <label>
        Password
        <input
          type="password"
          autoComplete={creating ? "new-password" : "current-password"}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          required
          minLength={6}
        />
      </label>
      <ErrorText>{submit.error && describeError(submit.error)}</ErrorText>
      <div className="actions">
        <button type="submit" className="primary" disabled={submit.pending}>
          {creating ? "Create account" : "Sign in"}
        </button>
        <button type="button" className="link" onClick={() => setMode(creating ? "sign-in" : "create")}>
          {creating ? "I have an account" : "New here? Create an account instead"}
        </button>
      </div>
    </form>
  );
}
