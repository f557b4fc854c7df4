// The app's own backend, from before teamkit: one callable function that adds a note for the
// signed-in user and counts it on their profile. It lives in the `default` codebase
// (firebase.json); teamkit's functions join as a codebase of their own.
import { initializeApp } from "firebase-admin/app";
import { FieldValue, getFirestore } from "firebase-admin/firestore";
import { HttpsError, onCall } from "firebase-functions/v2/https";

initializeApp();

export const addNote = onCall(async (request) => {
  const uid = request.auth?.uid;
  if (!uid) throw new HttpsError("unauthenticated", "Sign in to add notes.");
  const text = typeof request.data?.text === "string" ? request.data.text.trim() : "";
  if (!text || text.length > 1000) throw new HttpsError("invalid-argument", "A note is 1 to 1,000 characters.");
  const db = getFirestore();
  const note = db.collection("notes").doc(uid).collection("items").doc();
  await db.runTransaction(async (transaction) => {
    transaction.create(note, { text, pinned: false, createdAt: FieldValue.serverTimestamp() });
    transaction.set(db.doc(`users/${uid}`), { noteCount: FieldValue.increment(1) }, { merge: true });
  });
  return { id: note.id };
});
