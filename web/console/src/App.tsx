// The shell: sign-in gate, header (team switcher, Create team, bell, user menu) and the pages.
import { useState } from "react";
import { signOut } from "firebase/auth";
import { ConfirmDialog } from "./components/ConfirmDialog";
import { Dialog } from "./components/Dialog";
import { useToast } from "./components/Toasts";
import { useAction } from "./components/action";
import { Link, navigate, useLocation } from "./router";
import { useAuthUser, useClaims, useNotifications, usePermissions, useTeamkit } from "@teamkit/react";
import { SessionProvider, useSession } from "./session";
import { auth } from "./teamkit";
import { AcceptInvitePage } from "./pages/AcceptInvite";
import { AdminPage } from "./pages/Admin";
import { BillingPage } from "./pages/Billing";
import { InvitationsPage } from "./pages/Invitations";
import { NotificationsPage } from "./pages/Notifications";
import { SignInPage } from "./pages/SignIn";
import { TeamPage } from "./pages/Team";
import { WorkspacePage } from "./pages/Workspace";

export function App() {
  const { path } = useLocation();
  const authState = useAuthUser();
  const claims = useClaims();
  if (authState.status === "loading") return <p className="loading">Loading…</p>;
  if (path === "/accept-invite") {
    return authState.user ? (
      <SessionProvider key={authState.user.uid} user={authState.user} claims={claims}>
        <Shell>
          <AcceptInvitePage />
        </Shell>
      </SessionProvider>
    ) : (
      <main className="narrow">
        <AcceptInvitePage />
      </main>
    );
  }
  if (!authState.user) return <SignInPage />;
  return (
    <SessionProvider key={authState.user.uid} user={authState.user} claims={claims}>
      <Shell>
        <Routes />
      </Shell>
    </SessionProvider>
  );
}

function Routes() {
  const { path } = useLocation();
  if (path === "/invitations") return <InvitationsPage />;
  if (path === "/notifications") return <NotificationsPage />;
  if (path === "/billing") return <BillingPage />;
  if (path === "/workspace") return <WorkspacePage />;
  if (path.startsWith("/admin")) return <AdminPage />;
  return <TeamPage />;
}

function Shell({ children }: { children: React.ReactNode }) {
  const session = useSession();
  const { current, teams } = session;
  const toast = useToast();
  const notifications = useNotifications();
  const unread = notifications.data?.unreadCount ?? 0;
  const { can } = usePermissions(current?.id ?? null);
  const [creating, setCreating] = useState(false);
  const [menu, setMenu] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [endingSessions, setEndingSessions] = useState(false);
  const { path } = useLocation();
  const nav = [
    { to: "/", label: "Team" },
    { to: "/workspace", label: "Workspace" },
    ...(can("readBilling") ? [{ to: "/billing", label: "Billing" }] : []),
    { to: "/invitations", label: "My invitations" },
    ...(session.superAdmin ? [{ to: "/admin", label: "Platform admin" }] : []),
  ];
  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <span className="brand">teamkit</span>
        {teams.length > 1 && current && (
          <label className="switcher">
            Team
            <select
              value={current.id}
              onChange={(event) => session.switchTeam(event.target.value).catch(toast.error)}
            >
              {teams.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
          </label>
        )}
        {teams.length === 1 && current && <span className="team-name">{current.name}</span>}
        <button type="button" onClick={() => setCreating(true)}>
          Create team
        </button>
        <nav aria-label="Main">
          <ul>
            {nav.map((item) => (
              <li key={item.to}>
                <Link to={item.to} aria-current={path === item.to ? "page" : undefined}>
                  {item.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <Link to="/notifications" className="bell" aria-label={`Notifications, ${unread} unread`}>
          <svg aria-hidden="true" width="22" height="22" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2">
            <path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9" />
            <path d="M13.7 21a2 2 0 0 1-3.4 0" />
          </svg>
          {unread > 0 && (
            <span className="badge" aria-hidden="true">
              {unread}
            </span>
          )}
        </Link>
        <div className="user-menu">
          <button type="button" aria-expanded={menu} aria-controls="user-menu" onClick={() => setMenu(!menu)}>
            {session.user.email}
          </button>
          {menu && (
            <ul id="user-menu" className="menu" aria-label="Account">
              <li>
                <button type="button" onClick={() => signOut(auth).then(() => navigate("/"))}>
                  Sign out
                </button>
              </li>
              <li>
                <button
                  type="button"
                  onClick={() => {
                    setMenu(false);
                    setEndingSessions(true);
                  }}
                >
                  Sign out everywhere
                </button>
              </li>
              <li>
                <button
                  type="button"
                  onClick={() => {
                    setMenu(false);
                    setDeleting(true);
                  }}
                >
                  Delete account
                </button>
              </li>
            </ul>
          )}
        </div>
      </header>
      {session.lostNotice && (
        <div role="alert" className="notice">
          <span>{session.lostNotice}</span>
          <button type="button" onClick={session.dismissLost}>
            Dismiss
          </button>
        </div>
      )}
      <main id="main" tabIndex={-1}>
        {children}
      </main>
      <CreateTeamDialog open={creating} onClose={() => setCreating(false)} />
      <DeleteAccountDialog open={deleting} onClose={() => setDeleting(false)} />
      <EndSessionsDialog open={endingSessions} onClose={() => setEndingSessions(false)} />
    </>
  );
}

function CreateTeamDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [name, setName] = useState("");
  const session = useSession();
  const teamkit = useTeamkit();
  const create = useAction(
    async () => {
      const result = await teamkit.createTeam({ name });
      await session.switchTeam(String(result.teamId));
      setName("");
      onClose();
      navigate("/");
    },
    () => `Team ${name} created.`,
  );
  return (
    <Dialog open={open} title="Create team" onClose={onClose}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void create.run();
        }}
      >
        <label>
          Team name
          <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} data-autofocus />
        </label>
        <div className="actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={create.pending}>
            {create.pending ? "Creating…" : "Create"}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function EndSessionsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const teamkit = useTeamkit();
  return (
    <ConfirmDialog
      open={open}
      title="Sign out everywhere"
      action="Sign out everywhere"
      onClose={onClose}
      onConfirm={async () => {
        await teamkit.endSessions({});
        await signOut(auth);
        navigate("/");
      }}
    >
      <p>
        This signs you out on every device, this one included: a lost laptop or phone can change nothing in your
        teams from now on. Sign in again to continue here.
      </p>
    </ConfirmDialog>
  );
}

function DeleteAccountDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const teamkit = useTeamkit();
  return (
    <ConfirmDialog
      open={open}
      title="Delete account"
      action="Delete my account"
      onClose={onClose}
      onConfirm={async () => {
        await teamkit.deleteAccount({});
        await signOut(auth);
        navigate("/");
      }}
    >
      <p>
        This deletes your account and removes you from every team. It is refused while you are the only owner of a
        team that has other members: make someone else an owner, or delete that team, first.
      </p>
    </ConfirmDialog>
  );
}
