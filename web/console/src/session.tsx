// Who is signed in, their teams, and which team is current (users/{uid}.currentTeamId, else
// the first team), from @teamkit/react. Notices when the open team is lost (removed, or the
// team deleted) and moves on to another.
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from "react";
import type { User } from "firebase/auth";
import type { Claims } from "@teamkit/react";
import type { Role, Team } from "@teamkit/client";
import { useMyTeams, useProfile, useTeam, useTeamkit } from "@teamkit/react";

export interface TeamEntry {
  id: string;
  name: string;
  role: Role;
  team: Team;
}

export interface Session {
  user: User;
  superAdmin: boolean;
  emailVerified: boolean;
  teams: TeamEntry[];
  teamsReady: boolean;
  current: TeamEntry | null;
  switchTeam: (teamId: string) => Promise<void>;
  lostNotice: string | null;
  dismissLost: () => void;
}

const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession outside a signed-in page");
  return session;
}

export function SessionProvider({ user, claims, children }: { user: User; claims: Claims; children: ReactNode }) {
  const teamkit = useTeamkit();
  const profile = useProfile();
  const myTeams = useMyTeams();
  const [chosen, setChosen] = useState<string | null>(null);
  const [lostNotice, setLostNotice] = useState<string | null>(null);
  const [lost, setLost] = useState<{ id: string; name: string } | null>(null);
  const lostTeam = useTeam(lost?.id ?? null);

  const teams: TeamEntry[] = (myTeams.data ?? [])
    .filter((entry) => entry.team)
    .map((entry) => ({ id: entry.teamId, name: entry.team!.name, role: entry.role, team: entry.team! }));
  const teamsReady = myTeams.status !== "loading";
  const wanted = chosen ?? profile.data?.currentTeamId ?? null;
  const current = teams.find((t) => t.id === wanted) ?? teams[0] ?? null;

  // Access lost: the team we were showing is gone from our teams.
  const shown = useRef<{ id: string; name: string } | null>(null);
  useEffect(() => {
    if (!teamsReady) return;
    const last = shown.current;
    if (last && !teams.some((t) => t.id === last.id)) {
      setLost(last);
      setLostNotice(
        `You no longer have access to ${last.name}: you were removed from the team, or it was deleted.` +
          (current ? ` You are now in ${current.name}.` : ""),
      );
      if (chosen === last.id) setChosen(null);
    }
    shown.current = current ? { id: current.id, name: current.name } : null;
  });
  // A deleted team stays readable to its former members: then say which it was.
  useEffect(() => {
    if (lost && lostTeam.data?.status === "deleted") {
      setLostNotice(`The team ${lost.name} was deleted.` + (current ? ` You are now in ${current.name}.` : ""));
    } else if (lost && lostTeam.status === "access-lost") {
      setLostNotice(
        `You no longer have access to ${lost.name}: you were removed from the team.` +
          (current ? ` You are now in ${current.name}.` : ""),
      );
    }
  }, [lost, lostTeam.status, lostTeam.data?.status, current?.name]);

  const session: Session = {
    user,
    superAdmin: claims.superAdmin,
    emailVerified: claims.emailVerified,
    teams,
    teamsReady,
    current,
    lostNotice,
    dismissLost: () => setLostNotice(null),
    switchTeam: async (teamId: string) => {
      setChosen(teamId);
      await teamkit.switchTeam({ teamId });
    },
  };
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}
