// The bar above every page: the product, the way back to the day's tasks, customer search, language, who is signed
// in, sign out.
import { LogoutOutlined } from "@ant-design/icons";
import { Button, Layout, Space, Typography } from "antd";
import { Link } from "react-router";
import type { User } from "../api/types.ts";
import { useSignOut } from "../auth/use-session.ts";
import { CustomerSearch } from "../customers/customer-search.tsx";
import { useI18n } from "../i18n/i18n-provider.tsx";
import { LanguageSwitch } from "./language-switch.tsx";

export function TopBar({ user }: { user: User }) {
  const { t } = useI18n();
  const signOut = useSignOut();
  return (
    <Layout.Header className="top-bar">
      <Link to="/" className="top-bar__brand">
        <img src="/favicon.svg" alt="" width={28} height={28} />
        <span>{t("appName")}</span>
      </Link>
      <Link to="/" className="top-bar__nav">
        {t("nav.myDay")}
      </Link>
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
