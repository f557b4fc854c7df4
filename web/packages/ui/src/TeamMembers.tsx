/** TeamMembers: a team's members, live, with prefix search and paging; role changes are staged
 * and saved in one call (changeMemberRoles, all or none), and a removal is confirmed by name. */
import { useId, useState } from "react";
import { ROLES, TeamkitError, canChangeRole, canRemove, type Member, type Role } from "@teamkit/client";
import { useAuthUser, useMembers, useMutation, usePermissions, useTeam, useTeamkit } from "@teamkit/react";
import { fill } from "./messages.ts";
import { ConfirmDialog, Outcome } from "./parts.tsx";
import { useUi, type Styling } from "./ui.tsx";

export interface TeamMembersProps extends Styling {
  teamId: string;
  /** Members per page (the first page is live; "Show more" adds pages). */
  pageSize?: number;
  onRolesChanged?: (changes: Record<string, Role>) => void;
  onRemoved?: (member: Member) => void;
}

function nameOf(member: Member): string {
  return member.displayName || member.email || member.uid;
}

export function TeamMembers({ teamId, pageSize = 20, onRolesChanged, onRemoved, ...styling }: TeamMembersProps) {
  const ui = useUi(styling);
  const teamkit = useTeamkit();
  const me = useAuthUser().user?.uid;
  const team = useTeam(teamId);
  const { role } = usePermissions(teamId);
  const members = useMembers(teamId, { pageSize });
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState<Record<string, Role>>({});
  const [removing, setRemoving] = useState<Member | null>(null);
  /** The last success, in words (a status the screen reader announces). */
  const [notice, setNotice] = useState("");
  const id = useId();

  const items = members.data?.items ?? [];
  const changes = Object.fromEntries(
    Object.entries(draft).filter(([uid, next]) => items.find((m) => m.uid === uid)?.role !== next),
  );
  const count = Object.keys(changes).length;
  const save = useMutation(async (staged: Record<string, Role>) => {
    await teamkit.changeMemberRoles({ teamId, changes: staged });
    setDraft({});
    setEditing(false);
    setNotice(ui.plural(ui.t.members.saved, Object.keys(staged).length));
    onRolesChanged?.(staged);
  });
  const failedUids = save.error instanceof TeamkitError && Array.isArray(save.error.details?.uids) ? (save.error.details.uids as string[]) : [];
  const canEdit = ROLES.some((from) => ROLES.some((to) => to !== from && canChangeRole(role, from, to)));
  const teamName = team.data?.name ?? "";

  return (
    <section {...ui.root} data-tk-component="team-members" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className={ui.part("heading")}>
        {ui.t.members.title}
        {team.data && <span className={ui.part("tag")}>{ui.plural(ui.t.members.count, team.data.memberCount ?? 0)}</span>}
      </h2>
      <div className={ui.part("toolbar")}>
        <label className={ui.part("field")}>
          {ui.t.members.search}
          <input
            type="search"
            className={ui.part("input")}
            value={members.query}
            onChange={(event) => members.search(event.target.value)}
          />
        </label>
        {canEdit && !editing && (
          <button type="button" className={ui.part("button")} onClick={() => setEditing(true)}>
            {ui.t.members.editRoles}
          </button>
        )}
      </div>
      {members.status === "loading" && <p role="status">{ui.t.loading}</p>}
      {members.status === "error" && <Outcome ui={ui} error={members.error ?? null} />}
      <ul className={ui.part("list")} aria-label={ui.t.members.title}>
        {items.map((member) => {
          const current = member.role;
          const staged = draft[member.uid] ?? current;
          const choices = ROLES.filter((r) => r === current || canChangeRole(role, current, r));
          const isMe = member.uid === me;
          const label = isMe ? `${nameOf(member)} (${ui.t.you})` : nameOf(member);
          return (
            <li
              key={member.uid}
              className={ui.part("row")}
              data-changed={staged !== current || undefined}
              aria-invalid={failedUids.includes(member.uid) || undefined}
            >
              <div className="tk-who">
                <strong>{label}</strong>
                {member.email && member.email !== nameOf(member) && <span className="tk-muted">{member.email}</span>}
                {member.joinedAt && <span className="tk-muted">{fill(ui.t.members.joined, { date: ui.date(member.joinedAt) })}</span>}
              </div>
              <div className="tk-actions">
                {editing && choices.length > 1 ? (
                  <select
                    className={ui.part("input")}
                    aria-label={fill(ui.t.members.roleFor, { name: label })}
                    value={staged}
                    onChange={(event) => {
                      const next = event.target.value as Role;
                      setDraft((d) => {
                        const rest = Object.fromEntries(Object.entries(d).filter(([uid]) => uid !== member.uid));
                        return next === current ? rest : { ...rest, [member.uid]: next };
                      });
                    }}
                  >
                    {choices.map((r) => (
                      <option key={r} value={r}>
                        {ui.t.roles[r]}
                      </option>
                    ))}
                  </select>
                ) : (
                  <span className={ui.part("tag")} data-role={current}>
                    {ui.t.roles[current]}
                  </span>
                )}
                {!isMe && canRemove(role, current) && (
                  <button type="button" className={ui.part("button")} onClick={() => setRemoving(member)}>
                    {ui.t.members.remove}
                    <span className="tk-visually-hidden"> {nameOf(member)}</span>
                  </button>
                )}
              </div>
            </li>
          );
        })}
      </ul>
      {members.status === "ready" && items.length === 0 && <p>{ui.t.members.empty}</p>}
      {members.data?.hasMore && (
        <button type="button" className={ui.part("button")} onClick={members.loadMore}>
          {ui.t.members.more}
        </button>
      )}
      {editing && (
        <div className={ui.part("toolbar", "tk-savebar")} role="region" aria-label={ui.plural(ui.t.members.staged, count)}>
          <span>{ui.plural(ui.t.members.staged, count)}</span>
          <button
            type="button"
            className={ui.part("primaryButton")}
            disabled={count === 0 || save.pending}
            aria-busy={save.pending}
            onClick={() => void save.run(changes)}
          >
            {save.pending ? ui.t.members.saving : ui.plural(ui.t.members.save, count)}
          </button>
          <button
            type="button"
            className={ui.part("button")}
            onClick={() => {
              setDraft({});
              save.reset();
              setEditing(false);
            }}
          >
            {ui.t.members.discard}
          </button>
        </div>
      )}
      {save.error ? (
        <p role="alert" className={ui.part("error")}>
          {fill(ui.t.members.notSaved, { error: ui.error(save.error) })}
        </p>
      ) : (
        <Outcome ui={ui} error={null} success={notice} />
      )}
      <ConfirmDialog
        ui={ui}
        open={removing !== null}
        title={fill(ui.t.members.removeTitle, { name: removing ? nameOf(removing) : "" })}
        action={fill(ui.t.members.removeTitle, { name: removing ? nameOf(removing) : "" })}
        onClose={() => setRemoving(null)}
        onConfirm={async () => {
          if (!removing) return;
          await teamkit.removeMember({ teamId, uid: removing.uid });
          setNotice(fill(ui.t.members.removed, { name: nameOf(removing) }));
          onRemoved?.(removing);
        }}
      >
        <p>{fill(ui.t.members.removeBody, { name: removing ? nameOf(removing) : "", team: teamName })}</p>
      </ConfirmDialog>
    </section>
  );
}
