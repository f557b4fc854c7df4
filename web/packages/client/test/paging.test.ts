// Member pages of a 10,000-member team read only the page: the listener of the first page gets
// 50 documents from the server, each loadMore 50 more, a prefix search only its matches.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminDelete, adminPatch, adminWrite, closeAll, readyWith, signUp, type Client } from "./support.ts";

const SIZE = 10_000;
let owner: Client;
let teamId: string;
const seeded: string[] = [];

beforeAll(async () => {
  owner = await signUp("big-owner");
  teamId = String((await owner.teamkit.createTeam({ name: "Ten thousand" })).teamId);
  const docs = [];
  for (let i = 1; i < SIZE; i++) {
    const uid = `seeded-${String(i).padStart(5, "0")}`;
    const path = `teams/${teamId}/members/${uid}`;
    seeded.push(path);
    docs.push({
      path,
      fields: {
        uid,
        teamId,
        email: `m${String(i).padStart(5, "0")}@big.example`,
        displayName: `Member ${i}`,
        role: "member",
        joinedAt: new Date(),
        addedBy: owner.uid,
        via: "direct",
      },
    });
  }
  await adminWrite(docs);
  await adminPatch(`teams/${teamId}`, { memberCount: SIZE });
}, 300_000);

afterAll(async () => {
  await adminDelete(seeded); // keeps the emulator's collection-group scans fast for later files
  await closeAll();
}, 300_000);

describe("a 10,000-member team", () => {
  it("opens its first page of members reading only that page", async () => {
    const before = owner.reads.count;
    const members = owner.teamkit.members(teamId);
    const page = await readyWith(members, (p) => p.items.length > 0);
    expect(page.items).toHaveLength(50);
    expect(page.hasMore).toBe(true);
    expect(owner.reads.count - before).toBe(50);
    const emails = page.items.map((m) => m.email ?? "");
    expect([...emails].sort()).toEqual(emails);
  });

  it("reads one more page per loadMore", async () => {
    const members = owner.teamkit.members(teamId, { pageSize: 50 });
    const stop = members.subscribe(() => {});
    await readyWith(members, (p) => p.items.length === 50);
    const before = owner.reads.count;
    members.loadMore();
    const two = await readyWith(members, (p) => p.items.length === 100);
    expect(owner.reads.count - before).toBe(50);
    expect(new Set(two.items.map((m) => m.uid)).size).toBe(100);
    stop();
  });

  it("searches by prefix reading only the matches", async () => {
    const before = owner.reads.count;
    const found = await readyWith(owner.teamkit.members(teamId, { search: "m0999" }));
    expect(found.items.map((m) => m.email)).toEqual(Array.from({ length: 10 }, (_, i) => `m0999${i}@big.example`));
    expect(owner.reads.count - before).toBe(10);
  });
});
