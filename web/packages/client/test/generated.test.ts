// The generated files under src/generated/ are what `npm run generate -w @teamkit/client`
// writes from docs/openapi.json now: a stale one fails here (run the command and commit).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain .mjs script without types
import { OUTPUT, render, SPEC } from "../scripts/operations.mjs";

const client = fileURLToPath(new URL("..", import.meta.url));

describe("generated from docs/openapi.json", () => {
  it("src/generated/openapi.ts is up to date", () => {
    const fresh = join(mkdtempSync(join(tmpdir(), "teamkit-openapi-")), "openapi.ts");
    execFileSync(
      "npx",
      ["openapi-typescript", "../../../docs/openapi.json", "--default-non-nullable", "false", "-o", fresh],
      { cwd: client, stdio: "pipe" },
    );
    const committed = readFileSync(join(client, "src/generated/openapi.ts"), "utf8");
    expect(committed === readFileSync(fresh, "utf8"), "stale: run `npm run generate -w @teamkit/client` in web/").toBe(true);
  });

  it("src/generated/operations.ts is up to date", () => {
    const spec = JSON.parse(readFileSync(SPEC as string, "utf8"));
    const committed = readFileSync(OUTPUT as string, "utf8");
    expect(committed === render(spec), "stale: run `npm run generate -w @teamkit/client` in web/").toBe(true);
  });
});
