/** CreateTeam: a name, then the team is created with me as its owner and becomes my current
 * team. */
import { useId, useState } from "react";
import { useMutation, useTeamkit } from "@teamkit/react";
import { Outcome } from "./parts.tsx";
import { fill } from "./messages.ts";
import { useUi, type Styling } from "./ui.tsx";

export interface CreateTeamProps extends Styling {
  onCreated?: (teamId: string) => void;
}

export function CreateTeam({ onCreated, ...styling }: CreateTeamProps) {
  const ui = useUi(styling);
  const teamkit = useTeamkit();
  const [name, setName] = useState("");
  const id = useId();
  const create = useMutation(async (teamName: string) => {
    const created = await teamkit.createTeam({ name: teamName });
    await teamkit.switchTeam({ teamId: created.teamId });
    onCreated?.(created.teamId);
    return created;
  });
  return (
    <section {...ui.root} data-tk-component="create-team" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className={ui.part("heading")}>
        {ui.t.create.title}
      </h2>
      <form
        onSubmit={async (event) => {
          event.preventDefault();
          if (await create.run(name.trim())) setName("");
        }}
      >
        <label className={ui.part("field")}>
          {ui.t.create.name}
          <input className={ui.part("input")} value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} />
        </label>
        <button type="submit" className={ui.part("primaryButton")} disabled={create.pending || !name.trim()} aria-busy={create.pending}>
          {create.pending ? ui.t.create.pending : ui.t.create.submit}
        </button>
        <Outcome ui={ui} error={create.error} success={create.data && fill(ui.t.create.done, { name: create.data.name })} />
      </form>
    </section>
  );
}
