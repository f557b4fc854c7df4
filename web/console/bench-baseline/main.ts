// The baseline of bench/console.py: a bare Vite page that signs in with Firebase Auth and
// listens to one Firestore query, and nothing else (no React, no teamkit).
import { initializeApp } from "firebase/app";
import { getAuth, onAuthStateChanged, signInWithEmailAndPassword } from "firebase/auth";
import { collection, getFirestore, onSnapshot, query, where } from "firebase/firestore";

const app = initializeApp({ projectId: "demo-teamkit", apiKey: "demo-api-key" });
const auth = getAuth(app);
const db = getFirestore(app);
onAuthStateChanged(auth, (user) => {
  if (!user) return;
  onSnapshot(query(collection(db, "teams"), where("uid", "==", user.uid)), (snapshot) => {
    document.getElementById("out")!.textContent = `${snapshot.size}`;
  });
});
(window as unknown as { signIn: typeof signInWithEmailAndPassword }).signIn = signInWithEmailAndPassword;
