// Settings, one tab each (the tab in the address): grade thresholds, playbooks, scripts, conduct policy, users,
// company. Admins change them; managers read them (and manage custom scripts, which the API allows them).
import { Result, Tabs, Typography } from "antd";
import { useNavigate, useParams } from "react-router";
import type { User } from "../api/types.ts";
import { CompanyForm } from "./company-form.tsx";
import { ContactPoliciesForm } from "./contact-policies-form.tsx";
import { GradeThresholdsForm } from "./grade-thresholds-form.tsx";
import { mayChangeSettings, maySeeSettings } from "./may-see-settings.ts";
import { PlaybooksEditor } from "./playbooks-editor.tsx";
import { ScriptsPanel } from "./scripts-panel.tsx";
import { useSettingsI18n } from "./settings-messages.ts";
import { UsersPanel } from "./users-panel.tsx";

const TABS = ["grades", "playbooks", "scripts", "policies", "users", "company"] as const;
type Tab = (typeof TABS)[number];

export function SettingsPage({ user }: { user: User }) {
  const { s } = useSettingsI18n();
  const navigate = useNavigate();
  const params = useParams();
  if (!maySeeSettings(user)) return <Result status="info" title={s("notOpen")} />;
  const tab: Tab = TABS.includes(params.tab as Tab) ? (params.tab as Tab) : "grades";
  const readOnly = !mayChangeSettings(user);
  const content: Record<Tab, () => React.ReactNode> = {
    grades: () => <GradeThresholdsForm readOnly={readOnly} />,
    playbooks: () => <PlaybooksEditor readOnly={readOnly} />,
    scripts: () => <ScriptsPanel mayEdit={user.role === "admin" || user.role === "manager"} />,
    policies: () => <ContactPoliciesForm readOnly={readOnly} />,
    users: () => <UsersPanel user={user} mayEdit={!readOnly} />,
    company: () => <CompanyForm readOnly={readOnly} />,
  };
  return (
    <div className="page settings" data-testid="settings-page">
      <div className="page__head">
        <div>
          <Typography.Title level={3} className="page__title">
            {s("title")}
          </Typography.Title>
          <Typography.Text type="secondary">{readOnly ? s("readOnly") : s("subtitle")}</Typography.Text>
        </div>
      </div>
      <Tabs
        activeKey={tab}
        onChange={(key) => navigate(`/settings/${key}`)}
        destroyOnHidden
        items={TABS.map((key) => ({
          key,
          label: <span data-testid={`settings-tab-${key}`}>{s(`tab.${key}`)}</span>,
          children: content[key](),
        }))}
      />
    </div>
  );
}
