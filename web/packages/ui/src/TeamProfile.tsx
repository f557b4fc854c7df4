/** TeamProfile: the team's sections in tabs (members; invite and settings for whom they
 * apply), one panel rendered at a time. Tabs follow the ARIA pattern: arrow keys, Home and End
 * move between them, Tab moves into the panel. */
import { useId, useRef, useState, type KeyboardEvent } from "react";
import type { Member, Role } from "@teamkit/client";
import { usePermissions, useTeam } from "@teamkit/react";
import { InviteMembers } from "./InviteMembers.tsx";
import { TeamMembers } from "./TeamMembers.tsx";
import { TeamSettings } from "./TeamSettings.tsx";
import { useUi, type Styling } from "./ui.tsx";

export interface TeamProfileProps extends Styling {
  teamId: string;
  onRolesChanged?: (changes: Record<string, Role>) => void;
  onRemoved?: (member: Member) => void;
  onLeft?: () => void;
  onDeleted?: () => void;
}

type Tab = "members" | "invite" | "settings";

export function TeamProfile({ teamId, onRolesChanged, onRemoved, onLeft, onDeleted, ...styling }: TeamProfileProps) {
  const ui = useUi(styling);
  const team = useTeam(teamId);
  const { role, can } = usePermissions(teamId);
  const tabs: Tab[] = role ? ["members", ...(can("invite") ? (["invite"] as const) : []), "settings"] : [];
  const [chosen, setChosen] = useState<Tab>("members");
  const active = tabs.includes(chosen) ? chosen : "members";
  const buttons = useRef<Partial<Record<Tab, HTMLButtonElement | null>>>({});
  const id = useId();

  const move = (event: KeyboardEvent) => {
    const at = tabs.indexOf(active);
    const to = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: tabs.length - 1 }[event.key];
    if (to === undefined) return;
    event.preventDefault();
    const next = tabs[(to + tabs.length) % tabs.length]!;
    setChosen(next);
    buttons.current[next]?.focus();
  };
  const inner = { appearance: styling.appearance };

  return (
    <section {...ui.root} data-tk-component="team-profile" aria-labelledby={`${id}-title`}>
      <h1 id={`${id}-title`} className={ui.part("heading")}>
        {team.data?.name ?? ui.t.loading}
      </h1>
      <div role="tablist" aria-label={ui.t.profile.tabs} className={ui.part("tabs")} onKeyDown={move}>
        {tabs.map((tab) => (
          <button
            key={tab}
            ref={(element) => {
              buttons.current[tab] = element;
            }}
            type="button"
            role="tab"
            id={`${id}-${tab}`}
            aria-selected={tab === active}
            aria-controls={`${id}-panel`}
            tabIndex={tab === active ? 0 : -1}
            className={ui.part("tab")}
            onClick={() => setChosen(tab)}
          >
            {ui.t.profile[tab]}
          </button>
        ))}
      </div>
      {role && (
        <div role="tabpanel" id={`${id}-panel`} aria-labelledby={`${id}-${active}`} className={ui.part("panel")}>
          {active === "members" && <TeamMembers teamId={teamId} onRolesChanged={onRolesChanged} onRemoved={onRemoved} {...inner} />}
          {active === "invite" && <InviteMembers teamId={teamId} {...inner} />}
          {active === "settings" && <TeamSettings teamId={teamId} onLeft={onLeft} onDeleted={onDeleted} {...inner} />}
        </div>
      )}
    </section>
  );
}
