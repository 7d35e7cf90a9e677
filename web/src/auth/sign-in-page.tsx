// The sign-in form. The inputs carry name="login" and name="password" so password managers (and the browser
// tests) find them; Enter in either field submits.
import { LockOutlined, UserOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Form, Input, Typography } from "antd";
import type { ApiError } from "../api/client.ts";
import { LanguageSwitch } from "../app/language-switch.tsx";
import { useI18n } from "../i18n/i18n-provider.tsx";
import type { MessageKey } from "../i18n/messages.ts";
import { useSignIn } from "./use-session.ts";

type Fields = { login: string; password: string };

function errorKey(error: ApiError): MessageKey {
  if (error.status === 401) return "signIn.wrong";
  if (error.status === 429) return "signIn.throttled";
  return "signIn.failed";
}

export function SignInPage() {
  const { t } = useI18n();
  const signIn = useSignIn();
  return (
    <div className="sign-in">
      <div className="sign-in__language">
        <LanguageSwitch />
      </div>
      <Card className="sign-in__card" variant="borderless">
        <div className="sign-in__brand">
          <img src="/favicon.svg" alt="" width={40} height={40} />
          <div>
            <Typography.Title level={3} style={{ margin: 0 }}>
              {t("appName")}
            </Typography.Title>
            <Typography.Text type="secondary">{t("tagline")}</Typography.Text>
          </div>
        </div>
        <Form<Fields>
          layout="vertical"
          requiredMark={false}
          disabled={signIn.isPending}
          onFinish={(values) => signIn.mutate(values)}
        >
          <Form.Item
            label={t("signIn.login")}
            name="login"
            rules={[{ required: true, message: t("signIn.loginRequired") }]}
          >
            <Input name="login" autoComplete="username" autoFocus prefix={<UserOutlined />} size="large" />
          </Form.Item>
          <Form.Item
            label={t("signIn.password")}
            name="password"
            rules={[{ required: true, message: t("signIn.passwordRequired") }]}
          >
            <Input.Password name="password" autoComplete="current-password" prefix={<LockOutlined />} size="large" />
          </Form.Item>
          {signIn.error && (
            <Alert
              type="error"
              showIcon
              style={{ marginBottom: 16 }}
              message={t(errorKey(signIn.error), { message: signIn.error.message })}
            />
          )}
          <Button type="primary" htmlType="submit" size="large" block loading={signIn.isPending}>
            {t("signIn.submit")}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
