/** TeamSwitcher: the teams I belong to in one labelled select; choosing one makes it my current
 * team (users/{me}.currentTeamId), which every useCurrentTeam follows live. */
import { useId } from "react";
import { useCurrentTeam, useMutation, useMyTeams } from "@teamkit/react";
import { Outcome } from "./parts.tsx";
import { useUi, type Styling } from "./ui.tsx";

export interface TeamSwitcherProps extends Styling {
  /** Called once the switch is saved. */
  onSwitch?: (teamId: string) => void;
  /** Shows a "Create team" button that calls this (e.g. to open a page with CreateTeam). */
  onCreate?: () => void;
}

export function TeamSwitcher({ onSwitch, onCreate, ...styling }: TeamSwitcherProps) {
  const ui = useUi(styling);
  const teams = useMyTeams();
  const current = useCurrentTeam();
  const id = useId();
  const switchTeam = useMutation(async (teamId: string) => {
    await current.switchTeam(teamId);
    onSwitch?.(teamId);
  });
  const list = teams.data ?? [];
  return (
    <div {...ui.root} data-tk-component="team-switcher">
      <div className={ui.part("toolbar")}>
        <label className={ui.part("field")} htmlFor={id}>
          {ui.t.switcher.label}
        </label>
        <select
          id={id}
          className={ui.part("input")}
          value={current.teamId ?? ""}
          disabled={list.length === 0 || switchTeam.pending}
          aria-busy={switchTeam.pending || teams.status === "loading"}
          onChange={(event) => void switchTeam.run(event.target.value)}
        >
          {list.length === 0 && <option value="">{teams.status === "loading" ? ui.t.loading : ui.t.switcher.none}</option>}
          {list.map((entry) => (
            <option key={entry.teamId} value={entry.teamId}>
              {entry.team?.name ?? entry.teamId}
            </option>
          ))}
        </select>
        {onCreate && (
          <button type="button" className={ui.part("button")} onClick={onCreate}>
            {ui.t.switcher.create}
          </button>
        )}
      </div>
      {switchTeam.error && <Outcome ui={ui} error={switchTeam.error} />}
    </div>
  );
}
