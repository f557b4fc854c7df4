// Workspace: the team's shared prompts and my private ones, written straight to Firestore through
// the SDK's entity writes (the rules decide who may), live across members.
import type { EntityOf } from "@teamkit/client";
import { useEntities, usePermissions, useTeamkit } from "@teamkit/react";
import { useState } from "react";
import { Dialog } from "../components/Dialog";
import { useToast } from "../components/Toasts";
import { useAction } from "../components/action";
import { useSession } from "../session";

export function WorkspacePage() {
  const session = useSession();
  const toast = useToast();
  const teamkit = useTeamkit();
  const team = session.current;
  const uid = session.user.uid;
  const { can } = usePermissions(team?.id ?? null);
  const sharedLive = useEntities("prompts", team && can("readSharedEntities") ? team.id : null, "shared");
  const mineLive = useEntities("prompts", team?.id ?? null, "mine");
  const shared = { data: sharedLive.data ?? [] };
  const mine = { data: mineLive.data ?? [] };
  const [editing, setEditing] = useState<Prompt | "new" | null>(null);
  if (!team) return <p>Join or create a team to use its workspace.</p>;
  const canWrite = can("writeOwnEntities");
  const moderate = can("moderateEntities");
  const myPrivate = mine.data.filter((p) => p.sharing === "private");
  const remove = (p: Prompt) => teamkit.deleteEntity("prompts", p.id).then(() => toast.success("Prompt deleted."), toast.error);
  const list = (title: string, rows: Prompt[], empty: string) => (
    <section aria-label={title} className="card">
      <h2>{title}</h2>
      {rows.length === 0 && <p>{empty}</p>}
      <ul className="prompts">
        {rows.map((p) => {
          const own = p.ownerUid === uid;
          const editable = (own && canWrite) || (p.sharing === "public" && moderate);
          return (
            <li key={p.id}>
              <h3>{String(p.title)}</h3>
              <p>{String(p.body ?? "")}</p>
              {editable && (
                <div className="actions">
                  <button type="button" onClick={() => setEditing(p)}>
                    Edit<span className="visually-hidden"> {String(p.title)}</span>
                  </button>
                  {own && (
                    <button
                      type="button"
                      onClick={() =>
                        teamkit.updateEntity("prompts", p.id, { sharing: p.sharing === "public" ? "private" : "public" }).catch(toast.error)
                      }
                    >
                      {p.sharing === "public" ? "Make private" : "Share with team"}
                      <span className="visually-hidden"> {String(p.title)}</span>
                    </button>
                  )}
                  <button type="button" className="danger" onClick={() => remove(p)}>
                    Delete<span className="visually-hidden"> {String(p.title)}</span>
                  </button>
                </div>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
  return (
    <section aria-labelledby="ws-title">
      <h1 id="ws-title">Workspace of {team.name}</h1>
      {canWrite && (
        <button type="button" className="primary" onClick={() => setEditing("new")}>
          New prompt
        </button>
      )}
      {can("readSharedEntities") && list("Shared with the team", shared.data, "No shared prompts yet.")}
      {list("My private prompts", myPrivate, "No private prompts.")}
      <PromptDialog
        prompt={editing}
        teamId={team.id}
        onClose={() => setEditing(null)}
      />
    </section>
  );
}

type Prompt = EntityOf<"prompts">;

function PromptDialog({ prompt, teamId, onClose }: { prompt: Prompt | "new" | null; teamId: string; onClose: () => void }) {
  const teamkit = useTeamkit();
  const existing = prompt && prompt !== "new" ? prompt : null;
  const save = useAction(
    async (form: FormData) => {
      const title = String(form.get("title"));
      const body = String(form.get("body"));
      if (existing) await teamkit.updateEntity("prompts", existing.id, { title, body });
      else await teamkit.createEntity("prompts", teamId, { title, body, sharing: form.get("shared") ? "public" : "private" });
      onClose();
    },
    () => (existing ? "Prompt saved." : "Prompt created."),
  );
  return (
    <Dialog open={prompt !== null} title={existing ? "Edit prompt" : "New prompt"} onClose={onClose}>
      <form
        key={existing?.id ?? "new"}
        onSubmit={(event) => {
          event.preventDefault();
          void save.run(new FormData(event.currentTarget));
        }}
      >
        <label>
          Title
          <input name="title" defaultValue={String(existing?.title ?? "")} required maxLength={200} data-autofocus />
        </label>
        <label>
          Prompt
          <textarea name="body" defaultValue={String(existing?.body ?? "")} rows={5} maxLength={20000} />
        </label>
        {!existing && (
          <label className="check">
            <input type="checkbox" name="shared" /> Share with the team
          </label>
        )}
        <div className="actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={save.pending}>
            Save
          </button>
        </div>
      </form>
    </Dialog>
  );
}
