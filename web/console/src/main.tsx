import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { TeamkitProvider } from "@teamkit/react";
import { App } from "./App";
import { ToastProvider } from "./components/Toasts";
import { teamkit } from "./teamkit";
import "./styles.css";

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <TeamkitProvider teamkit={teamkit}>
      <ToastProvider>
        <App />
      </ToastProvider>
    </TeamkitProvider>
  </StrictMode>,
);
