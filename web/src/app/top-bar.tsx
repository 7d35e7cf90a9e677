// The bar above every page: the product, the way back to the day's tasks, the customers, the dashboard (a collector's shows their
// own figures), promises, disputes, approvals, unmatched e-mail replies, the outbox (not finance), import and settings (managers
// and admins), customer search, language, who is signed in, sign out.
import { LogoutOutlined } from "@ant-design/icons";
import { Button, Layout, Space, Typography } from "antd";
import { NavLink } from "react-router";
import type { User } from "../api/types.ts";
import { mayApprove } from "../approvals/approvals-page.tsx";
import { useSignOut } from "../auth/use-session.ts";
import { CustomerSearch } from "../customers/customer-search.tsx";
import { useI18n } from "../i18n/i18n-provider.tsx";
import { mayImport } from "../import/may-import.ts";
import { maySendMessages } from "../outbox/use-outbox.ts";
import { maySortReplies } from "../replies/unmatched-replies-page.tsx";
import { maySeeSettings } from "../settings/may-see-settings.ts";
import { LanguageSwitch } from "./language-switch.tsx";

export function TopBar({ user }: { user: User }) {
  const { t } = useI18n();
  const signOut = useSignOut();
  return (
    <Layout.Header className="top-bar">
      <NavLink to="/" className="top-bar__brand">
        <img src="/favicon.svg" alt="" width={28} height={28} />
        <span>{t("appName")}</span>
      </NavLink>
      <NavLink to="/" end className="top-bar__nav">
        {t("nav.myDay")}
      </NavLink>
      <NavLink to="/customers" end className="top-bar__nav" data-testid="nav-customers">
        {t("nav.customers")}
      </NavLink>
      <NavLink to="/dashboard" className="top-bar__nav" data-testid="nav-dashboard">
        {t("nav.dashboard")}
      </NavLink>
      <NavLink to="/promises" className="top-bar__nav" data-testid="nav-promises">
        {t("nav.promises")}
      </NavLink>
      <NavLink to="/disputes" className="top-bar__nav" data-testid="nav-disputes">
        {t("nav.disputes")}
      </NavLink>
      {mayApprove(user) && (
        <NavLink to="/approvals" className="top-bar__nav" data-testid="nav-approvals">
          {t("nav.approvals")}
        </NavLink>
      )}
      {maySortReplies(user) && (
        <NavLink to="/replies/unmatched" className="top-bar__nav" data-testid="nav-unmatched">
          {t("nav.unmatched")}
        </NavLink>
      )}
      {maySendMessages(user) && (
        <NavLink to="/outbox" className="top-bar__nav" data-testid="nav-outbox">
          {t("nav.outbox")}
        </NavLink>
      )}
      {mayImport(user) && (
        <NavLink to="/import" className="top-bar__nav" data-testid="nav-import">
          {t("nav.import")}
        </NavLink>
      )}
      {maySeeSettings(user) && (
        <NavLink to="/settings" className="top-bar__nav" data-testid="nav-settings">
          {t("nav.settings")}
        </NavLink>
      )}
      <div className="top-bar__search">
        <CustomerSearch />
      </div>
      <Space size="middle" className="top-bar__right">
        <LanguageSwitch />
        <span className="top-bar__user">
          <Typography.Text strong>{user.name}</Typography.Text>{" "}
          <Typography.Text type="secondary">{t(`role.${user.role}`)}</Typography.Text>
        </span>
        <Button icon={<LogoutOutlined />} onClick={() => signOut.mutate()} loading={signOut.isPending}>
          {t("nav.signOut")}
        </Button>
      </Space>
    </Layout.Header>
  );
}
