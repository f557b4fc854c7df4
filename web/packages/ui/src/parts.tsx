/** The pieces the components share: a modal dialog that gives focus back, a confirmation that
 * runs its call through useMutation, and the words of a mutation's outcome. */
import { useEffect, useId, useRef, type ReactNode } from "react";
import { useMutation } from "@teamkit/react";
import type { Ui } from "./ui.tsx";

/** A modal on the native <dialog>: showModal() makes the rest of the page inert, Escape closes
 * it, and focus goes back to the element that had it when the dialog opened. */
export function Dialog({ ui, open, title, onClose, children }: { ui: Ui; open: boolean; title: string; onClose: () => void; children: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLElement | null>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      dialog.showModal();
      // React's autoFocus runs before showModal (and so misses): the first field is marked.
      dialog.querySelector<HTMLElement>("[data-autofocus]")?.focus();
    } else if (!open && dialog.open) {
      dialog.close();
    }
  }, [open]);
  return (
    <dialog
      ref={ref}
      className={ui.part("dialog")}
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      onClose={() => opener.current?.focus()}
    >
      {open && (
        <>
          <h2 id={titleId} className={ui.part("heading")}>
            {title}
          </h2>
          {children}
        </>
      )}
    </dialog>
  );
}

/** A confirmation naming what happens: the title, the body, Cancel, and a button naming the
 * action. The call runs through useMutation; its error stays in words until a retry or close. */
export function ConfirmDialog({
  ui,
  open,
  title,
  action,
  ready = true,
  onConfirm,
  onClose,
  children,
}: {
  ui: Ui;
  open: boolean;
  title: string;
  /** The confirm button's label. */
  action: string;
  /** False keeps the confirm button off (until a typed name matches). */
  ready?: boolean;
  /** The call; the dialog closes once it succeeds. */
  onConfirm: () => Promise<unknown>;
  onClose: () => void;
  children: ReactNode;
}) {
  const confirm = useMutation(async () => {
    await onConfirm();
    return true;
  });
  const close = () => {
    confirm.reset();
    onClose();
  };
  return (
    <Dialog ui={ui} open={open} title={title} onClose={close}>
      <form
        onSubmit={async (event) => {
          event.preventDefault();
          if (await confirm.run()) close();
        }}
      >
        {children}
        <Outcome ui={ui} error={confirm.error} />
        <div className={ui.part("toolbar")}>
          <button type="button" className={ui.part("button")} onClick={close}>
            {ui.t.cancel}
          </button>
          <button type="submit" className={ui.part("dangerButton")} disabled={confirm.pending || !ready} aria-busy={confirm.pending}>
            {action}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** A mutation's outcome: its error in words (an alert), or the success sentence (a status). */
export function Outcome({ ui, error, success }: { ui: Ui; error: Error | null; success?: string | null | false }) {
  if (error) {
    return (
      <p role="alert" className={ui.part("error")}>
        {ui.error(error)}
      </p>
    );
  }
  return (
    <p role="status" className={ui.part("success")}>
      {success || ""}
    </p>
  );
}
