// What the browser tests need besides the browser: accounts in the Auth emulator, calls to the
// functions, Firestore read with the emulator's admin bypass (queued mail, backdating an
// invite), and sign-in through the console's own form.
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the suite through devtools/console_tests.py`);
  return value;
};

export const PROJECT = env("TEAMKIT_PROJECT_ID");
export const FUNCTIONS = env("TEAMKIT_FUNCTIONS_URL");
const AUTH = `http://${env("FIREBASE_AUTH_EMULATOR_HOST")}/identitytoolkit.googleapis.com/v1`;
const FIRESTORE = `http://${env("FIRESTORE_EMULATOR_HOST")}/v1/projects/${PROJECT}/databases/(default)/documents`;
export const DEMO = JSON.parse(env("TEAMKIT_DEMO")) as {
  password: string;
  teams: Record<string, string>;
  users: Record<string, { uid: string; email: string }>;
  priceId: string;
};
export const PASSWORD = DEMO.password;

/** The pictures in docs/ are taken only when asked: `TEAMKIT_SCREENSHOTS=1 scripts/test console`
 * (docs/console.md), so an ordinary run leaves the work tree clean. */
export async function docScreenshot(page: Page, file: string, options: { fullPage?: boolean } = {}): Promise<void> {
  if (process.env.TEAMKIT_SCREENSHOTS !== "1") return;
  await page.screenshot({ path: `../../docs/${file}`, ...options });
}

let counter = 0;
export function uniqueEmail(name: string): string {
  counter += 1;
  return `${name}.${Date.now().toString(36)}${counter}@example.com`;
}

export interface Person {
  uid: string;
  email: string;
  name: string;
}

async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<any> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  const json = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(`${url}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

export async function createUser(name: string, { verified = true, superAdmin = false } = {}): Promise<Person> {
  const email = uniqueEmail(name.toLowerCase().split(" ")[0]);
  const created = await post(`${AUTH}/accounts:signUp?key=any`, { email, password: PASSWORD, displayName: name });
  const update: Record<string, unknown> = { localId: created.localId, emailVerified: verified };
  if (superAdmin) update.customAttributes = JSON.stringify({ superAdmin: true });
  await post(`${AUTH}/projects/${PROJECT}/accounts:update`, update, { Authorization: "Bearer owner" });
  return { uid: created.localId, email, name };
}

export async function idToken(email: string): Promise<string> {
  const signedIn = await post(`${AUTH}/accounts:signInWithPassword?key=any`, {
    email,
    password: PASSWORD,
    returnSecureToken: true,
  });
  return signedIn.idToken;
}

export async function callAs(person: { email: string }, name: string, body: Record<string, unknown>): Promise<any> {
  return post(`${FUNCTIONS}/${name}`, body, { Authorization: `Bearer ${await idToken(person.email)}` });
}

/** A new team owned by a new user, with `members` added directly ({role: name}). */
export async function newTeam(
  teamName: string,
  members: Array<[string, string]> = [],
): Promise<{ teamId: string; owner: Person; people: Record<string, Person> }> {
  const owner = await createUser(`${teamName} Owner`);
  const { teamId } = await callAs(owner, "createTeam", { name: teamName });
  const people: Record<string, Person> = {};
  for (const [name, role] of members) {
    const person = await createUser(name);
    await callAs(owner, "addExistingMember", { teamId, email: person.email, role });
    people[name] = person;
  }
  return { teamId, owner, people };
}

async function adminGet(path: string): Promise<any> {
  const response = await fetch(`${FIRESTORE}/${path}`, { headers: { Authorization: "Bearer owner" } });
  if (!response.ok) throw new Error(`GET ${path}: ${response.status}`);
  return response.json();
}

/** The accept token of the newest invitation mail to `email` (read from `mail/`, waiting for the
 * trigger that queues it). */
export async function inviteTokenFor(email: string): Promise<string> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const listing = await adminGet("mail?pageSize=300");
    for (const document of listing.documents ?? []) {
      const text = JSON.stringify(document.fields);
      if (text.includes(email)) {
        const match = /token=([A-Za-z0-9_\-.~%]+)/.exec(text);
        if (match) return decodeURIComponent(match[1]);
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`no invitation mail to ${email} within 30 s`);
}

/** The accept link of the newest invitation mail to `email`, as a path the console serves
 * (`/accept-invite?token=…&email=…`): what the invitee clicks. */
export async function inviteLinkFor(email: string): Promise<string> {
  const deadline = Date.now() + 30_000;
  const encoded = encodeURIComponent(email);
  while (Date.now() < deadline) {
    const listing = await adminGet("mail?pageSize=300");
    for (const document of listing.documents ?? []) {
      const text = JSON.stringify(document.fields);
      const match = /\/accept-invite\?token=[A-Za-z0-9_\-.~%]+&email=[A-Za-z0-9_\-.~%+]+/.exec(text);
      if (match && match[0].endsWith(`email=${encoded}`)) return match[0];
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`no invitation mail with a link to ${email} within 30 s`);
}

/** Move an invite's expiry into the past (what time does to it). */
export async function backdateInvite(teamId: string, inviteId: string): Promise<void> {
  const url = `${FIRESTORE}/teams/${teamId}/invites/${inviteId}?updateMask.fieldPaths=expiresAt`;
  const response = await fetch(url, {
    method: "PATCH",
    headers: { Authorization: "Bearer owner", "Content-Type": "application/json" },
    body: JSON.stringify({ fields: { expiresAt: { timestampValue: "2020-01-01T00:00:00Z" } } }),
  });
  if (!response.ok) throw new Error(`backdate: ${response.status} ${await response.text()}`);
}

export async function signIn(page: Page, email: string, path = "/"): Promise<void> {
  await page.goto(path);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("button", { name: email })).toBeVisible();
}

/** No serious or critical axe-core violation on the page as it is now. */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(
    bad.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
    `axe on ${what}`,
  ).toEqual([]);
}
