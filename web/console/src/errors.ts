// Every Reason of functions/teamkit/errors.py in words (tests/console/test_reason_sentences.py
// checks that none is missing, and tsc that none is unknown or left out: Record<Reason, ...>).
// Pages show these, never raw codes.
import { TeamkitError, type Reason } from "@teamkit/client";

export const REASON_SENTENCES: Record<Reason, string> = {
  INVALID_REQUEST: "Something in the request was not valid; check the fields and try again.",
  SIGN_IN_REQUIRED: "Please sign in again to continue.",
  SESSION_ENDED: "Your session has ended (the account was signed out, disabled or deleted). Please sign in again.",
  APP_CHECK_FAILED: "This app could not prove that it is genuine (App Check). Reload the page and try again.",
  NOT_ALLOWED: "Your role in this team does not allow that.",
  WRONG_ACCOUNT: "This invitation was sent to a different email address than the account you are signed in with.",
  NOT_FOUND: "That could not be found.",
  TEAM_NOT_FOUND: "That team does not exist, or you are not a member of it.",
  TEAM_DELETED: "This team has been deleted.",
  MEMBER_NOT_FOUND: "That person is no longer a member of this team.",
  INVITE_NOT_FOUND: "This invitation does not exist or has already been used. Ask the team for a new one.",
  ACCOUNT_NOT_FOUND: "No account uses that email address yet; invite them instead.",
  METHOD_NOT_ALLOWED: "The console sent a request the server does not accept (a bug; please report it).",
  ALREADY_MEMBER: "That person is already a member of this team.",
  ALREADY_INVITED: "That address already has a pending invitation; resend it instead.",
  CONCURRENT_CHANGE: "Someone else changed this at the same time; look at the current state and try again.",
  REQUEST_ID_REUSED: "This request was already sent with different details; start again.",
  REQUEST_IN_PROGRESS: "This request is still being carried out; look at the current state before trying again.",
  FAILED_PRECONDITION: "That cannot be done in the team's current state.",
  LAST_OWNER: "A team needs at least one owner: make someone else an owner first.",
  SEAT_LIMIT_REACHED: "The team has reached its seat limit; raise the limit or remove someone first.",
  PLAN_SEAT_LIMIT: "The team's plan has no more seats; upgrade the plan to add people.",
  SUBSCRIPTION_LAPSED: "The team's subscription has lapsed, so new people cannot join until billing is fixed.",
  DOMAIN_NOT_ALLOWED: "That address is outside the team's allowed domains.",
  EMAIL_NOT_VERIFIED: "Verify your email address first.",
  INVITE_EXPIRED: "This invitation has expired. Ask the team to resend it.",
  INVITE_USED: "This invitation has already been used.",
  INVITE_REVOKED: "This invitation was withdrawn by the team. Ask them for a new one if that was a mistake.",
  JOIN_REQUEST_NOT_FOUND: "That join request was already answered, withdrawn or has expired.",
  BILLING_NOT_CONFIGURED: "Billing is not set up on this server.",
  PAYLOAD_TOO_LARGE: "That is too much at once; send fewer items.",
  RATE_LIMITED: "Too many attempts; please wait a moment and try again.",
  INTERNAL: "Something went wrong on our side; please try again.",
  UNAVAILABLE: "The server could not be reached; check your connection and try again.",
};

/** The sentence for an error (the server's message for reasons the table does not know). */
export function describeError(error: unknown): string {
  if (error instanceof TeamkitError) {
    const base = REASON_SENTENCES[error.reason] ?? error.message;
    if (error.reason === "RATE_LIMITED" && typeof error.details?.retryAfterSeconds === "number") {
      return `${base} (about ${error.details.retryAfterSeconds} s)`;
    }
    return base;
  }
  if (error && typeof error === "object" && "code" in error) {
    const code = String((error as { code: string }).code);
    const auth: Record<string, string> = {
      "auth/invalid-credential": "That email and password do not match an account.",
      "auth/wrong-password": "That email and password do not match an account.",
      "auth/user-not-found": "That email and password do not match an account.",
      "auth/email-already-in-use": "An account with that email already exists; sign in instead.",
      "auth/weak-password": "Choose a password of at least 6 characters.",
      "auth/invalid-email": "That is not a valid email address.",
      "auth/too-many-requests": REASON_SENTENCES.RATE_LIMITED,
      "auth/requires-recent-login": "Please sign in again, then retry.",
      "permission-denied": "You no longer have access to this.",
    };
    if (auth[code]) return auth[code];
  }
  return error instanceof Error ? error.message : String(error);
}
