// The company: name, currency and time zone, its working hours (task windows fall inside them), the letterhead and
// bank details printed on documents, and when the daily run starts. The conduct policies' soft hours are another
// thing: the debtor's business hours in the debtor's zone, where a contact outside only warns.
import { Alert, Checkbox, Col, Divider, Form, Input, Row, Select, Switch } from "antd";
import type { Rule } from "antd/es/form";
import { useMemo } from "react";
import { WEEKDAYS, type Weekday, type WorkingHours } from "../../../src/collection/working-hours.rules.ts";
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
  workingHours: WorkingHours;
};
/** The form's fields: the lunch break as two optional times (both empty: none). */
type CompanyFields = Omit<Company, "workingHours"> & {
  workingHours: { days: Weekday[]; from: string; to: string; lunchFrom?: string; lunchTo?: string };
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

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
/** The built-in hours, for a setting from a server that has none. */
const DEFAULT_HOURS: WorkingHours = { days: ["mon", "tue", "wed", "thu", "fri"], from: "09:00", to: "18:00" };

function companyFields(v: Company): CompanyFields {
  const { workingHours, ...rest } = v;
  const { lunch, ...hours } = workingHours ?? DEFAULT_HOURS;
  return { ...rest, workingHours: { ...hours, lunchFrom: lunch?.from, lunchTo: lunch?.to } };
}

/** Empty optional fields are left out (the server refuses empty text for them); days in week order. */
function companyValue(f: CompanyFields): Company {
  const h = f.workingHours;
  const lunchFrom = h.lunchFrom?.trim();
  const lunchTo = h.lunchTo?.trim();
  const workingHours: WorkingHours = {
    days: WEEKDAYS.filter((d) => h.days.includes(d)),
    from: h.from.trim(),
    to: h.to.trim(),
    ...(lunchFrom && lunchTo ? { lunch: { from: lunchFrom, to: lunchTo } } : {}),
  };
  const out: Company = {
    name: f.name.trim(),
    currency: f.currency.trim().toUpperCase(),
    timeZone: f.timeZone,
    workingHours,
  };
  for (const k of OPTIONAL) {
    const v = f[k]?.trim();
    if (v) out[k] = v;
  }
  return out;
}

/** Short weekday names in the page's language (2024-01-01 was a Monday). */
function weekdayNames(lang: string): Record<Weekday, string> {
  const f = new Intl.DateTimeFormat(lang, { weekday: "short", timeZone: "UTC" });
  return Object.fromEntries(WEEKDAYS.map((d, i) => [d, f.format(Date.UTC(2024, 0, 1 + i))])) as Record<Weekday, string>;
}

function timeZones(): string[] {
  try {
    return Intl.supportedValuesOf("timeZone");
  } catch {
    return ["Asia/Shanghai", "Asia/Hong_Kong", "Asia/Singapore", "Europe/London", "America/New_York", "UTC"];
  }
}

export function CompanyForm({ readOnly }: { readOnly: boolean }) {
  const { s, lang } = useSettingsI18n();
  const zones = useMemo(() => timeZones().map((z) => ({ value: z, label: z })), []);
  const days = useMemo(() => {
    const names = weekdayNames(lang);
    return WEEKDAYS.map((d) => ({ value: d, label: names[d] }));
  }, [lang]);
  const time: Rule = { pattern: HHMM, message: s("hhmm") };
  const minutes = (hhmm: unknown) =>
    typeof hhmm === "string" && HHMM.test(hhmm) ? Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3)) : null;
  /** A time that must come after another field's (when both are times). */
  const after =
    (other: (string | number)[], message: string): Rule =>
    ({ getFieldValue }) => ({
      validator: (_, value) => {
        const a = minutes(getFieldValue(other));
        const b = minutes(value);
        return a === null || b === null || a < b ? Promise.resolve() : Promise.reject(new Error(message));
      },
    });
  /** A lunch time within the working day; both lunch times or neither. */
  const lunchTime =
    (other: "lunchFrom" | "lunchTo"): Rule =>
    ({ getFieldValue }) => ({
      validator: (_, value) => {
        const v = typeof value === "string" ? value.trim() : "";
        const o = getFieldValue(["workingHours", other]);
        if (!v) return o?.trim() ? Promise.reject(new Error(s("company.lunchBoth"))) : Promise.resolve();
        const m = minutes(v);
        const from = minutes(getFieldValue(["workingHours", "from"]));
        const to = minutes(getFieldValue(["workingHours", "to"]));
        if (m === null || from === null || to === null) return Promise.resolve();
        return m >= from && m <= to ? Promise.resolve() : Promise.reject(new Error(s("company.lunchWithin")));
      },
    });
  return (
    <>
      <SettingForm<Company, CompanyFields>
        settingKey="company"
        intro={s("company.intro")}
        readOnly={readOnly}
        toFields={companyFields}
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
              {s("company.workingHours")}
            </Divider>
            <Row gutter={16}>
              <Col xs={24}>
                <Form.Item
                  name={["workingHours", "days"]}
                  label={s("company.days")}
                  extra={s("company.workingHoursHelp")}
                  rules={[{ required: true, type: "array", min: 1, message: s("company.daysRule") }]}
                >
                  <Checkbox.Group options={days} data-testid="company-days" />
                </Form.Item>
              </Col>
              <Col xs={12} md={6}>
                <Form.Item
                  name={["workingHours", "from"]}
                  label={s("company.from")}
                  rules={[{ required: true, message: s("required") }, time]}
                >
                  <Input maxLength={5} placeholder="09:00" data-testid="company-from" />
                </Form.Item>
              </Col>
              <Col xs={12} md={6}>
                <Form.Item
                  name={["workingHours", "to"]}
                  label={s("company.to")}
                  dependencies={[["workingHours", "from"]]}
                  rules={[
                    { required: true, message: s("required") },
                    time,
                    after(["workingHours", "from"], s("startBeforeEnd")),
                  ]}
                >
                  <Input maxLength={5} placeholder="18:00" data-testid="company-to" />
                </Form.Item>
              </Col>
              <Col xs={12} md={6}>
                <Form.Item
                  name={["workingHours", "lunchFrom"]}
                  label={s("company.lunchFrom")}
                  dependencies={[
                    ["workingHours", "lunchTo"],
                    ["workingHours", "from"],
                    ["workingHours", "to"],
                  ]}
                  rules={[time, lunchTime("lunchTo")]}
                >
                  <Input maxLength={5} placeholder="12:00" allowClear data-testid="company-lunch-from" />
                </Form.Item>
              </Col>
              <Col xs={12} md={6}>
                <Form.Item
                  name={["workingHours", "lunchTo"]}
                  label={s("company.lunchTo")}
                  dependencies={[
                    ["workingHours", "lunchFrom"],
                    ["workingHours", "from"],
                    ["workingHours", "to"],
                  ]}
                  rules={[time, lunchTime("lunchFrom"), after(["workingHours", "lunchFrom"], s("startBeforeEnd"))]}
                >
                  <Input maxLength={5} placeholder="13:00" allowClear data-testid="company-lunch-to" />
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
      <Alert type="info" showIcon message={s("company.softHours")} description={s("company.workingHoursNote")} />
    </>
  );
}
