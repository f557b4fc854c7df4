/** InviteMembers: one or many addresses with one role, sent in one call (inviteMembers); each
 * address then shows whether it was invited or why not. */
import { useId, useState } from "react";
import { grantableRoles, seatsOf, type Result, type Role } from "@teamkit/client";
import { useMutation, usePermissions, useTeam, useTeamkit } from "@teamkit/react";
import { fill } from "./messages.ts";
import { Outcome } from "./parts.tsx";
import { useUi, type Styling } from "./ui.tsx";

export interface InviteMembersProps extends Styling {
  teamId: string;
  onInvited?: (results: Result<"inviteMembers">["results"]) => void;
}

/** The addresses typed, split on commas, semicolons and white space, each once. */
function addressesOf(text: string): string[] {
  return [...new Set(text.split(/[\s,;]+/).map((address) => address.trim()).filter(Boolean))];
}

export function InviteMembers({ teamId, onInvited, ...styling }: InviteMembersProps) {
  const ui = useUi(styling);
  const teamkit = useTeamkit();
  const team = useTeam(teamId);
  const { role: myRole } = usePermissions(teamId);
  const roles = grantableRoles(myRole);
  const [text, setText] = useState("");
  const [role, setRole] = useState<Role>("member");
  const id = useId();
  const addresses = addressesOf(text);
  const invite = useMutation(async (emails: string[], as: Role) => {
    const { results } = await teamkit.inviteMembers({ teamId, invites: emails.map((email) => ({ email, role: as })) });
    const failed = new Set(results.filter((item) => "error" in item).map((item) => item.email));
    setText(emails.filter((email) => failed.has(email)).join("\n"));
    onInvited?.(results);
    return results;
  });
  const seats = team.data && seatsOf(team.data);
  const results = invite.data ?? [];
  const sent = results.filter((item) => !("error" in item)).length;

  return (
    <section {...ui.root} data-tk-component="invite-members" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className={ui.part("heading")}>
        {ui.t.invite.title}
      </h2>
      {seats && (
        <p className="tk-muted">
          {seats.limit === null
            ? ui.plural(ui.t.invite.seats, seats.used)
            : fill(ui.t.invite.seatsOf, { used: seats.used, limit: seats.limit })}
        </p>
      )}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void invite.run(addresses, role);
        }}
      >
        <label className={ui.part("field")}>
          {ui.t.invite.emails}
          <textarea
            className={ui.part("input")}
            rows={3}
            value={text}
            onChange={(event) => setText(event.target.value)}
            aria-describedby={`${id}-help`}
            required
          />
        </label>
        <p id={`${id}-help`} className="tk-muted">
          {ui.t.invite.emailsHelp}
        </p>
        <label className={ui.part("field")}>
          {ui.t.invite.role}
          <select className={ui.part("input")} value={role} onChange={(event) => setRole(event.target.value as Role)}>
            {roles.map((r) => (
              <option key={r} value={r}>
                {ui.t.roles[r]}
              </option>
            ))}
          </select>
        </label>
        <button
          type="submit"
          className={ui.part("primaryButton")}
          disabled={addresses.length === 0 || !roles.includes(role) || invite.pending}
          aria-busy={invite.pending}
        >
          {invite.pending ? ui.t.invite.pending : ui.plural(ui.t.invite.submit, Math.max(addresses.length, 1))}
        </button>
      </form>
      <Outcome ui={ui} error={invite.error} success={invite.data && ui.plural(ui.t.invite.summary, sent)} />
      {results.length > 0 && (
        <ul className={ui.part("list")}>
          {results.map((item) => (
            <li key={item.email} className={ui.part("row")}>
              <span>{item.email}</span>
              {"error" in item ? (
                <span className={ui.part("error")}>
                  {ui.t.invite.failed}: {ui.t.errors[item.error.reason] ?? item.error.message}
                </span>
              ) : (
                <span className={ui.part("tag")}>
                  {ui.t.invite.sent} · {ui.t.roles[item.role]}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
