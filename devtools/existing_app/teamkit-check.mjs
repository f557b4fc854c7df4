// The existing-app test's teamkit check (devtools/existing_app_test.py feeds it to
// `node --input-type=module` in the app, after the steps of docs/add-to-your-app.md, so the
// imports resolve from the app's node_modules): teamkit works beside the app, and neither's
// data is readable by the other's strangers.
//
// 1. A teamkit user creates a team and sees its members listed by the SDK's live reader.
// 2. An app user adds a note through the app's own function.
// 3. The teamkit user, a stranger to the app user, reads neither their notes nor their profile.
// 4. The app user, a stranger to the team, reads neither the team nor its members.
// 5. teamkit wrote its profile under its prefix, not into the app's `users` collection.
// Environment: PROJECT, AUTH_HOST, FIRESTORE_HOST, FUNCTIONS_HOST, COLLECTION_PREFIX (the
// app's teamkit/.env).
import { initializeApp } from "firebase/app";
import { connectAuthEmulator, createUserWithEmailAndPassword, getAuth } from "firebase/auth";
import { collection, connectFirestoreEmulator, doc, getDoc, getDocs, getFirestore } from "firebase/firestore";
import { connectFunctionsEmulator, getFunctions, httpsCallable } from "firebase/functions";
import { collectionNames, createTeamkit, functionsUrlFor, until } from "@teamkit/client";

const { PROJECT: projectId, AUTH_HOST, FIRESTORE_HOST, FUNCTIONS_HOST, COLLECTION_PREFIX } = process.env;
const names = collectionNames(COLLECTION_PREFIX);

/** A signed-up user with a Firebase app of their own, and teamkit's client on it. */
async function signedUp(name) {
  const app = initializeApp({ projectId, apiKey: "existing-app-test-key" }, name);
  const auth = getAuth(app);
  connectAuthEmulator(auth, `http://${AUTH_HOST}`, { disableWarnings: true });
  const db = getFirestore(app);
  const [firestoreHost, firestorePort] = FIRESTORE_HOST.split(":");
  connectFirestoreEmulator(db, firestoreHost, Number(firestorePort));
  const functions = getFunctions(app);
  const [functionsHost, functionsPort] = FUNCTIONS_HOST.split(":");
  connectFunctionsEmulator(functions, functionsHost, Number(functionsPort));
  const email = `${name}-${Date.now()}@existing-app.example.com`;
  const { user } = await createUserWithEmailAndPassword(auth, email, "existing app test password");
  const teamkit = createTeamkit({
    functionsUrl: functionsUrlFor({ projectId, emulatorHost: FUNCTIONS_HOST }),
    auth,
    firestore: db,
    collectionPrefix: COLLECTION_PREFIX,
  });
  return { db, functions, teamkit, uid: user.uid, email };
}

async function refused(what, read) {
  try {
    await read();
  } catch (error) {
    if (error.code === "permission-denied") return;
    throw new Error(`reading ${what}: expected permission-denied, got ${error}`);
  }
  throw new Error(`a stranger could read ${what}`);
}

const teamUser = await signedUp("team-owner");
const { teamId } = await teamUser.teamkit.createTeam({ name: "Existing app team" });
const members = await until(teamUser.teamkit.members(teamId), (state) => state.status === "ready");
const listed = members.data.items.map((member) => `${member.uid} (${member.role})`);
if (listed.length !== 1 || listed[0] !== `${teamUser.uid} (owner)`) {
  throw new Error(`the team's members are ${listed}, not its owner`);
}
console.log(`teamkit: team ${teamId} created under ${names.teams}, members listed: ${listed}`);

const appUser = await signedUp("note-author");
const { data: note } = await httpsCallable(appUser.functions, "addNote")({ text: "Private" });
await refused("an app user's note", () => getDoc(doc(teamUser.db, "notes", appUser.uid, "items", note.id)));
await refused("an app user's notes", () => getDocs(collection(teamUser.db, "notes", appUser.uid, "items")));
await refused("an app user's profile", () => getDoc(doc(teamUser.db, "users", appUser.uid)));
console.log("cross check: a teamkit user reads no app data of another user");

await refused("the team", () => getDoc(doc(appUser.db, names.teams, teamId)));
await refused("the team's members", () => getDocs(collection(appUser.db, names.teams, teamId, names.members)));
await refused("the team owner's teamkit profile", () => getDoc(doc(appUser.db, names.users, teamUser.uid)));
const strangerView = await until(appUser.teamkit.members(teamId), (state) => state.status !== "loading");
if (strangerView.data?.items?.length) throw new Error(`an app user listed the team's members: ${strangerView.status}`);
console.log(`cross check: an app user reads nothing of the team (the members reader: ${strangerView.status})`);

if ((await getDoc(doc(teamUser.db, "users", teamUser.uid))).exists()) {
  throw new Error("teamkit wrote into the app's users collection");
}
console.log(`teamkit kept to its prefix: the app's users/${teamUser.uid} does not exist`);
process.exit(0);
