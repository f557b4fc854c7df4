// Notifications: newest first, mark one or all read (the only field a user may change), links
// to the team.
import { useNotifications } from "@teamkit/react";
import { useToast } from "../components/Toasts";
import { formatDateTime } from "../components/format";
import { Link } from "../router";
import { useSession } from "../session";

export function NotificationsPage() {
  const session = useSession();
  const toast = useToast();
  const notifications = useNotifications();
  const items = notifications.data?.items ?? [];
  const unread = notifications.data?.unreadCount ?? 0;
  const mine = new Set(session.teams.map((t) => t.id));
  return (
    <section aria-labelledby="notif-title">
      <h1 id="notif-title">Notifications</h1>
      <p>{unread} unread</p>
      {unread > 0 && (
        <button type="button" onClick={() => notifications.markAllRead().catch(toast.error)}>
          Mark all as read
        </button>
      )}
      {notifications.status === "ready" && items.length === 0 && <p>Nothing yet.</p>}
      <ul className="notifications">
        {items.map((n) => (
          <li key={n.id} className={n.read ? "read" : "unread"}>
            <p>
              {!n.read && <span className="visually-hidden">Unread: </span>}
              {n.message || n.type}
            </p>
            <p className="meta">
              <time>{formatDateTime(n.createdAt)}</time>
              {mine.has(n.teamId) && (
                <>
                  {" · "}
                  <Link to="/" onClick={() => session.switchTeam(n.teamId).catch(toast.error)}>
                    Open {n.teamName}
                  </Link>
                </>
              )}
            </p>
            {!n.read && (
              <button type="button" onClick={() => notifications.markRead(n.id).catch(toast.error)}>
                Mark as read<span className="visually-hidden">: {n.message}</span>
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
