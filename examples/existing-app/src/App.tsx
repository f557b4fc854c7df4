import { useEffect, useState, type FormEvent } from "react";
import { onAuthStateChanged, signInWithEmailAndPassword, signOut, type User } from "firebase/auth";
import { auth } from "./firebase.ts";
import { addNote, useNotes } from "./notes.ts";

function SignIn() {
  const [error, setError] = useState<string | null>(null);
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    try {
      await signInWithEmailAndPassword(auth, String(form.get("email")), String(form.get("password")));
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    }
  }
  return (
    <form onSubmit={submit}>
      <input name="email" type="email" placeholder="Email" required />
      <input name="password" type="password" placeholder="Password" required />
      <button>Sign in</button>
      {error && <p role="alert">{error}</p>}
    </form>
  );
}

function Notes({ user }: { user: User }) {
  const notes = useNotes(user.uid);
  const [text, setText] = useState("");
  async function submit(event: FormEvent) {
    event.preventDefault();
    await addNote({ text });
    setText("");
  }
  return (
    <main>
      <p>
        {user.email} <button onClick={() => void signOut(auth)}>Sign out</button>
      </p>
      <form onSubmit={submit}>
        <input value={text} onChange={(event) => setText(event.target.value)} placeholder="New note" />
        <button disabled={!text.trim()}>Add</button>
      </form>
      <ul>
        {notes.map((note) => (
          <li key={note.id}>{note.pinned ? `📌 ${note.text}` : note.text}</li>
        ))}
      </ul>
    </main>
  );
}

export default function App() {
  const [user, setUser] = useState<User | null | undefined>(undefined);
  useEffect(() => onAuthStateChanged(auth, setUser), []);
  if (user === undefined) return <p>Loading…</p>;
  return user ? <Notes user={user} /> : <SignIn />;
}
