/** TeamSettings: rename the team (owners, admins), leave it (anyone but its only owner, who is
 * told why), and delete it (owners) after typing its name. */
import { useEffect, useId, useState } from "react";
import { useMutation, usePermissions, useTeam, useTeamkit } from "@teamkit/react";
import { fill } from "./messages.ts";
import { ConfirmDialog, Outcome } from "./parts.tsx";
import { useUi, type Styling } from "./ui.tsx";

export interface TeamSettingsProps extends Styling {
  teamId: string;
  onRenamed?: (name: string) => void;
  /** Called after I left the team (its data is no longer readable). */
  onLeft?: () => void;
  onDeleted?: () => void;
}

export function TeamSettings({ teamId, onRenamed, onLeft, onDeleted, ...styling }: TeamSettingsProps) {
  const ui = useUi(styling);
  const teamkit = useTeamkit();
  const team = useTeam(teamId);
  const { role, can } = usePermissions(teamId);
  const current = team.data?.name ?? "";
  const [name, setName] = useState(current);
  const [dialog, setDialog] = useState<"leave" | "delete" | null>(null);
  const [typed, setTyped] = useState("");
  const id = useId();
  // The field takes the live name whenever it changes (renamed here or elsewhere).
  useEffect(() => setName(current), [current]);
  const rename = useMutation(async (next: string) => {
    await teamkit.updateTeam({ teamId, name: next });
    onRenamed?.(next);
    return next;
  });
  const soleOwner = role === "owner" && (team.data?.ownerCount ?? 0) <= 1;

  return (
    <section {...ui.root} data-tk-component="team-settings" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className={ui.part("heading")}>
        {ui.t.settings.title}
      </h2>
      {can("manageTeam") && (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void rename.run(name.trim());
          }}
        >
          <label className={ui.part("field")}>
            {ui.t.settings.name}
            <input className={ui.part("input")} value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} />
          </label>
          <button
            type="submit"
            className={ui.part("primaryButton")}
            disabled={rename.pending || !name.trim() || name.trim() === current}
            aria-busy={rename.pending}
          >
            {ui.t.settings.rename}
          </button>
          <Outcome ui={ui} error={rename.error} success={rename.data && fill(ui.t.settings.renamed, { name: rename.data })} />
        </form>
      )}
      <div className={ui.part("toolbar")}>
        {role && !soleOwner && (
          <button type="button" className={ui.part("button")} onClick={() => setDialog("leave")}>
            {ui.t.settings.leave}
          </button>
        )}
        {can("deleteTeam") && (
          <button type="button" className={ui.part("dangerButton")} onClick={() => setDialog("delete")}>
            {ui.t.settings.deleteTeam}
          </button>
        )}
      </div>
      {soleOwner && <p className="tk-muted">{ui.t.settings.soleOwner}</p>}
      <ConfirmDialog
        ui={ui}
        open={dialog === "leave"}
        title={fill(ui.t.settings.leaveTitle, { team: current })}
        action={fill(ui.t.settings.leaveTitle, { team: current })}
        onClose={() => setDialog(null)}
        onConfirm={async () => {
          await teamkit.leaveTeam({ teamId });
          onLeft?.();
        }}
      >
        <p>{fill(ui.t.settings.leaveBody, { team: current })}</p>
      </ConfirmDialog>
      <ConfirmDialog
        ui={ui}
        open={dialog === "delete"}
        title={fill(ui.t.settings.deleteTitle, { team: current })}
        action={ui.t.settings.deleteTeam}
        ready={typed === current}
        onClose={() => {
          setTyped("");
          setDialog(null);
        }}
        onConfirm={async () => {
          await teamkit.deleteTeam({ teamId });
          onDeleted?.();
        }}
      >
        <p>{ui.t.settings.deleteBody}</p>
        <label className={ui.part("field")}>
          {ui.t.settings.deleteConfirm}
          <input className={ui.part("input")} value={typed} onChange={(e) => setTyped(e.target.value)} data-autofocus />
        </label>
      </ConfirmDialog>
    </section>
  );
}
