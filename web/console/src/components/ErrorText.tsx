// An error in words where it happened: role=alert so it is announced, nothing when there is none.
import type { ReactNode } from "react";

export function ErrorText({ children }: { children: ReactNode }) {
  return children ? (
    <p role="alert" className="error-text">
      {children}
    </p>
  ) : null;
}
