/** Errors of @teamkit/client: one class for calls (the server's reason), one for listeners. */
import type { components } from "./generated/openapi.ts";

/** Why a call failed: the closed list of teamkit.errors.Reason, generated from docs/openapi.json. */
export type Reason = components["schemas"]["Reason"];

export interface ErrorBody {
  status: string;
  reason: Reason;
  message: string;
  details?: Record<string, unknown>;
}

/** A failed call of an HTTP function: the server's `{error: {status, reason, message, details}}`. */
export class TeamkitError extends Error {
  override readonly name = "TeamkitError";
  readonly httpStatus: number;
  readonly status: string;
  readonly reason: Reason;
  readonly details: Record<string, unknown> | undefined;

  constructor(httpStatus: number, body: ErrorBody) {
    super(body.message);
    this.httpStatus = httpStatus;
    this.status = body.status;
    this.reason = body.reason;
    this.details = body.details;
  }
}

/** Whether `error` is a TeamkitError (with this reason, if given). */
export function isTeamkitError(error: unknown, reason?: Reason): error is TeamkitError {
  return error instanceof TeamkitError && (reason === undefined || error.reason === reason);
}

/** A listener that Firestore ended: `code` is Firestore's ("permission-denied", ...). */
export class TeamkitListenError extends Error {
  override readonly name = "TeamkitListenError";
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}
