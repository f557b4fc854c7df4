// /accept-invite?token=…: what the invitation is (team, role, inviter, expiry) comes first, from
// previewInvite (no sign-in needed); then sign in / create the account, Accept or Decline, or
// the plain words that this is someone else's invitation, or that it expired or was revoked.
// An invite link (token "link.…", preview kind "link") has no addressee: any signed-in account
// joins with joinByLink (joining twice answers "already a member"), within the team's limits.
// The preview only describes; joining never depends on it. When it is refused (rate limited, a
// network or server failure), the page says the details are unavailable and still offers sign
// in, then Accept / Join: acceptInvite and joinByLink check the token themselves.
import { useEffect, useState } from "react";
import { signOut } from "firebase/auth";
import { ErrorText } from "../components/ErrorText";
import { formatDateTime, roleLabel } from "../components/format";
import { describeError } from "../errors";
import { navigate, useLocation } from "../router";
import { isTeamkitError } from "@teamkit/client";
import { useAuthUser, useMutation, useTeamkit } from "@teamkit/react";
import { auth } from "../teamkit";
import { accountSettled, SignInForm } from "./SignIn";

/** Whether `email` could be the masked address ("c***@corp.com": first letter and domain). */
export function couldBe(masked: string | null | undefined, email: string | null | undefined): boolean {
  if (!masked || !email) return true;
  const [mUser, mDomain] = masked.toLowerCase().split("@");
  const [user, domain] = email.toLowerCase().split("@");
  if (mDomain !== domain) return false;
  const visible = mUser.replace(/\*+.*$/, "");
  return user.startsWith(visible);
}

const TOKEN_KEY = "teamkit.acceptInvite.token";
let tokenInMemory = "";

/** The token of the invitation being opened, taken out of the address bar as soon as it is read
 * (an address is kept in history, shown on a shared screen, synced between devices) and kept in
 * this tab's sessionStorage, so a reload or the sign-in round trip still finds it while nothing
 * outlives the tab or reaches another one. Memory only where storage is disabled. */
function takeToken(): string {
  const params = new URLSearchParams(location.search);
  const fromAddress = params.get("token");
  if (fromAddress) {
    tokenInMemory = fromAddress;
    try {
      sessionStorage.setItem(TOKEN_KEY, fromAddress);
    } catch {
      // storage disabled: the token lives in memory until the page unloads
    }
    params.delete("token");
    const query = params.toString();
    history.replaceState(history.state, "", `${location.pathname}${query ? `?${query}` : ""}${location.hash}`);
    return fromAddress;
  }
  try {
    return sessionStorage.getItem(TOKEN_KEY) ?? tokenInMemory;
  } catch {
    return tokenInMemory;
  }
}

/** Forget the token once it has been used: the invitation is answered. */
function forgetToken(): void {
  tokenInMemory = "";
  try {
    sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    // storage disabled: nothing was stored
  }
}

export function AcceptInvitePage() {
  const { params } = useLocation();
  const [token] = useState(takeToken);
  const hintedEmail = params.get("email") ?? undefined;
  const { user } = useAuthUser();
  const teamkit = useTeamkit();
  const [outcome, setOutcome] = useState<string | null>(null);
  const load = useMutation(teamkit.previewInvite);
  const { run } = load;
  useEffect(() => {
    if (token) void run({ token });
  }, [token, run]);
  const preview = load.data ?? null;
  const previewError = load.error;
  const answer = useMutation(async (accept: boolean) => {
    if (accept) {
      await accountSettled();
      const result = await teamkit.acceptInvite({ token });
      forgetToken();
      await teamkit.switchTeam({ teamId: String(result.teamId) }).catch(() => undefined);
      navigate("/", { replace: true });
    } else {
      await teamkit.declineInvite({ token });
      forgetToken();
      setOutcome("You declined the invitation. Nothing else happens; the team sees that you declined.");
    }
  });
  const wrongAccount = isTeamkitError(answer.error, "WRONG_ACCOUNT");

  if (!token) {
    return <Panel title="No invitation here">This link has no invitation token. Open the link from the email again.</Panel>;
  }
  if (isTeamkitError(previewError, "INVITE_NOT_FOUND")) {
    return <Panel title="Invitation not found">{describeError(previewError)}</Panel>;
  }
  if (!preview && !previewError) return <p className="loading">Opening the invitation…</p>;

  const summary = !preview ? (
    <p>
      The invitation&apos;s details could not be shown right now ({describeError(previewError)}). You can still sign
      in and answer it: the invitation is checked when you do.
    </p>
  ) : (
    <dl className="invite-summary">
      <dt>Team</dt>
      <dd>{preview.teamName}</dd>
      <dt>Role</dt>
      <dd>{roleLabel(preview.role)}</dd>
      {preview.label && (
        <>
          <dt>Link</dt>
          <dd>{preview.label}</dd>
        </>
      )}
      {preview.inviterName && (
        <>
          <dt>Invited by</dt>
          <dd>{preview.inviterName}</dd>
        </>
      )}
      {preview.email && (
        <>
          <dt>Sent to</dt>
          <dd>{preview.email}</dd>
        </>
      )}
      <dt>Expires</dt>
      <dd>{formatDateTime(preview.expiresAt)}</dd>
    </dl>
  );
  const teamName = preview?.teamName ?? "the team";
  const title = preview ? `Join ${preview.teamName}` : "Join the team";

  if (preview?.status === "expired" && preview.kind === "link") {
    return (
      <Panel title="This invite link has expired" lead={summary}>
        Ask someone in {preview.teamName} for a new link.
      </Panel>
    );
  }
  if (preview?.status === "expired") {
    return (
      <Panel title="This invitation has expired" lead={summary}>
        Ask {preview.inviterName ?? "the team"} to resend it: a new email will bring a fresh link.
      </Panel>
    );
  }
  if (preview?.status === "revoked") {
    return (
      <Panel title="This invitation was revoked" lead={summary}>
        The team withdrew it. If that was a mistake, ask {preview.inviterName ?? "them"} to invite you again.
      </Panel>
    );
  }
  const answered = outcome ?? (answer.error && !wrongAccount ? describeError(answer.error) : null);
  if (answered) return <Panel title={title} lead={summary}>{answered}</Panel>;
  const isLink = preview ? preview.kind === "link" : token.startsWith("link.");

  if (!user) {
    return (
      <section aria-labelledby="accept-title" className="card">
        <h1 id="accept-title">{title}</h1>
        {summary}
        <SignInForm
          email={hintedEmail}
          intro={
            isLink
              ? `Sign in, or create an account, to join ${teamName}.`
              : `Sign in, or create an account, with the address the invitation was sent to${preview?.email ? ` (${preview.email})` : ""}.`
          }
        />
      </section>
    );
  }

  if (isLink) return <JoinByLink token={token} title={title} summary={summary} teamName={teamName} role={preview?.role} />;

  const mismatch = wrongAccount || !couldBe(preview?.email, user.email);
  if (mismatch) {
    return (
      <section aria-labelledby="accept-title" className="card">
        <h1 id="accept-title">This invitation is for someone else</h1>
        {summary}
        <p role="alert">
          You are signed in as {user.email}, but this invitation was sent to {preview?.email ?? "another address"}. Only
          that account can accept it.
        </p>
        <div className="actions">
          <button type="button" className="primary" onClick={() => signOut(auth)}>
            Switch account
          </button>
        </div>
      </section>
    );
  }

  return (
    <section aria-labelledby="accept-title" className="card">
      <h1 id="accept-title">{title}</h1>
      {summary}
      <p>
        You are signed in as {user.email}. Join {teamName}
        {preview ? ` as ${roleLabel(preview.role)}` : ""}?
      </p>
      <div className="actions">
        <button type="button" className="primary" disabled={answer.pending} onClick={() => answer.run(true)}>
          Accept
        </button>
        <button type="button" disabled={answer.pending} onClick={() => answer.run(false)}>
          Decline
        </button>
      </div>
    </section>
  );
}

function JoinByLink({
  token,
  title,
  summary,
  teamName,
  role,
}: {
  token: string;
  title: string;
  summary: React.ReactNode;
  teamName: string;
  role?: string;
}) {
  const teamkit = useTeamkit();
  const { user } = useAuthUser();
  const join = useMutation(async () => {
    await accountSettled();
    const result = await teamkit.joinByLink({ token });
    forgetToken();
    await teamkit.switchTeam({ teamId: String(result.teamId) }).catch(() => undefined);
    navigate("/", { replace: true });
  });
  return (
    <section aria-labelledby="accept-title" className="card">
      <h1 id="accept-title">{title}</h1>
      {summary}
      <p>
        You are signed in as {user?.email}. Join {teamName}
        {role ? ` as ${roleLabel(role)}` : ""}?
      </p>
      <ErrorText>{join.error && describeError(join.error)}</ErrorText>
      <div className="actions">
        <button type="button" className="primary" disabled={join.pending} onClick={() => join.run()}>
          {join.pending ? "Joining…" : `Join ${teamName}`}
        </button>
        <button type="button" onClick={() => signOut(auth)}>
          Switch account
        </button>
      </div>
    </section>
  );
}

function Panel({ title, lead, children }: { title: string; lead?: React.ReactNode; children: React.ReactNode }) {
  return (
    <section aria-labelledby="accept-title" className="card">
      <h1 id="accept-title">{title}</h1>
      {lead}
      <p>{children}</p>
    </section>
  );
}
