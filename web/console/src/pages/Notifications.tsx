// Notifications: newest first, mark one or all read (the only field a user may change), links
// to the team.
import { doc, updateDoc, writeBatch } from "firebase/firestore";
import { useToast } from "../components/Toasts";
import { formatDateTime } from "../components/format";
import { Link } from "../router";
import { db, useNotifications } from "../sdk-gaps";
import { useSession } from "../session";

export function NotificationsPage() {
  const session = useSession();
  const toast = useToast();
  const uid = session.user.uid;
  const notifications = useNotifications(uid);
  const unread = notifications.data.filter((n) => !n.read);
  const mine = new Set(session.teams.map((t) => t.id));
  return (
    <section aria-labelledby="notif-title">
      <h1 id="notif-title">Notifications</h1>
      <p>{unread.length} unread</p>
      {unread.length > 0 && (
        <button
          type="button"
          onClick={async () => {
            const batch = writeBatch(db);
            unread.forEach((n) => batch.update(doc(db, "users", uid, "notifications", n.id), { read: true }));
            await batch.commit().catch(toast.error);
          }}
        >
          Mark all as read
        </button>
      )}
      {notifications.status === "ready" && notifications.data.length === 0 && <p>Nothing yet.</p>}
      <ul className="notifications">
        {notifications.data.map((n) => (
          <li key={n.id} className={n.read ? "read" : "unread"}>
            <p>
              {!n.read && <span className="visually-hidden">Unread: </span>}
              {String(n.message ?? n.type)}
            </p>
            <p className="meta">
              <time>{formatDateTime(n.createdAt)}</time>
              {mine.has(String(n.teamId)) && (
                <>
                  {" · "}
                  <Link to="/" onClick={() => session.switchTeam(String(n.teamId)).catch(toast.error)}>
                    Open {String(n.teamName)}
                  </Link>
                </>
              )}
            </p>
            {!n.read && (
              <button
                type="button"
                onClick={() =>
                  updateDoc(doc(db, "users", uid, "notifications", n.id), { read: true }).catch(toast.error)
                }
              >
                Mark as read<span className="visually-hidden">: {String(n.message ?? "")}</span>
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
