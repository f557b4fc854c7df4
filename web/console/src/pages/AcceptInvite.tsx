// /accept-invite?token=…: what the invitation is (team, role, inviter, expiry) comes first, from
// previewInvite (no sign-in needed); then sign in / create the account, Accept or Decline, or
// the plain words that this is someone else's invitation, or that it expired or was revoked.
// An invite link (token "link.…", preview kind "link") has no addressee: any signed-in account
// joins with joinByLink (joining twice answers "already a member"), within the team's limits.
import { useEffect, useState } from "react";
import { signOut } from "firebase/auth";
import { ErrorText } from "../components/ErrorText";
import { formatDateTime, roleLabel } from "../components/format";
import { describeError } from "../errors";
import { navigate, useLocation } from "../router";
import { TeamkitError } from "@teamkit/client";
import { useAuthUser, useTeamkit } from "@teamkit/react";
import { auth } from "../teamkit";
import { SignInForm } from "./SignIn";

interface Preview {
  kind?: string;
  teamName: string;
  role: string;
  inviterName?: string | null;
  email?: string;
  expiresAt?: string;
  status: string;
  label?: string;
}

/** Whether `email` could be the masked address ("c***@corp.com": first letter and domain). */
export function couldBe(masked: string | undefined, email: string | null | undefined): boolean {
  if (!masked || !email) return true;
  const [mUser, mDomain] = masked.toLowerCase().split("@");
  const [user, domain] = email.toLowerCase().split("@");
  if (mDomain !== domain) return false;
  const visible = mUser.replace(/\*+.*$/, "");
  return user.startsWith(visible);
}

export function AcceptInvitePage() {
  const { params } = useLocation();
  const token = params.get("token") ?? "";
  const hintedEmail = params.get("email") ?? undefined;
  const { user } = useAuthUser();
  const teamkit = useTeamkit();
  const [preview, setPreview] = useState<Preview | null>(null);
  const [previewError, setPreviewError] = useState<TeamkitError | Error | null>(null);
  const [outcome, setOutcome] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [wrongAccount, setWrongAccount] = useState(false);

  useEffect(() => {
    if (!token) return;
    let live = true;
    teamkit
      .previewInvite({ token })
      .then((p) => live && setPreview(p as unknown as Preview))
      .catch((e: unknown) => live && setPreviewError(e instanceof Error ? e : new Error(String(e))));
    return () => {
      live = false;
    };
  }, [token, teamkit]);

  if (!token) {
    return <Panel title="No invitation here">This link has no invitation token. Open the link from the email again.</Panel>;
  }
  if (previewError) {
    const reason = previewError instanceof TeamkitError ? previewError.reason : "";
    return (
      <Panel title={reason === "INVITE_NOT_FOUND" ? "Invitation not found" : "Could not open the invitation"}>
        {describeError(previewError)}
      </Panel>
    );
  }
  if (!preview) return <p className="loading">Opening the invitation…</p>;

  const summary = (
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
  const title = `Join ${preview.teamName}`;

  if (preview.status === "expired" && preview.kind === "link") {
    return (
      <Panel title="This invite link has expired" lead={summary}>
        Ask someone in {preview.teamName} for a new link.
      </Panel>
    );
  }
  if (preview.status === "expired") {
    return (
      <Panel title="This invitation has expired" lead={summary}>
        Ask {preview.inviterName ?? "the team"} to resend it: a new email will bring a fresh link.
      </Panel>
    );
  }
  if (preview.status === "revoked") {
    return (
      <Panel title="This invitation was revoked" lead={summary}>
        The team withdrew it. If that was a mistake, ask {preview.inviterName ?? "them"} to invite you again.
      </Panel>
    );
  }
  if (outcome) return <Panel title={title} lead={summary}>{outcome}</Panel>;
  const isLink = preview.kind === "link";

  if (!user) {
    return (
      <section aria-labelledby="accept-title" className="card">
        <h1 id="accept-title">{title}</h1>
        {summary}
        <SignInForm
          email={hintedEmail}
          intro={
            isLink
              ? `Sign in, or create an account, to join ${preview.teamName}.`
              : `Sign in, or create an account, with the address the invitation was sent to${preview.email ? ` (${preview.email})` : ""}.`
          }
        />
      </section>
    );
  }

  if (isLink) return <JoinByLink token={token} title={title} summary={summary} teamName={preview.teamName} role={preview.role} />;

  const mismatch = wrongAccount || !couldBe(preview.email, user.email);
  if (mismatch) {
    return (
      <section aria-labelledby="accept-title" className="card">
        <h1 id="accept-title">This invitation is for someone else</h1>
        {summary}
        <p role="alert">
          You are signed in as {user.email}, but this invitation was sent to {preview.email ?? "another address"}. Only
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

  const answer = async (accept: boolean) => {
    setPending(true);
    try {
      if (accept) {
        const result = await teamkit.acceptInvite({ token });
        await teamkit.switchTeam({ teamId: String(result.teamId) }).catch(() => undefined);
        navigate("/", { replace: true });
      } else {
        await teamkit.declineInvite({ token });
        setOutcome("You declined the invitation. Nothing else happens; the team sees that you declined.");
      }
    } catch (e) {
      if (e instanceof TeamkitError && e.reason === "WRONG_ACCOUNT") setWrongAccount(true);
      else setOutcome(describeError(e));
    } finally {
      setPending(false);
    }
  };

  return (
    <section aria-labelledby="accept-title" className="card">
      <h1 id="accept-title">{title}</h1>
      {summary}
      <p>
        You are signed in as {user.email}. Join {preview.teamName} as {roleLabel(preview.role)}?
      </p>
      <div className="actions">
        <button type="button" className="primary" disabled={pending} onClick={() => answer(true)}>
          Accept
        </button>
        <button type="button" disabled={pending} onClick={() => answer(false)}>
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
  role: string;
}) {
  const teamkit = useTeamkit();
  const { user } = useAuthUser();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const join = async () => {
    setPending(true);
    setError(null);
    try {
      const result = await teamkit.joinByLink({ token });
      await teamkit.switchTeam({ teamId: String(result.teamId) }).catch(() => undefined);
      navigate("/", { replace: true });
    } catch (e) {
      setError(describeError(e));
    } finally {
      setPending(false);
    }
  };
  return (
    <section aria-labelledby="accept-title" className="card">
      <h1 id="accept-title">{title}</h1>
      {summary}
      <p>
        You are signed in as {user?.email}. Join {teamName} as {roleLabel(role)}?
      </p>
      <ErrorText>{error}</ErrorText>
      <div className="actions">
        <button type="button" className="primary" disabled={pending} onClick={join}>
          {pending ? "Joining…" : `Join ${teamName}`}
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
