// Joining without an email invite (docs/joining.md): a team's invite links (create, shown once, live
// list, revoke), its join requests (live, approve / deny), the proofs of its domains (verify by
// address or DNS TXT record, remove), and "Teams you can join" for the user (largest first, paged).
import { useEffect, useState } from "react";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { Dialog } from "../components/Dialog";
import { ErrorText } from "../components/ErrorText";
import { useToast } from "../components/Toasts";
import { useAction } from "../components/action";
import { formatDateTime, roleLabel, toDate } from "../components/format";
import { describeError } from "../errors";
import { linkGrantableRoles, type InviteLink, type JoinRequest, type Role, type Team } from "@teamkit/client";
import { useInviteLinks, useJoinRequests, useMutation, useTeamkit } from "@teamkit/react";
import { useSession } from "../session";

const DEFAULT_DAYS = 7;
const MAX_DAYS = 30;

function linkName(link: Pick<InviteLink, "label" | "role">): string {
  return link.label ? `"${String(link.label)}"` : `the ${roleLabel(String(link.role))} link`;
}

function usesText(link: InviteLink): string {
  const uses = Number(link.uses ?? 0);
  return link.maxUses == null ? `${uses} ${uses === 1 ? "use" : "uses"}` : `${uses} of ${link.maxUses} uses`;
}

/** Invite links of a team (owners and admins): the token is shown once, in the create dialog. */
export function InviteLinks({ teamId, teamName, role }: { teamId: string; teamName: string; role: Role | null }) {
  const links = useInviteLinks(teamId);
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<InviteLink | null>(null);
  const list = links.data ?? [];
  const now = Date.now();
  return (
    <section aria-labelledby="links-title" className="card">
      <h2 id="links-title">Invite links</h2>
      <p className="help">Anyone with a link joins {teamName} with its role, within the seat limit and allowed domains.</p>
      <button type="button" onClick={() => setCreating(true)}>
        Create invite link
      </button>
      {links.status === "ready" && list.length === 0 && <p>No active invite links.</p>}
      {list.length > 0 && (
        <table className="members">
          <caption>Active invite links</caption>
          <thead>
            <tr>
              <th scope="col">Label</th>
              <th scope="col">Role</th>
              <th scope="col">Uses</th>
              <th scope="col">Expires</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {list.map((link) => {
              const expired = (toDate(link.expiresAt)?.getTime() ?? 0) < now;
              const full = link.maxUses != null && Number(link.uses ?? 0) >= Number(link.maxUses);
              return (
                <tr key={link.id}>
                  <th scope="row">{link.label ? String(link.label) : "(no label)"}</th>
                  <td>
                    <span className={`tag role-${link.role}`}>{roleLabel(String(link.role))}</span>
                  </td>
                  <td>
                    {usesText(link)}
                    {full && " (used up)"}
                  </td>
                  <td>
                    {expired ? "Expired " : ""}
                    {formatDateTime(link.expiresAt)}
                  </td>
                  <td>
                    <button type="button" onClick={() => setRevoking(link)}>
                      Revoke<span className="visually-hidden"> link {link.label ? String(link.label) : link.id}</span>
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <CreateLinkDialog open={creating} onClose={() => setCreating(false)} teamId={teamId} role={role} />
      <RevokeLinkDialog link={revoking} teamId={teamId} onClose={() => setRevoking(null)} />
    </section>
  );
}

function CreateLinkDialog({ open, onClose, teamId, role }: { open: boolean; onClose: () => void; teamId: string; role: Role | null }) {
  const teamkit = useTeamkit();
  const roles = linkGrantableRoles(role);
  const [linkRole, setLinkRole] = useState<Role>("member");
  const [days, setDays] = useState(String(DEFAULT_DAYS));
  const [maxUses, setMaxUses] = useState("");
  const [label, setLabel] = useState("");
  const [created, setCreated] = useState<{ url: string; label: string } | null>(null);
  const create = useMutation(async () => {
    const link = await teamkit.createInviteLink({
      teamId,
      role: linkRole,
      expiresInDays: Number(days),
      maxUses: maxUses === "" ? null : Number(maxUses),
      label: label.trim() || null,
    });
    setCreated({ url: String(link.url), label: String(link.label ?? "") });
  });
  const copy = useMutation(async (url: string) => {
    await navigator.clipboard.writeText(url);
    return true;
  });

  const close = () => {
    setCreated(null);
    create.reset();
    copy.reset();
    setLabel("");
    setMaxUses("");
    setDays(String(DEFAULT_DAYS));
    onClose();
  };

  return (
    <Dialog open={open} title={created ? "Invite link created" : "Create invite link"} onClose={close}>
      {created ? (
        <>
          <p>Copy the link now: it is shown only once. Anyone with it can join until it expires or is revoked.</p>
          <label>
            Invite link
            <input readOnly value={created.url} onFocus={(e) => e.target.select()} data-autofocus />
          </label>
          <div className="actions">
            <button
              type="button"
              className="primary"
              onClick={() => copy.run(created.url)}
            >
              {copy.data ? "Copied" : "Copy link"}
            </button>
            <button type="button" onClick={close}>
              Done
            </button>
          </div>
          <p role="status">{copy.data ? "The link is on your clipboard." : ""}</p>
          <ErrorText>{copy.error && "Could not copy: select the link and copy it yourself."}</ErrorText>
        </>
      ) : (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void create.run();
          }}
        >
          <label>
            Role
            <select value={linkRole} onChange={(e) => setLinkRole(e.target.value as Role)} data-autofocus>
              {roles.map((r) => (
                <option key={r} value={r}>
                  {roleLabel(r)}
                </option>
              ))}
            </select>
          </label>
          <label>
            Expires after (days)
            <input type="number" min={1} max={MAX_DAYS} required value={days} onChange={(e) => setDays(e.target.value)} />
          </label>
          <label>
            Maximum uses
            <input type="number" min={1} value={maxUses} onChange={(e) => setMaxUses(e.target.value)} aria-describedby="max-uses-help" />
          </label>
          <p id="max-uses-help" className="help">
            Empty: no limit besides the seat limit.
          </p>
          <label>
            Label
            <input value={label} maxLength={100} onChange={(e) => setLabel(e.target.value)} placeholder="Spring offsite" />
          </label>
          <ErrorText>{create.error && describeError(create.error)}</ErrorText>
          <div className="actions">
            <button type="button" onClick={close}>
              Cancel
            </button>
            <button type="submit" className="primary" disabled={create.pending}>
              {create.pending ? "Creating…" : "Create link"}
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}

function RevokeLinkDialog({ link, teamId, onClose }: { link: InviteLink | null; teamId: string; onClose: () => void }) {
  const teamkit = useTeamkit();
  const toast = useToast();
  const name = link ? linkName(link) : "";
  return (
    <ConfirmDialog
      open={link !== null}
      title={`Revoke ${name}`}
      action="Revoke link"
      onClose={onClose}
      onConfirm={async () => {
        await teamkit.revokeInviteLink({ teamId, linkId: link!.id });
        toast.success(`Revoked ${name}.`);
      }}
    >
      <p>Nobody can join with {name} any more. Members who joined through it stay.</p>
    </ConfirmDialog>
  );
}

function requesterName(request: JoinRequest): string {
  return String(request.displayName || request.email);
}

/** A team's pending join requests (owners and admins), live; approve or deny each. */
export function JoinRequests({ teamId }: { teamId: string }) {
  const requests = useJoinRequests(teamId);
  const teamkit = useTeamkit();
  const answer = useAction(
    (request: JoinRequest, approve: boolean) =>
      approve
        ? teamkit.approveJoinRequest({ teamId, uid: String(request.uid) })
        : teamkit.denyJoinRequest({ teamId, uid: String(request.uid) }),
    (_, request, approve) =>
      approve ? `${requesterName(request)} joined the team.` : `${requesterName(request)}'s request was denied.`,
  );
  const list = requests.data ?? [];
  if (requests.status !== "ready" || list.length === 0) return null;
  return (
    <section aria-labelledby="requests-title" className="card">
      <h2 id="requests-title">Join requests</h2>
      <ul className="cards">
        {list.map((request) => {
          const name = requesterName(request);
          return (
            <li key={request.id}>
              <strong>{name}</strong> {request.displayName ? `(${String(request.email)})` : ""} asked to join on{" "}
              {formatDateTime(request.createdAt)}.
              <div className="actions">
                <button type="button" className="primary" disabled={answer.pending} onClick={() => answer.run(request, true)}>
                  Approve<span className="visually-hidden"> {name}</span>
                </button>
                <button type="button" disabled={answer.pending} onClick={() => answer.run(request, false)}>
                  Deny<span className="visually-hidden"> {name}</span>
                </button>
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

interface Proof {
  method: "address" | "dns";
  provenBy: string;
  provenAt: unknown;
}

/** Domain proofs (owners and admins): domain join works only at an allowed domain the team has
 * proven, by the verified address of an owner or admin there, or by a DNS TXT record. Each allowed
 * (or still proven) domain shows its state; Verify checks it, and names the record to publish when
 * it is not proven yet; Remove proof closes domain join there. The team document is live, so the
 * states follow by themselves. */
export function DomainProofs({ teamId, team }: { teamId: string; team: Team }) {
  const teamkit = useTeamkit();
  const toast = useToast();
  const proofs = (team.domainProofs ?? {}) as Record<string, Proof>;
  const allowed = (team.allowedDomains as string[] | undefined) ?? [];
  const domains = [...new Set([...allowed, ...Object.keys(proofs)])].sort();
  const [records, setRecords] = useState<Record<string, string>>({});
  const verify = useAction(async (domain: string) => {
    const answer = await teamkit.verifyDomain({ teamId, domain });
    if (answer.proven) toast.success(`${domain} is proven.`);
    else setRecords((r) => ({ ...r, [domain]: String(answer.txtRecord) }));
  });
  const [removing, setRemoving] = useState<string | null>(null);
  if (domains.length === 0) return null;
  return (
    <section aria-labelledby="proofs-title">
      <h3 id="proofs-title">Domain proofs</h3>
      <p className="help">
        Joining by domain works only at a domain this team has proven: by the verified address of an owner or admin there
        (saving the domain proves it at once), or by a DNS TXT record. Free email providers (gmail.com and the like) cannot be
        proven.
      </p>
      <ul className="cards">
        {domains.map((domain) => {
          const proof = proofs[domain];
          const record = records[domain];
          return (
            <li key={domain} className="card">
              <h4>{domain}</h4>
              {proof ? (
                <p>
                  Proven {proof.method === "dns" ? "by its DNS TXT record" : "by a verified address there"} on{" "}
                  {formatDateTime(proof.provenAt)}.{allowed.includes(domain) ? "" : " Not an allowed domain now."}
                </p>
              ) : (
                <p>Not proven: nobody can join by this domain.</p>
              )}
              {!proof && record && (
                <p role="status">
                  Publish this TXT record at <code>{domain}</code>, then verify again: <code>{record}</code>
                </p>
              )}
              {proof ? (
                <button type="button" onClick={() => setRemoving(domain)}>
                  Remove proof<span className="visually-hidden"> of {domain}</span>
                </button>
              ) : (
                <button
                  type="button"
                  disabled={verify.pending}
                  onClick={() => verify.run(domain)}
                >
                  Verify<span className="visually-hidden"> {domain}</span>
                </button>
              )}
            </li>
          );
        })}
      </ul>
      <ConfirmDialog
        open={removing !== null}
        title={`Remove the proof of ${removing ?? ""}`}
        action="Remove proof"
        onClose={() => setRemoving(null)}
        onConfirm={async () => {
          await teamkit.removeDomainProof({ teamId, domain: String(removing) });
          toast.success(`The proof of ${String(removing)} was removed.`);
        }}
      >
        <p>Nobody can join by this domain until it is proven again.</p>
      </ConfirmDialog>
    </section>
  );
}

interface Joinable {
  teamId: string;
  name: string;
  memberCount: number;
  domainJoin: string;
  requested: boolean;
}

/** Teams the user's verified email domain may join (listJoinableTeams): Join or Request to join. */
export function JoinableTeams() {
  const session = useSession();
  const teamkit = useTeamkit();
  const [teams, setTeams] = useState<Joinable[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Record<string, string>>({});
  const verified = session.emailVerified;
  const memberOf = new Set(session.teams.map((t) => t.id));

  // Largest first, a page at a time: "Show more teams" asks for the page after the last one.
  const load = useMutation(async (after: string | null) => {
    const answer = await teamkit.listJoinableTeams(after ? { cursor: after } : {});
    setTeams((shown) => [...(after ? (shown ?? []) : []), ...(answer.teams as Joinable[])]);
    setCursor(answer.nextCursor ?? null);
  });
  const { run } = load;
  useEffect(() => {
    if (verified) void run(null);
  }, [verified, run]);
  const join = useAction(async (team: Joinable) => {
    const answer = await teamkit.joinTeam({ teamId: team.teamId });
    const text =
      answer.status === "requested"
        ? `Request sent: you will be notified when an owner or admin answers.`
        : `You are a member of ${team.name}.`;
    setOutcome((o) => ({ ...o, [team.teamId]: text }));
    if (answer.status !== "requested") await session.switchTeam(team.teamId).catch(() => undefined);
  });

  if (!verified) return null;
  const shown = (teams ?? []).filter((t) => !memberOf.has(t.teamId) || outcome[t.teamId]);
  return (
    <section aria-labelledby="joinable-title">
      <h2 id="joinable-title">Teams you can join</h2>
      <ErrorText>{load.error && describeError(load.error)}</ErrorText>
      {teams === null && !load.error && <p className="loading">Looking for teams at your domain…</p>}
      {teams !== null && shown.length === 0 && <p>No team at your email's domain is open to join.</p>}
      <ul className="cards">
        {shown.map((team) => {
          const auto = team.domainJoin === "auto";
          const done = outcome[team.teamId];
          return (
            <li key={team.teamId} className="card">
              <h3>{team.name}</h3>
              <p>
                {team.memberCount} {team.memberCount === 1 ? "member" : "members"}.{" "}
                {auto ? "Anyone at your domain joins at once, as Member." : "An owner or admin approves each request."}
              </p>
              {done ? (
                <p role="status">{done}</p>
              ) : team.requested ? (
                <p>Your request is waiting for an owner or admin.</p>
              ) : (
                <button
                  type="button"
                  className="primary"
                  disabled={join.pending}
                  onClick={() => join.run(team)}
                >
                  {auto ? "Join" : "Request to join"}
                  <span className="visually-hidden"> {team.name}</span>
                </button>
              )}
            </li>
          );
        })}
      </ul>
      {cursor && (
        <button type="button" onClick={() => void load.run(cursor)}>
          Show more teams
        </button>
      )}
    </section>
  );
}
