// App Check: a Teamkit given a token getter sends the token of each call as X-Firebase-AppCheck
// (what the functions verify when deployed with ENFORCE_APP_CHECK; the emulators run without it,
// so the call also goes through); without the getter it sends none.
import { afterAll, describe, expect, it } from "vitest";
import { createTeamkit } from "../src/index.ts";
import { closeAll, env, signUp } from "./support.ts";

afterAll(closeAll);

function recordingFetch(seen: Headers[]): typeof fetch {
  return (input, init) => {
    seen.push(new Headers(init?.headers));
    return globalThis.fetch(input, init);
  };
}

describe("the App Check token", () => {
  it("goes with every call when the app gives a getter, and not otherwise", async () => {
    const client = await signUp("app-check");
    const withToken: Headers[] = [];
    const without: Headers[] = [];
    let fetched = 0;
    const checked = createTeamkit({
      functionsUrl: env.functionsUrl,
      auth: client.auth,
      firestore: client.db,
      fetch: recordingFetch(withToken),
      appCheckToken: async () => `app-check-${++fetched}`,
    });
    const plain = createTeamkit({ functionsUrl: env.functionsUrl, auth: client.auth, firestore: client.db, fetch: recordingFetch(without) });

    const { teamId } = await checked.createTeam({ name: "Checked" });
    await checked.getTeamSummary({ teamId: String(teamId) });
    await plain.getTeamSummary({ teamId: String(teamId) });

    expect(withToken.map((headers) => headers.get("X-Firebase-AppCheck"))).toEqual(["app-check-1", "app-check-2"]);
    expect(without.map((headers) => headers.has("X-Firebase-AppCheck"))).toEqual([false]);
  });
});
