// The app's own check, run against the emulators (`firebase emulators:exec "npm run check"`):
// two users sign up on the Auth emulator, one adds a note through the addNote function and
// reads it back from notes/{uid}/items, and the other can read neither that note nor the
// author's profile. The emulators' addresses come from the variables emulators:exec sets
// (FIREBASE_AUTH_EMULATOR_HOST, FIRESTORE_EMULATOR_HOST, GCLOUD_PROJECT), the functions' from
// FUNCTIONS_EMULATOR_HOST; without them, the ports of firebase.json.
import { initializeApp } from "firebase/app";
import { connectAuthEmulator, createUserWithEmailAndPassword, getAuth } from "firebase/auth";
import { connectFirestoreEmulator, doc, getDoc, getDocs, getFirestore, collection } from "firebase/firestore";
import { connectFunctionsEmulator, getFunctions, httpsCallable } from "firebase/functions";

const projectId = process.env.GCLOUD_PROJECT ?? "demo-notes";
const hostPort = (value, fallback) => {
  const [host, port] = (value ?? fallback).split(":");
  return [host, Number(port)];
};

/** A signed-up user with a Firebase app of their own (as two browsers would have). */
async function signedUp(name) {
  const app = initializeApp({ projectId, apiKey: "demo-key" }, name);
  const auth = getAuth(app);
  connectAuthEmulator(auth, `http://${process.env.FIREBASE_AUTH_EMULATOR_HOST ?? "127.0.0.1:9099"}`, {
    disableWarnings: true,
  });
  const db = getFirestore(app);
  connectFirestoreEmulator(db, ...hostPort(process.env.FIRESTORE_EMULATOR_HOST, "127.0.0.1:8080"));
  const functions = getFunctions(app);
  connectFunctionsEmulator(functions, ...hostPort(process.env.FUNCTIONS_EMULATOR_HOST, "127.0.0.1:5001"));
  const email = `${name}-${Date.now()}@notes.example.com`;
  const { user } = await createUserWithEmailAndPassword(auth, email, "notes check password");
  return { app, db, functions, uid: user.uid };
}

async function denied(what, read) {
  try {
    await read();
  } catch (error) {
    if (error.code === "permission-denied") return;
    throw error;
  }
  throw new Error(`a stranger could read ${what}`);
}

const author = await signedUp("author");
const stranger = await signedUp("stranger");
const { data } = await httpsCallable(author.functions, "addNote")({ text: "Buy milk" });
const notes = await getDocs(collection(author.db, "notes", author.uid, "items"));
if (!notes.docs.some((note) => note.id === data.id && note.get("text") === "Buy milk")) {
  throw new Error(`the author's notes lack the note addNote made: ${notes.docs.map((note) => note.id)}`);
}
const profile = await getDoc(doc(author.db, "users", author.uid));
if (profile.get("noteCount") !== 1) throw new Error(`noteCount is ${profile.get("noteCount")}, not 1`);
await denied("the author's note", () => getDoc(doc(stranger.db, "notes", author.uid, "items", data.id)));
await denied("the author's notes", () => getDocs(collection(stranger.db, "notes", author.uid, "items")));
await denied("the author's profile", () => getDoc(doc(stranger.db, "users", author.uid)));
console.log(`notes check: ${author.uid} added note ${data.id} and read it back; a stranger was refused`);
process.exit(0);
