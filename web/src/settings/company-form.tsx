// The company: name, currency and time zone, the letterhead and bank details printed on documents, and when the
// daily run starts. Working hours are the conduct policies' soft hours (one definition), so they are set there.
import { Alert, Col, Divider, Form, Input, Row, Select, Switch } from "antd";
import { useMemo } from "react";
import { SettingForm } from "./setting-form.tsx";
import { useSettingsI18n } from "./settings-messages.ts";

type Company = {
  name: string;
  currency: string;
  timeZone: string;
  paymentDetails?: string;
  address?: string;
  phone?: string;
  taxId?: string;
  bankName?: string;
  bankAccount?: string;
  paymentLink?: string;
};
type Schedule = { enabled: boolean; at: string };
const OPTIONAL = ["paymentDetails", "address", "phone", "taxId", "bankName", "bankAccount", "paymentLink"] as const;
const MAX: Record<(typeof OPTIONAL)[number], number> = {
  paymentDetails: 1000,
  address: 300,
  phone: 50,
  taxId: 50,
  bankName: 200,
  bankAccount: 50,
  paymentLink: 500,
};

/** Empty optional fields are left out (the server refuses empty text for them). */
function companyValue(f: Company): Company {
  const out: Company = { name: f.name.trim(), currency: f.currency.trim().toUpperCase(), timeZone: f.timeZone };
  for (const k of OPTIONAL) {
    const v = f[k]?.trim();
    if (v) out[k] = v;
  }
  return out;
}

function timeZones(): string[] {
  try {
    return Intl.supportedValuesOf("timeZone");
  } catch {
    return ["Asia/Shanghai", "Asia/Hong_Kong", "Asia/Singapore", "Europe/London", "America/New_York", "UTC"];
  }
}

export function CompanyForm({ readOnly }: { readOnly: boolean }) {
  const { s } = useSettingsI18n();
  const zones = useMemo(() => timeZones().map((z) => ({ value: z, label: z })), []);
  return (
    <>
      <SettingForm<Company, Company>
        settingKey="company"
        intro={s("company.intro")}
        readOnly={readOnly}
        toFields={(v) => ({ ...v })}
        toValue={companyValue}
      >
        {() => (
          <>
            <Row gutter={16}>
              <Col xs={24} md={12}>
                <Form.Item
                  name="name"
                  label={s("company.name")}
                  rules={[{ required: true, whitespace: true, message: s("required") }]}
                >
                  <Input maxLength={200} data-testid="company-name" />
                </Form.Item>
              </Col>
              <Col xs={12} md={4}>
                <Form.Item
                  name="currency"
                  label={s("company.currency")}
                  normalize={(v: string) => v.toUpperCase()}
                  rules={[
                    { required: true, message: s("required") },
                    { pattern: /^[A-Z]{3}$/, message: s("company.currencyRule") },
                  ]}
                >
                  <Input maxLength={3} />
                </Form.Item>
              </Col>
              <Col xs={12} md={8}>
                <Form.Item
                  name="timeZone"
                  label={s("company.timeZone")}
                  rules={[{ required: true, message: s("required") }]}
                >
                  <Select showSearch options={zones} />
                </Form.Item>
              </Col>
            </Row>
            <Divider orientation="left" plain>
              {s("company.letterhead")}
            </Divider>
            <Row gutter={16}>
              {(["address", "phone", "taxId", "bankName", "bankAccount"] as const).map((k) => (
                <Col xs={24} md={k === "address" ? 24 : 12} key={k}>
                  <Form.Item name={k} label={s(`company.${k}`)}>
                    <Input maxLength={MAX[k]} />
                  </Form.Item>
                </Col>
              ))}
              <Col xs={24}>
                <Form.Item name="paymentDetails" label={s("company.paymentDetails")}>
                  <Input.TextArea rows={2} maxLength={MAX.paymentDetails} />
                </Form.Item>
              </Col>
              <Col xs={24}>
                <Form.Item
                  name="paymentLink"
                  label={s("company.paymentLink")}
                  rules={[{ pattern: /^https?:\/\/\S+$/, message: s("company.paymentLinkRule") }]}
                >
                  <Input maxLength={MAX.paymentLink} placeholder="https://" />
                </Form.Item>
              </Col>
            </Row>
          </>
        )}
      </SettingForm>
      <div className="settings__gap" />
      <SettingForm<Schedule, Schedule>
        settingKey="collection.schedule"
        intro={s("company.schedule")}
        readOnly={readOnly}
        toFields={(v) => ({ ...v })}
        toValue={(f) => ({ enabled: f.enabled, at: f.at.trim() })}
      >
        {() => (
          <Row gutter={16}>
            <Col xs={12} md={6}>
              <Form.Item name="enabled" label={s("company.scheduleEnabled")} valuePropName="checked">
                <Switch />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item
                name="at"
                label={s("company.scheduleAt")}
                rules={[
                  { required: true, message: s("required") },
                  { pattern: /^([01]\d|2[0-3]):[0-5]\d$/, message: s("hhmm") },
                ]}
              >
                <Input maxLength={5} placeholder="06:00" />
              </Form.Item>
            </Col>
          </Row>
        )}
      </SettingForm>
      <div className="settings__gap" />
      <Alert type="info" showIcon message={s("company.workingHours")} description={s("company.workingHoursNote")} />
    </>
  );
}
