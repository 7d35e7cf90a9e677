// The bar above every page: the product, the way back to the day's tasks, the customers, the dashboard (a collector's shows their
// own figures), promises, disputes, approvals, unmatched e-mail replies, the outbox (not finance), import and settings (managers
// and admins), customer search, language, who is signed in, sign out.
// Below antd's `md` breakpoint (768 px: phones, collectors on visits) the bar is one line, the product and a menu button; the
// links, the search, the language and the user are in a drawer that button opens.
import { LogoutOutlined, MenuOutlined } from "@ant-design/icons";
import { Button, Drawer, Grid, Layout, Space, Typography } from "antd";
import { useEffect, useState } from "react";
import { NavLink, useLocation } from "react-router";
import type { User } from "../api/types.ts";
import { mayApprove } from "../approvals/approvals-page.tsx";
import { useSignOut } from "../auth/use-session.ts";
import { CustomerSearch } from "../customers/customer-search.tsx";
import { useI18n } from "../i18n/i18n-provider.tsx";
import type { MessageKey } from "../i18n/messages.ts";
import { mayImport } from "../import/may-import.ts";
import { maySendMessages } from "../outbox/use-outbox.ts";
import { maySortReplies } from "../replies/unmatched-replies-page.tsx";
import { maySeeSettings } from "../settings/may-see-settings.ts";
import { LanguageSwitch } from "./language-switch.tsx";

type NavItem = { to: string; label: MessageKey; testId?: string; end?: boolean };

/** The pages this user's role may open, in the bar's order. */
function navItems(user: User): NavItem[] {
  const items: (NavItem | false)[] = [
    { to: "/", label: "nav.myDay", end: true },
    { to: "/customers", label: "nav.customers", testId: "nav-customers", end: true },
    { to: "/dashboard", label: "nav.dashboard", testId: "nav-dashboard" },
    { to: "/promises", label: "nav.promises", testId: "nav-promises" },
    { to: "/disputes", label: "nav.disputes", testId: "nav-disputes" },
    mayApprove(user) && { to: "/approvals", label: "nav.approvals", testId: "nav-approvals" },
    maySortReplies(user) && { to: "/replies/unmatched", label: "nav.unmatched", testId: "nav-unmatched" },
    maySendMessages(user) && { to: "/outbox", label: "nav.outbox", testId: "nav-outbox" },
    mayImport(user) && { to: "/import", label: "nav.import", testId: "nav-import" },
    maySeeSettings(user) && { to: "/settings", label: "nav.settings", testId: "nav-settings" },
  ];
  return items.filter((item): item is NavItem => item !== false);
}

const DRAWER_ID = "top-bar-menu";

export function TopBar({ user }: { user: User }) {
  const { t } = useI18n();
  const signOut = useSignOut();
  // Empty until antd has measured the window: `md === false` (not merely falsy) keeps the desktop bar on that first render.
  const screens = Grid.useBreakpoint();
  const narrow = screens.md === false;
  const [menuOpen, setMenuOpen] = useState(false);
  const { pathname } = useLocation();
  // A customer picked in the drawer's search, or any other way to a new page, closes the drawer.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on each new address
  useEffect(() => setMenuOpen(false), [pathname]);
  // Widening the window past the breakpoint leaves no drawer open behind the desktop bar.
  useEffect(() => {
    if (!narrow) setMenuOpen(false);
  }, [narrow]);

  const items = navItems(user);
  const brand = (
    <NavLink to="/" className="top-bar__brand">
      <img src="/favicon.svg" alt="" width={28} height={28} />
      <span>{t("appName")}</span>
    </NavLink>
  );
  const who = (
    <span className="top-bar__user">
      <Typography.Text strong>{user.name}</Typography.Text>{" "}
      <Typography.Text type="secondary">{t(`role.${user.role}`)}</Typography.Text>
    </span>
  );
  const signOutButton = (
    <Button icon={<LogoutOutlined />} onClick={() => signOut.mutate()} loading={signOut.isPending}>
      {t("nav.signOut")}
    </Button>
  );

  if (narrow) {
    return (
      <Layout.Header className="top-bar top-bar--narrow">
        {brand}
        <Button
          className="top-bar__menu-button"
          type="text"
          icon={<MenuOutlined />}
          aria-label={t("nav.openMenu")}
          aria-expanded={menuOpen}
          aria-controls={DRAWER_ID}
          data-testid="nav-menu"
          onClick={() => setMenuOpen(true)}
        />
        <Drawer
          id={DRAWER_ID}
          title={t("nav.menu")}
          placement="right"
          width="min(320px, 85vw)"
          open={menuOpen}
          onClose={() => setMenuOpen(false)}
          destroyOnHidden
          rootClassName="top-bar-drawer"
          footer={
            <div className="top-bar-drawer__footer">
              <LanguageSwitch />
              <div className="top-bar-drawer__account">
                {who}
                {signOutButton}
              </div>
            </div>
          }
        >
          <div className="top-bar-drawer__search">
            <CustomerSearch />
          </div>
          <nav className="top-bar-drawer__nav" aria-label={t("nav.menu")}>
            {items.map((item) => (
              <NavLink
                key={item.to}
                to={item.to}
                end={item.end}
                className="top-bar-drawer__link"
                data-testid={item.testId}
                onClick={() => setMenuOpen(false)}
              >
                {t(item.label)}
              </NavLink>
            ))}
          </nav>
        </Drawer>
      </Layout.Header>
    );
  }

  return (
    <Layout.Header className="top-bar">
      {brand}
      {items.map((item) => (
        <NavLink key={item.to} to={item.to} end={item.end} className="top-bar__nav" data-testid={item.testId}>
          {t(item.label)}
        </NavLink>
      ))}
      <div className="top-bar__search">
        <CustomerSearch />
      </div>
      <Space size="middle" className="top-bar__right">
        <LanguageSwitch />
        {who}
        {signOutButton}
      </Space>
    </Layout.Header>
  );
}
