// Writes src/generated/operations.ts from docs/openapi.json: the names of the HTTP functions a
// client may call (every POST with an operationId, minus provider webhooks: those whose body a
// provider signs, declared by a required signature header), which of them are called without an
// ID token (`security: []`), and how each may be retried when its outcome is unclear
// (`x-idempotent`, `x-idempotency-key`). `npm run generate -w @teamkit/client` runs it after
// openapi-typescript; test/generated.test.ts fails when either output is stale.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
export const SPEC = here("../../../../docs/openapi.json");
export const OUTPUT = here("../src/generated/operations.ts");
const signed = (post) => (post.parameters ?? []).some((p) => p.in === "header" && p.required);

export function render(spec) {
  const operations = [];
  const anonymous = [];
  const idempotent = [];
  const keyed = [];
  for (const item of Object.values(spec.paths)) {
    const post = item.post;
    if (!post?.operationId || signed(post)) continue;
    operations.push(post.operationId);
    if (Array.isArray(post.security) && post.security.length === 0) anonymous.push(post.operationId);
    if (post["x-idempotent"] === true) idempotent.push(post.operationId);
    else if (post["x-idempotency-key"] === "requestId") keyed.push(post.operationId);
    else throw new Error(`${post.operationId}: neither x-idempotent nor x-idempotency-key`);
  }
  for (const names of [operations, anonymous, idempotent, keyed]) names.sort();
  const list = (names) => names.map((name) => `  "${name}",\n`).join("");
  return (
    "// Generated from docs/openapi.json by packages/client/scripts/operations.mjs. Do not edit.\n\n" +
    `export const OPERATIONS = [\n${list(operations)}] as const;\n\n` +
    `/** Called without an ID token (the OpenAPI operation has \`security: []\`). */\n` +
    `export const ANONYMOUS_OPERATIONS: readonly string[] = [\n${list(anonymous)}];\n\n` +
    `/** A repeat changes nothing more (\`x-idempotent: true\`): safe to retry as it is. */\n` +
    `export const IDEMPOTENT_OPERATIONS: readonly string[] = [\n${list(idempotent)}];\n\n` +
    `/** A repeat would create or send again (\`x-idempotency-key: requestId\`): the SDK sends a\n` +
    ` * requestId, reused by its retries, so the server answers a repeat with the first answer. */\n` +
    `export const REQUEST_ID_OPERATIONS: readonly string[] = [\n${list(keyed)}];\n`
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(OUTPUT, render(JSON.parse(readFileSync(SPEC, "utf8"))));
}
