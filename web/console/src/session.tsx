// Who is signed in, their teams, and which team is current (users/{uid}.currentTeamId, else
// the first team). Notices when the open team is lost (removed, or the team deleted) and moves on.
import { createContext, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import type { User } from "firebase/auth";
import {
  call,
  useAuthUser,
  useMyMemberships,
  useProfile,
  useTeams,
  type Role,
  type Row,
} from "./sdk-gaps";

export interface TeamEntry {
  id: string;
  name: string;
  role: Role;
  team: Row;
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

export function useAuth() {
  return useAuthUser();
}

export function SessionProvider({ user, claims, children }: { user: User; claims: Record<string, unknown>; children: ReactNode }) {
  const profile = useProfile(user.uid);
  const memberships = useMyMemberships(user.uid);
  const teamIds = useMemo(() => memberships.data.map((m) => String(m.teamId ?? "")).filter(Boolean), [memberships.data]);
  const teamDocs = useTeams(teamIds);
  const [chosen, setChosen] = useState<string | null>(null);
  const [lostNotice, setLostNotice] = useState<string | null>(null);

  const teams: TeamEntry[] = memberships.data
    .map((m) => {
      const team = teamDocs[String(m.teamId)];
      return team && team.status !== "deleted"
        ? { id: String(m.teamId), name: String(team.name ?? ""), role: m.role as Role, team }
        : null;
    })
    .filter((t): t is TeamEntry => t !== null)
    .sort((a, b) => a.name.localeCompare(b.name));
  const teamsReady = memberships.status !== "loading" && teamIds.every((id) => id in teamDocs);

  const wanted = chosen ?? (profile.data?.currentTeamId as string | undefined) ?? null;
  const current = teams.find((t) => t.id === wanted) ?? teams[0] ?? null;

  // Access lost: the team we were showing is gone from our teams.
  const shown = useRef<{ id: string; name: string } | null>(null);
  useEffect(() => {
    if (!teamsReady) return;
    const last = shown.current;
    if (last && !teams.some((t) => t.id === last.id)) {
      const deleted = teamDocs[last.id]?.status === "deleted";
      setLostNotice(
        `${deleted ? `The team ${last.name} was deleted` : `You no longer have access to ${last.name}: you were removed from the team`}.` +
          (current ? ` You are now in ${current.name}.` : ""),
      );
      if (chosen === last.id) setChosen(null);
    }
    shown.current = current ? { id: current.id, name: current.name } : null;
  });

  const session: Session = {
    user,
    superAdmin: claims.superAdmin === true,
    emailVerified: claims.email_verified === true,
    teams,
    teamsReady,
    current,
    lostNotice,
    dismissLost: () => setLostNotice(null),
    switchTeam: async (teamId: string) => {
      setChosen(teamId);
      await call("switchTeam", { teamId });
    },
  };
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}
