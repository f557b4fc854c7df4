// The notes of the signed-in user: read live from notes/{uid}/items, added through addNote.
import { useEffect, useState } from "react";
import { collection, limit, onSnapshot, orderBy, query } from "firebase/firestore";
import { httpsCallable } from "firebase/functions";
import { db, functions } from "./firebase.ts";

export interface Note {
  id: string;
  text: string;
  pinned: boolean;
}

export const addNote = httpsCallable<{ text: string }, { id: string }>(functions, "addNote");

export function useNotes(uid: string): Note[] {
  const [notes, setNotes] = useState<Note[]>([]);
  useEffect(() => {
    const items = query(
      collection(db, "notes", uid, "items"),
      orderBy("pinned", "desc"),
      orderBy("createdAt", "desc"),
      limit(50),
    );
    return onSnapshot(items, (snapshot) =>
      setNotes(snapshot.docs.map((note) => ({ id: note.id, text: note.get("text"), pinned: note.get("pinned") }))),
    );
  }, [uid]);
  return notes;
}
