// The signed-in check and the pages. Any address shows sign-in until someone is signed in, then the page itself.
import { Layout, Result, Spin } from "antd";
import { lazy, Suspense } from "react";
import { BrowserRouter, Route, Routes } from "react-router";
import { ApprovalsPage } from "../approvals/approvals-page.tsx";
import { SignInPage } from "../auth/sign-in-page.tsx";
import { useMe } from "../auth/use-session.ts";
import { CustomerPage } from "../customers/customer-page.tsx";
import { CustomersPage } from "../customers/customers-page.tsx";
import { DisputesBoardPage } from "../disputes/disputes-board-page.tsx";
import { useI18n } from "../i18n/i18n-provider.tsx";
import { OutboxPage } from "../outbox/outbox-page.tsx";
import { PromisesPage } from "../promises/promises-page.tsx";
import { UnmatchedRepliesPage } from "../replies/unmatched-replies-page.tsx";
import { MyDayPage } from "../worklist/my-day-page.tsx";
import { TopBar } from "./top-bar.tsx";

// ECharts is large: the dashboard and its charts load on the first visit to it, not with the app.
const DashboardPage = lazy(() => import("../dashboard/dashboard-page.tsx").then((m) => ({ default: m.DashboardPage })));

// The import wizard is for managers only and needs antd's upload and steps: its own chunk too.
const ImportPage = lazy(() => import("../import/import-page.tsx").then((m) => ({ default: m.ImportPage })));

// Settings are for admins and managers, with many forms: their own chunk, loaded on the first visit.
const SettingsPage = lazy(() => import("../settings/settings-page.tsx").then((m) => ({ default: m.SettingsPage })));

const pageLoading = (
  <div className="page-center">
    <Spin size="large" />
  </div>
);

function SignedIn() {
  const { t } = useI18n();
  const me = useMe();
  if (me.isPending) {
    return (
      <div className="page-center">
        <Spin size="large" />
      </div>
    );
  }
  if (me.isError) {
    return <Result status="error" title={t("common.loadFailed", { message: me.error.message })} />;
  }
  if (!me.data) return <SignInPage />;
  return (
    <Layout className="app">
      <TopBar user={me.data} />
      <Layout.Content className="app__content">
        <Routes>
          <Route path="/" element={<MyDayPage user={me.data} />} />
          <Route path="/customers" element={<CustomersPage user={me.data} />} />
          <Route path="/customers/:id" element={<CustomerPage user={me.data} />} />
          <Route path="/approvals" element={<ApprovalsPage user={me.data} />} />
          <Route path="/replies/unmatched" element={<UnmatchedRepliesPage user={me.data} />} />
          <Route path="/outbox" element={<OutboxPage user={me.data} />} />
          <Route
            path="/dashboard"
            element={
              <Suspense fallback={pageLoading}>
                <DashboardPage user={me.data} />
              </Suspense>
            }
          />
          <Route path="/disputes" element={<DisputesBoardPage user={me.data} />} />
          <Route path="/promises" element={<PromisesPage user={me.data} />} />
          <Route
            path="/import"
            element={
              <Suspense fallback={pageLoading}>
                <ImportPage user={me.data} />
              </Suspense>
            }
          />
          <Route
            path="/settings/:tab?"
            element={
              <Suspense fallback={pageLoading}>
                <SettingsPage user={me.data} />
              </Suspense>
            }
          />
          <Route path="*" element={<MyDayPage user={me.data} />} />
        </Routes>
      </Layout.Content>
    </Layout>
  );
}

export function App() {
  return (
    <BrowserRouter>
      <SignedIn />
    </BrowserRouter>
  );
}
