// A confirmation that names what happens: the title, the body's sentence, Cancel, and a button
// that names the action ("Remove Ana"). While the call runs the button waits; if the call fails
// its error stays in words until the person retries or closes the dialog.
import type { ReactNode } from "react";
import { useMutation } from "@teamkit/react";
import { describeError } from "../errors";
import { Dialog } from "./Dialog";
import { ErrorText } from "./ErrorText";

export function ConfirmDialog({
  open,
  title,
  action,
  ready = true,
  onConfirm,
  onClose,
  children,
}: {
  open: boolean;
  title: string;
  /** The confirm button's label, naming the action. */
  action: string;
  /** False keeps the confirm button off (e.g. until a typed name matches). */
  ready?: boolean;
  /** The call; the dialog closes once it resolves. */
  onConfirm: () => Promise<void>;
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
    <Dialog open={open} title={title} onClose={close}>
      <form
        onSubmit={async (event) => {
          event.preventDefault();
          if (await confirm.run()) close();
        }}
      >
        {children}
        <ErrorText>{confirm.error && describeError(confirm.error)}</ErrorText>
        <div className="actions">
          <button type="button" onClick={close}>
            Cancel
          </button>
          <button type="submit" className="danger" disabled={confirm.pending || !ready}>
            {action}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
