// The SDK under a collection prefix (`collectionPrefix`, the backend's TEAMKIT_COLLECTION_PREFIX):
// its readers and client writes use the prefixed collections, which teamkit's rules rendered
// with the same prefix open (scripts/teamkit-rules merges them into an empty rules file here),
// and never the app's own `users`, `teams` or `members`. The prefixed rules are in force for this
// file only (files run one after the other); firestore.rules is put back afterwards.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collectionNames, createTeamkit, type Teamkit } from "../src/index.ts";
import { adminWrite, closeAll, env, readyWith, signUp, type Client } from "./support.ts";

const ROOT = fileURLToPath(new URL("../../../../", import.meta.url));
const PREFIX = "teamkit_";
const TEAM_ID = "prefixed-team";

async function loadRules(rules: string): Promise<void> {
  const url = `http://${env.firestoreHost}/emulator/v1/projects/${env.projectId}:securityRules`;
  const response = await fetch(url, { method: "PUT", body: JSON.stringify({ rules: { files: [{ content: rules }] } }) });
  if (!response.ok) throw new Error(`loading rules: ${response.status} ${await response.text()}`);
}

/** teamkit's rules under `prefix`, as `scripts/teamkit-rules merge` writes them into an app's
 * rules file that has nothing else. */
function prefixedRules(prefix: string): string {
  const file = join(mkdtempSync(join(tmpdir(), "teamkit-rules-")), "firestore.rules");
  writeFileSync(file, "rules_version = '2';\nservice cloud.firestore {\n}\n");
  execFileSync(join(ROOT, "scripts", "teamkit-rules"), ["merge", file, "--prefix", prefix]);
  return readFileSync(file, "utf8");
}

async function adminGet(path: string): Promise<Record<string, { stringValue?: string }> | undefined> {
  const url = `http://${env.firestoreHost}/v1/projects/${env.projectId}/databases/(default)/documents/${path}`;
  const response = await fetch(url, { headers: { Authorization: "Bearer owner" } });
  if (response.status === 404) return undefined;
  return ((await response.json()) as { fields: Record<string, { stringValue?: string }> }).fields;
}

let client: Client;
let teamkit: Teamkit;

beforeAll(async () => {
  await loadRules(prefixedRules(PREFIX));
  client = await signUp("prefixed", { displayName: "Pat Prefixed" });
  teamkit = createTeamkit({ functionsUrl: env.functionsUrl, auth: client.auth, firestore: client.db, collectionPrefix: PREFIX });
  const member = { uid: client.uid, teamId: TEAM_ID, role: "owner", email: client.email, displayName: "Pat Prefixed" };
  await adminWrite([
    { path: `${PREFIX}teams/${TEAM_ID}`, fields: { name: "Prefixed team", status: "active", memberCount: 1 } },
    { path: `${PREFIX}teams/${TEAM_ID}/${PREFIX}members/${client.uid}`, fields: member },
    { path: `${PREFIX}users/${client.uid}`, fields: { displayName: "Pat Prefixed" } },
    // The app's own documents of the same names: they must never show up.
    { path: `users/${client.uid}`, fields: { displayName: "The app's own profile" } },
    { path: `projects/p1/members/${client.uid}`, fields: { uid: client.uid, role: "editor" } },
  ]);
});

afterAll(async () => {
  await closeAll();
  await loadRules(readFileSync(join(ROOT, "firestore.rules"), "utf8"));
});

describe("collectionPrefix", () => {
  it("names every collection the SDK uses, and refuses a prefix the backend would refuse", () => {
    expect(collectionNames()).toMatchObject({ users: "users", members: "members", prompts: "prompts" });
    expect(collectionNames(PREFIX)).toMatchObject({ users: "teamkit_users", joinRequests: "teamkit_joinRequests" });
    expect(() => collectionNames("teamkit-")).toThrow(/collectionPrefix/);
  });

  it("reads teamkit's documents from the prefixed collections, never the app's of the same name", async () => {
    const profile = await readyWith(teamkit.profile());
    const teams = await readyWith(teamkit.myTeams(), (list) => list.length > 0);
    const members = await readyWith(teamkit.members(TEAM_ID), (page) => page.items.length > 0);

    expect(profile?.displayName).toBe("Pat Prefixed");
    expect(teams.map((t) => [t.teamId, t.team?.name])).toEqual([[TEAM_ID, "Prefixed team"]]);
    expect(members.items.map((m) => m.uid)).toEqual([client.uid]);
  });

  it("writes the profile and workspace entities into the prefixed collections", async () => {
    await teamkit.updateProfile({ displayName: "Pat Renamed" });
    const id = await teamkit.createEntity("prompts", TEAM_ID, { title: "Greeting", sharing: "public", body: "Hi" });
    const shared = await readyWith(teamkit.entities("prompts", TEAM_ID, "shared"), (list) => list.length > 0);

    expect((await adminGet(`${PREFIX}users/${client.uid}`))?.displayName?.stringValue).toBe("Pat Renamed");
    expect((await adminGet(`users/${client.uid}`))?.displayName?.stringValue).toBe("The app's own profile");
    expect(shared.map((entity) => entity.id)).toEqual([id]);
    expect(await adminGet(`${PREFIX}prompts/${id}`)).toBeDefined();
    expect(await adminGet(`prompts/${id}`)).toBeUndefined();
  });
});
