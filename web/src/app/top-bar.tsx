// The bar above every page: the product, the way back to the day's tasks, the customers, the dashboard (a collector's shows their
// own figures), promises, disputes, approvals, unmatched e-mail replies, the outbox (not finance), import and settings (managers
// and admins), customer search, language, who is signed in, sign out.
// Below 992 px (antd's `lg`: phones, tablets held upright, collectors on visits) the bar is one line, the
// product and a menu button; the links, the search, the language and the user are in a drawer that button opens. Wider
// but too narrow for everything on one line (tablets lying down, small laptops), the links stay in the bar and the
// drawer holds the rest.
import { LogoutOutlined, MenuOutlined } from "@ant-design/icons";
import { Button, Drawer, Layout, Space, Typography } from "antd";
import { useEffect, useLayoutEffect, useRef, useState, useSyncExternalStore } from "react";
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

/** The window's width in CSS pixels, following resizes. */
function useWindowWidth(): number {
  return useSyncExternalStore(
    (changed) => {
      window.addEventListener("resize", changed);
      return () => window.removeEventListener("resize", changed);
    },
    () => window.innerWidth,
  );
}

/** The least search box the full bar may have (its CSS min-width). */
const SEARCH_MIN = 180;

export function TopBar({ user }: { user: User }) {
  const { t, lang } = useI18n();
  const signOut = useSignOut();
  const width = useWindowWidth();
  const narrow = width < 992;
  // Wider, the full bar when it fits on one line: how wide it must be depends on the language and the role's links (an
  // admin's in English need about 1420 px, in Chinese 1280), so it is measured once per language and set of links,
  // before the first paint. When it does not fit, the links stay in the bar and the rest (search, language, account)
  // moves into the drawer.
  const items = navItems(user);
  const fitKey = `${lang}|${items.map((i) => i.to).join(",")}`;
  const [fullWidth, setFullWidth] = useState<Record<string, number>>({});
  const needed = fullWidth[fitKey];
  // (A margin for a scrollbar, which the window's width includes and the bar's does not.)
  const medium = !narrow && needed !== undefined && width < needed + 20;
  const barRef = useRef<HTMLElement>(null);
  useLayoutEffect(() => {
    const bar = barRef.current;
    if (narrow || needed !== undefined || !bar) return;
    const style = getComputedStyle(bar);
    const kids = [...bar.children] as HTMLElement[];
    let total = Number.parseFloat(style.paddingLeft) + Number.parseFloat(style.paddingRight);
    total += (Number.parseFloat(style.columnGap) || 0) * Math.max(0, kids.length - 1);
    for (const kid of kids) {
      total += kid.classList.contains("top-bar__search") ? SEARCH_MIN : kid.getBoundingClientRect().width;
    }
    setFullWidth((known) => ({ ...known, [fitKey]: Math.ceil(total) }));
  }, [narrow, needed, fitKey]);
  const [menuOpen, setMenuOpen] = useState(false);
  const { pathname } = useLocation();
  // A customer picked in the drawer's search, or any other way to a new page, closes the drawer.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on each new address
  useEffect(() => setMenuOpen(false), [pathname]);
  // Widening the window past the breakpoint leaves no drawer open behind the desktop bar.
  useEffect(() => {
    if (!narrow && !medium) setMenuOpen(false);
  }, [narrow, medium]);

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

  // The drawer the menu button opens: on a phone everything (the links too); on a tablet the search, language and account
  // (the links stay in the bar).
  const drawer = (withLinks: boolean) => (
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
      {withLinks && (
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
      )}
    </Drawer>
  );
  const menuButton = (
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
  );

  if (narrow) {
    return (
      <Layout.Header className="top-bar top-bar--narrow">
        {brand}
        {menuButton}
        {drawer(true)}
      </Layout.Header>
    );
  }

  if (medium) {
    return (
      <Layout.Header className="top-bar top-bar--medium">
        {brand}
        {items.map((item) => (
          <NavLink key={item.to} to={item.to} end={item.end} className="top-bar__nav" data-testid={item.testId}>
            {t(item.label)}
          </NavLink>
        ))}
        {menuButton}
        {drawer(false)}
      </Layout.Header>
    );
  }

  return (
    <Layout.Header className="top-bar" ref={barRef}>
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
