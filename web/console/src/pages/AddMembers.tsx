// "Add members": invite one address or many pasted at once (inviteMembers, a result per row),
// or add an existing user by email; a role picker with one-line descriptions and a
// confirmation step that names who gets which role.
import { useState } from "react";
import { Dialog } from "../components/Dialog";
import { useToast } from "../components/Toasts";
import { ROLE_DESCRIPTIONS, roleLabel } from "../components/format";
import { ErrorText } from "../components/ErrorText";
import { describeError, REASON_SENTENCES } from "../errors";
import { grantableRoles, type Role, type Team } from "@teamkit/client";
import { useMutation, useTeamkit } from "@teamkit/react";

type Step = "form" | "confirm" | "results";
interface Result {
  email: string;
  ok: boolean;
  text: string;
}

export function parseAddresses(text: string, domain: string | null): string[] {
  const seen = new Set<string>();
  for (const raw of text.split(/[\s,;]+/)) {
    let email = raw.trim().replace(/^<|>$/g, "");
    if (!email) continue;
    if (domain && !email.includes("@")) email = `${email}@${domain}`;
    seen.add(email.toLowerCase());
  }
  return [...seen];
}

export function AddMembersDialog({
  open,
  onClose,
  teamId,
  team,
  role,
}: {
  open: boolean;
  onClose: () => void;
  teamId: string;
  team: Team;
  role: Role | null;
}) {
  const toast = useToast();
  const teamkit = useTeamkit();
  const domains = (team.allowedDomains as string[] | undefined) ?? [];
  const [mode, setMode] = useState<"invite" | "existing">("invite");
  const [text, setText] = useState("");
  const [domain, setDomain] = useState<string>(domains[0] ?? "");
  const [newRole, setNewRole] = useState<Role>("member");
  const [step, setStep] = useState<Step>("form");
  const [results, setResults] = useState<Result[]>([]);
  const roles = grantableRoles(role);
  const addresses = parseAddresses(text, domains.length ? domain : null);

  const close = () => {
    setStep("form");
    setText("");
    setResults([]);
    send.reset();
    onClose();
  };

  const send = useMutation(async () => {
    try {
      if (mode === "existing") {
        await teamkit.addExistingMember({ teamId, email: addresses[0], role: newRole });
        toast.success(`${addresses[0]} was added as ${roleLabel(newRole)}.`);
        close();
        return;
      }
      if (addresses.length === 1) {
        await teamkit.inviteMember({ teamId, email: addresses[0]!, role: newRole });
        toast.success(`Invitation sent to ${addresses[0]}.`);
        close();
        return;
      }
      const reply = await teamkit.inviteMembers({
        teamId,
        invites: addresses.map((email) => ({ email, role: newRole })),
      });
      setResults(
        reply.results.map((r) =>
          "error" in r
            ? { email: r.email, ok: false, text: REASON_SENTENCES[r.error.reason] ?? r.error.message }
            : { email: r.email, ok: true, text: "Invitation sent" },
        ),
      );
      setStep("results");
    } catch (error) {
      setStep("form");
      throw error;
    }
  });

  return (
    <Dialog open={open} title="Add members" onClose={close} wide>
      {step === "form" && (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (addresses.length) setStep("confirm");
          }}
        >
          <fieldset className="segmented">
            <legend>How</legend>
            <label>
              <input type="radio" name="mode" checked={mode === "invite"} onChange={() => setMode("invite")} />
              Invite by email
            </label>
            <label>
              <input type="radio" name="mode" checked={mode === "existing"} onChange={() => setMode("existing")} />
              Add an existing user
            </label>
          </fieldset>
          {mode === "invite" ? (
            <label>
              Email addresses
              <textarea
                value={text}
                onChange={(e) => setText(e.target.value)}
                rows={4}
                aria-describedby="addresses-help"
                data-autofocus
              />
            </label>
          ) : (
            <label>
              Email of the existing user
              <input type="email" value={text} onChange={(e) => setText(e.target.value)} required data-autofocus />
            </label>
          )}
          {mode === "invite" && (
            <p id="addresses-help" className="help">
              One address, or many separated by commas, spaces or new lines.
              {domains.length > 0 && " Names without @ get the domain below."}
            </p>
          )}
          {domains.length > 0 && (
            <label>
              Domain
              <select value={domain} onChange={(e) => setDomain(e.target.value)}>
                {domains.map((d) => (
                  <option key={d} value={d}>
                    @{d}
                  </option>
                ))}
              </select>
            </label>
          )}
          <fieldset className="roles">
            <legend>Role</legend>
            {roles.map((r) => (
              <label key={r} className="role-choice">
                <input
                  type="radio"
                  name="role"
                  value={r}
                  checked={newRole === r}
                  onChange={() => setNewRole(r)}
                  aria-describedby={`role-${r}-desc`}
                />
                <span>
                  <strong>{roleLabel(r)}</strong>{" "}
                  <span id={`role-${r}-desc`} className="help">
                    {ROLE_DESCRIPTIONS[r]}
                  </span>
                </span>
              </label>
            ))}
          </fieldset>
          <ErrorText>{send.error && describeError(send.error)}</ErrorText>
          <div className="actions">
            <button type="button" onClick={close}>
              Cancel
            </button>
            <button type="submit" className="primary" disabled={addresses.length === 0}>
              Continue
            </button>
          </div>
        </form>
      )}
      {step === "confirm" && (
        <div>
          <p id="confirm-text">
            {mode === "existing"
              ? `Add ${addresses[0]} to ${String(team.name)} as ${roleLabel(newRole)}?`
              : `Invite ${addresses.length === 1 ? addresses[0] : `${addresses.length} people`} to ${String(team.name)} as ${roleLabel(newRole)}?`}
          </p>
          {addresses.length > 1 && (
            <ul aria-label="People to invite">
              {addresses.map((a) => (
                <li key={a}>
                  {a} — {roleLabel(newRole)}
                </li>
              ))}
            </ul>
          )}
          <div className="actions">
            <button type="button" onClick={() => setStep("form")}>
              Back
            </button>
            <button type="button" className="primary" disabled={send.pending} onClick={() => send.run()} autoFocus>
              {mode === "existing"
                ? `Add as ${roleLabel(newRole)}`
                : addresses.length === 1
                  ? "Send invitation"
                  : `Send ${addresses.length} invitations`}
            </button>
          </div>
        </div>
      )}
      {step === "results" && (
        <div>
          <p role="status">
            {results.filter((r) => r.ok).length} of {results.length} invitations sent.
          </p>
          <table>
            <caption className="visually-hidden">Result per address</caption>
            <thead>
              <tr>
                <th scope="col">Email</th>
                <th scope="col">Result</th>
              </tr>
            </thead>
            <tbody>
              {results.map((r) => (
                <tr key={r.email} className={r.ok ? "" : "failed"}>
                  <th scope="row">{r.email}</th>
                  <td>{r.ok ? r.text : `Not sent: ${r.text}`}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="actions">
            <button type="button" className="primary" onClick={close}>
              Done
            </button>
          </div>
        </div>
      )}
    </Dialog>
  );
}
