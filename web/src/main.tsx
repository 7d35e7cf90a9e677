import { QueryClientProvider } from "@tanstack/react-query";
import { App as AntApp } from "antd";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app/app.tsx";
import { createQueryClient } from "./app/query-client.ts";
import { I18nProvider } from "./i18n/i18n-provider.tsx";
import "./app/app.css";

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root");
createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={createQueryClient()}>
      <I18nProvider>
        <AntApp>
          <App />
        </AntApp>
      </I18nProvider>
    </QueryClientProvider>
  </StrictMode>,
);
