// Success messages are polite status messages that fade; errors are alerts that stay until
// dismissed.
import { createContext, useCallback, useContext, useState, type ReactNode } from "react";
import { describeError } from "../errors";

interface Toast {
  id: number;
  kind: "success" | "error";
  text: string;
}

interface Toaster {
  success: (text: string) => void;
  error: (error: unknown) => void;
}

const ToastContext = createContext<Toaster>({ success: () => {}, error: () => {} });
export const useToast = () => useContext(ToastContext);

let next = 1;

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const dismiss = (id: number) => setToasts((all) => all.filter((t) => t.id !== id));
  const success = useCallback((text: string) => {
    const id = next++;
    setToasts((all) => [...all, { id, kind: "success", text }]);
    setTimeout(() => dismiss(id), 6000);
  }, []);
  const error = useCallback((err: unknown) => {
    setToasts((all) => [...all, { id: next++, kind: "error", text: describeError(err) }]);
  }, []);
  return (
    <ToastContext.Provider value={{ success, error }}>
      {children}
      <div className="toasts">
        <div role="status" aria-live="polite">
          {toasts
            .filter((t) => t.kind === "success")
            .map((t) => (
              <p key={t.id} className="toast success">
                {t.text}
              </p>
            ))}
        </div>
        {toasts
          .filter((t) => t.kind === "error")
          .map((t) => (
            <div key={t.id} role="alert" className="toast error">
              <span>{t.text}</span>
              <button type="button" onClick={() => dismiss(t.id)} aria-label="Dismiss error">
                ×
              </button>
            </div>
          ))}
      </div>
    </ToastContext.Provider>
  );
}
