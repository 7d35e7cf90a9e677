// The frame every settings form shares: the setting loads (skeleton), fails (retry), or fills an antd Form; Save
// sends the whole value with the version read. A refusal shows the server's own message (every problem, each with
// its path); a stale version says someone else changed it and offers to reload. Read-only for non-admins.
import { Alert, App, Button, Card, Form, type FormInstance, Result, Skeleton, Space, Typography } from "antd";
import { type ReactNode, useEffect } from "react";
import { useSettingsI18n } from "./settings-messages.ts";
import { isStale, useSaveSetting, useSetting } from "./use-setting.ts";

type Props<T, F> = {
  settingKey: string;
  intro: string;
  readOnly: boolean;
  toFields: (value: T) => F;
  toValue: (fields: F, current: T) => T;
  children: (form: FormInstance<F>, value: T) => ReactNode;
};

export function SettingForm<T, F extends object>({
  settingKey,
  intro,
  readOnly,
  toFields,
  toValue,
  children,
}: Props<T, F>) {
  const { s, t } = useSettingsI18n();
  const { message } = App.useApp();
  const setting = useSetting<T>(settingKey);
  const save = useSaveSetting<T>(settingKey);
  const [form] = Form.useForm<F>();
  // A new version (saved, or reloaded after a conflict) starts the form again from it: the form instance outlives
  // its initial values, so it is reset to the latest ones.
  const loaded = setting.data?.version;
  useEffect(() => {
    if (loaded !== undefined) form.resetFields();
  }, [loaded, form]);

  if (setting.isPending) {
    return (
      <Card>
        <Skeleton active paragraph={{ rows: 6 }} />
      </Card>
    );
  }
  if (setting.isError) {
    return (
      <Result
        status="error"
        title={t("common.loadFailed", { message: setting.error.message })}
        extra={<Button onClick={() => setting.refetch()}>{t("common.retry")}</Button>}
      />
    );
  }
  const { value, version } = setting.data;
  const initial = toFields(value) as Parameters<typeof form.setFieldsValue>[0];
  const reload = async () => {
    save.reset();
    await setting.refetch();
  };
  // The whole store, not only the fields on screen: editors that show one part at a time (a playbook) keep the rest.
  const onFinish = () =>
    save.mutate(
      { value: toValue(form.getFieldsValue(true) as F, value), version },
      { onSuccess: (saved) => message.success(s("saved", { version: saved.version })) },
    );

  return (
    <Card data-testid={`setting-${settingKey}`}>
      <Typography.Paragraph type="secondary">{intro}</Typography.Paragraph>
      <Typography.Paragraph type="secondary" className="small">
        {version === 0 ? s("defaultVersion") : s("version", { version })}
      </Typography.Paragraph>
      {save.isError &&
        (isStale(save.error) ? (
          <Alert
            type="warning"
            showIcon
            className="settings__alert"
            message={s("conflict")}
            action={
              <Button size="small" onClick={reload} data-testid="setting-reload">
                {s("reload")}
              </Button>
            }
          />
        ) : (
          <Alert
            type="error"
            showIcon
            className="settings__alert"
            message={s("refused")}
            description={<span className="settings__problems">{save.error.message}</span>}
            data-testid="setting-refused"
          />
        ))}
      <Form<F>
        form={form}
        layout="vertical"
        disabled={readOnly}
        initialValues={initial}
        onFinish={onFinish}
        onValuesChange={() => save.isError && !isStale(save.error) && save.reset()}
      >
        {children(form, value)}
        {!readOnly && (
          <Space>
            <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="setting-save">
              {t("common.save")}
            </Button>
            <Button onClick={() => form.resetFields()}>{s("reset")}</Button>
          </Space>
        )}
      </Form>
    </Card>
  );
}
