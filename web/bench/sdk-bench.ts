// The SDK's numbers, run by bench/sdk.py (`scripts/bench`) against the emulators it starts:
// Firestore reads to open a 10,000-member team's first page of members against a plain listener
// on the whole collection, and the propagation of changeMemberRoles to the member's listener
// against a direct Firestore write reaching another client's listener, interleaved in one run.
// Prints one JSON object on stdout.
import { collection, doc, onSnapshot, serverTimestamp, setDoc, updateDoc } from "firebase/firestore";
import { until, type Live } from "@teamkit/client";
import { adminPatch, adminWrite, closeAll, readyWith, signUp } from "../packages/client/test/support.ts";

const SIZE = Number(process.env.TEAMKIT_BENCH_MEMBERS ?? 10_000);
const SAMPLES = Number(process.env.TEAMKIT_BENCH_SAMPLES ?? 15);

function log(message: string) {
  process.stderr.write(`sdk-bench: ${message}\n`);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function p95(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)]!;
}

async function reads() {
  const owner = await signUp("bench-owner");
  const teamId = String((await owner.teamkit.createTeam({ name: "Ten thousand" })).teamId);
  const docs = [];
  for (let i = 1; i < SIZE; i++) {
    const uid = `seeded-${String(i).padStart(5, "0")}`;
    docs.push({
      path: `teams/${teamId}/members/${uid}`,
      fields: { uid, teamId, email: `m${String(i).padStart(5, "0")}@big.example`, displayName: `Member ${i}`, role: "member", joinedAt: new Date(), addedBy: owner.uid, via: "direct" },
    });
  }
  log(`seeding ${SIZE - 1} members`);
  await adminWrite(docs);
  await adminPatch(`teams/${teamId}`, { memberCount: SIZE });

  const before = owner.reads.count;
  const started = performance.now();
  await readyWith(owner.teamkit.members(teamId), (page) => page.items.length > 0, 120_000);
  const pageMs = performance.now() - started;
  const pageReads = owner.reads.count - before;

  // The comparison: a plain listener on the whole members collection.
  let wholeReads = 0;
  const wholeStarted = performance.now();
  const wholeMs = await new Promise<number>((resolve, reject) => {
    const stop = onSnapshot(
      collection(owner.db, "teams", teamId, "members"),
      (snapshot) => {
        if (snapshot.metadata.fromCache) return;
        // A new listen is billed every document of its result (the page's 50 are in this
        // client's cache already, so counting changes would miss them).
        wholeReads = snapshot.size;
        stop();
        resolve(performance.now() - wholeStarted);
      },
      reject,
    );
  });
  return { members: SIZE, pageSize: 50, pageReads, pageMs, wholeReads, wholeMs, rulesLookups: 1 };
}

async function propagation() {
  const owner = await signUp("prop-owner");
  const member = await signUp("prop-member");
  const teamId = String((await owner.teamkit.createTeam({ name: "Propagation" })).teamId);
  await owner.teamkit.addExistingMember({ teamId, email: member.email, role: "member" });
  const myTeams = member.teamkit.myTeams();
  const stopTeams = myTeams.subscribe(() => {});
  await readyWith(myTeams, (teams) => teams.some((t) => t.teamId === teamId));

  // A shared prompt the owner writes and the member listens to.
  const prompt = doc(collection(owner.db, "prompts"));
  await setDoc(prompt, {
    workspaceId: teamId, ownerUid: owner.uid, sharing: "public", title: "v0", body: "",
    createdAt: serverTimestamp(), updatedAt: serverTimestamp(),
  });
  const shared = member.teamkit.entities("prompts", teamId, "shared");
  const stopShared = shared.subscribe(() => {});
  await readyWith(shared, (list) => list.some((p) => p.title === "v0"));

  const viaFunction: number[] = [];
  const direct: number[] = [];
  const roles = ["viewer", "member"] as const;
  for (let i = 0; i < SAMPLES + 2; i++) {
    const role = roles[i % 2]!;
    let started = performance.now();
    const seen = until(myTeams, (s) => s.status === "ready" && s.data.find((t) => t.teamId === teamId)?.role === role, 60_000);
    await owner.teamkit.changeMemberRoles({ teamId, changes: { [member.uid]: role } });
    await seen;
    const functionMs = performance.now() - started;

    const title = `v${i + 1}`;
    started = performance.now();
    const arrived = until(shared as Live<{ title: string }[]>, (s) => s.status === "ready" && s.data.some((p) => p.title === title), 60_000);
    await updateDoc(prompt, { title, updatedAt: serverTimestamp() });
    await arrived;
    const directMs = performance.now() - started;
    if (i >= 2) {
      viaFunction.push(functionMs);
      direct.push(directMs);
    }
  }
  stopTeams();
  stopShared();
  return {
    samples: SAMPLES,
    functionMedianMs: median(viaFunction),
    functionP95Ms: p95(viaFunction),
    directMedianMs: median(direct),
    directP95Ms: p95(direct),
  };
}

const result = { reads: await reads(), propagation: await propagation() };
await closeAll();
process.stdout.write(JSON.stringify(result) + "\n");
process.exit(0);
