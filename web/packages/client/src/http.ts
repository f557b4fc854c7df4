/** Calls of the HTTP functions: the ID token, one forced refresh on 401, bounded retries with
 * jittered back-off, and TeamkitError for every failure.
 *
 * What is retried: the server's own ABORTED and UNAVAILABLE answers (nothing was committed), and,
 * for calls whose repeat is harmless, an unclear outcome: the network failed, or a proxy answered
 * 502 or 504 without teamkit's error body, so the call may have been carried out. A call is
 * harmless to repeat when docs/openapi.json says so (IDEMPOTENT_OPERATIONS), or when its repeat
 * would create or send again and it carries a requestId (REQUEST_ID_OPERATIONS): one is generated
 * per call, reused by that call's retries, and the server answers a repeat with the first answer. */
import type { Auth } from "firebase/auth";
import { TeamkitError, type ErrorBody } from "./errors.ts";
import { ANONYMOUS_OPERATIONS, IDEMPOTENT_OPERATIONS, REQUEST_ID_OPERATIONS } from "./generated/operations.ts";

export interface RetryOptions {
  /** Total attempts for a retryable failure (default 4). */
  attempts?: number;
  /** First back-off in ms (default 200), doubled each time, full jitter. */
  baseDelayMs?: number;
  /** Cap of one back-off in ms (default 3000). */
  maxDelayMs?: number;
}

export interface CallContext {
  functionsUrl: string;
  auth: Auth;
  fetch: typeof fetch;
  retry: Required<RetryOptions>;
  /** The App Check token of each attempt, sent as X-Firebase-AppCheck (TeamkitOptions). */
  appCheckToken?: () => Promise<string>;
}

/** Statuses the server answers when it committed nothing: retried for every call. */
const RETRYABLE = new Set(["ABORTED", "UNAVAILABLE"]);
/** Failures whose outcome is unknown: the call may have been carried out. */
const UNCLEAR = new WeakSet<TeamkitError>();

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function backoff(attempt: number, retry: Required<RetryOptions>): number {
  const ceiling = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** attempt);
  return Math.random() * ceiling;
}

async function idToken(auth: Auth, forceRefresh: boolean): Promise<string> {
  await auth.authStateReady();
  const user = auth.currentUser;
  if (!user) {
    throw new TeamkitError(401, {
      status: "UNAUTHENTICATED",
      reason: "SIGN_IN_REQUIRED",
      message: "Sign in first.",
    });
  }
  return user.getIdToken(forceRefresh);
}

async function parseError(response: Response): Promise<TeamkitError> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  const error = (body as { error?: Partial<ErrorBody> } | undefined)?.error;
  if (error && typeof error.status === "string" && typeof error.reason === "string") {
    return new TeamkitError(response.status, {
      status: error.status,
      reason: error.reason,
      message: typeof error.message === "string" ? error.message : response.statusText,
      ...(error.details ? { details: error.details } : {}),
    });
  }
  const unavailable = response.status === 503 || response.status === 502 || response.status === 504;
  const failure = new TeamkitError(response.status, {
    status: unavailable ? "UNAVAILABLE" : "INTERNAL",
    reason: unavailable ? "UNAVAILABLE" : "INTERNAL",
    message: `The server answered ${response.status} ${response.statusText}.`,
  });
  // A gateway's 502 or 504 may come after the function ran; its 503 says it never started it.
  if (response.status === 502 || response.status === 504) UNCLEAR.add(failure);
  return failure;
}

/** One attempt: a TeamkitError for every failure, including the network's. */
async function attempt(context: CallContext, name: string, body: unknown, token: string | null): Promise<unknown> {
  let response: Response;
  try {
    const appCheck = context.appCheckToken ? await context.appCheckToken() : null;
    response = await context.fetch(`${context.functionsUrl}/${name}`, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...(appCheck ? { "X-Firebase-AppCheck": appCheck } : {}),
      },
      body: JSON.stringify(body ?? {}),
    });
  } catch (cause) {
    const failure = new TeamkitError(0, {
      status: "UNAVAILABLE",
      reason: "UNAVAILABLE",
      message: `Could not reach ${name}: ${(cause as Error).message ?? String(cause)}`,
    });
    UNCLEAR.add(failure);
    throw failure;
  }
  if (!response.ok) throw await parseError(response);
  const text = await response.text();
  return text ? JSON.parse(text) : {};
}

/** Calls the HTTP function `name` with `body` and returns its JSON answer. */
export async function call(context: CallContext, name: string, body: unknown): Promise<unknown> {
  const anonymous = ANONYMOUS_OPERATIONS.includes(name);
  const keyed = REQUEST_ID_OPERATIONS.includes(name);
  const repeatable = keyed || IDEMPOTENT_OPERATIONS.includes(name);
  if (keyed) body = withRequestId(body);
  let refreshed: TeamkitError | null = null;
  let retries = 0;
  for (;;) {
    let token: string | null = null;
    if (!anonymous) {
      try {
        token = await idToken(context.auth, refreshed !== null && retries === 0);
      } catch (error) {
        if (error instanceof TeamkitError) throw error;
        // getIdToken failed (account disabled or deleted): the server's 401 says why, if any.
        throw refreshed ?? new TeamkitError(401, {
          status: "UNAUTHENTICATED",
          reason: "SESSION_ENDED",
          message: `The session ended: ${(error as Error).message}`,
        });
      }
    }
    try {
      return await attempt(context, name, body, token);
    } catch (error) {
      if (!(error instanceof TeamkitError)) throw error;
      if (error.httpStatus === 401 && !anonymous && refreshed === null) {
        refreshed = error; // once: a forced refresh of the ID token, then the same call again
        continue;
      }
      const retryable = UNCLEAR.has(error) ? repeatable : RETRYABLE.has(error.status);
      if (!retryable || ++retries >= context.retry.attempts) throw error;
      await sleep(backoff(retries - 1, context.retry));
    }
  }
}

/** The body with a requestId: the caller's own, or a new one for this call and its retries. */
function withRequestId(body: unknown): Record<string, unknown> {
  const fields = (body ?? {}) as Record<string, unknown>;
  return typeof fields.requestId === "string" ? fields : { ...fields, requestId: crypto.randomUUID() };
}
