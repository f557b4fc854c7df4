/** Where teamkit's documents live. A backend deployed with a collection prefix
 * (`TEAMKIT_COLLECTION_PREFIX`, functions/teamkit/paths.py), so that an app's own `users` or
 * `members` stay the app's, names every collection `<prefix><name>`; the SDK is given the same
 * prefix (`collectionPrefix`) and builds every path and query from these names. */

const NAMES = [
  "users",
  "notifications",
  "teams",
  "members",
  "invites",
  "events",
  "links",
  "joinRequests",
  "chats",
  "assistants",
  "prompts",
] as const;

/** The collections clients read or write, by their name without prefix. */
export type CollectionName = (typeof NAMES)[number];
export type CollectionNames = Readonly<Record<CollectionName, string>>;

/** Letters, digits and underscores, starting with a letter; empty for the default names. */
const VALID_PREFIX = /^(?:[A-Za-z][A-Za-z0-9_]*)?$/;

/** Each collection's name under `prefix` (the backend's TEAMKIT_COLLECTION_PREFIX). */
export function collectionNames(prefix = ""): CollectionNames {
  if (!VALID_PREFIX.test(prefix)) {
    throw new Error(`teamkit: collectionPrefix ${JSON.stringify(prefix)} is not one the backend accepts (letters, digits, _; a letter first)`);
  }
  return Object.fromEntries(NAMES.map((name) => [name, prefix + name])) as Record<CollectionName, string>;
}
