// Conduct policy: the contact gate's hours and caps per jurisdiction and debtor type. The form checks the shape
// (HH:MM, start before end, whole numbers); the conduct limits that only business policies may relax are the
// server's (gate.rules.ts validatePolicy), and its refusal names the policy and field. A changed policy gets the
// next version, which every attempt the gate decides records.
import { MinusCircleOutlined, PlusOutlined } from "@ant-design/icons";
import { Button, Card, Col, Form, type FormInstance, Input, InputNumber, Row, Select, Space, Switch } from "antd";
import type { ContactPolicy } from "../../../src/contact/gate.rules.ts";
import { DEBTOR_TYPES } from "../api/types.ts";
import { SettingForm } from "./setting-form.tsx";
import { useSettingsI18n } from "./settings-messages.ts";

type Window = { start: string; end: string };
type PolicyFields = {
  id: string;
  version: number;
  jurisdiction: string;
  debtorType: ContactPolicy["debtorType"];
  hard: Window;
  softEnabled: boolean;
  soft: Window;
  businessDaysOnly: boolean;
  avoid: Window[];
  maxCallsPerContactPer7Days: number;
  maxCallsPerNumberPerDay: number;
  afterConversationQuietDays: number;
  minDaysBetweenReminders: number;
  coolCount: number;
  coolDays: number;
};
type Fields = { policies: PolicyFields[] };

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
const NUMBERS = [
  ["maxCallsPerContactPer7Days", "policies.maxCalls7d"],
  ["maxCallsPerNumberPerDay", "policies.maxCallsDay"],
  ["afterConversationQuietDays", "policies.quietDays"],
  ["minDaysBetweenReminders", "policies.minDaysBetween"],
  ["coolCount", "policies.coolCount"],
  ["coolDays", "policies.coolDays"],
] as const;

function toFields(list: ContactPolicy[]): Fields {
  return {
    policies: list.map((p) => ({
      id: p.id,
      version: p.version,
      jurisdiction: p.jurisdiction,
      debtorType: p.debtorType,
      hard: { ...p.hardHours },
      softEnabled: p.softHours !== null,
      soft: p.softHours ? { start: p.softHours.start, end: p.softHours.end } : { start: "09:00", end: "18:00" },
      businessDaysOnly: p.softHours?.businessDaysOnly ?? true,
      avoid: p.avoidForCalls.map((w) => ({ ...w })),
      maxCallsPerContactPer7Days: p.maxCallsPerContactPer7Days,
      maxCallsPerNumberPerDay: p.maxCallsPerNumberPerDay,
      afterConversationQuietDays: p.afterConversationQuietDays,
      minDaysBetweenReminders: p.minDaysBetweenReminders,
      coolCount: p.coolDownAfterUnansweredReminders.count,
      coolDays: p.coolDownAfterUnansweredReminders.days,
    })),
  };
}

function toPolicy(f: PolicyFields): ContactPolicy {
  return {
    id: f.id.trim(),
    version: f.version,
    jurisdiction: f.jurisdiction.trim(),
    debtorType: f.debtorType,
    hardHours: { start: f.hard.start, end: f.hard.end },
    softHours: f.softEnabled ? { start: f.soft.start, end: f.soft.end, businessDaysOnly: f.businessDaysOnly } : null,
    avoidForCalls: (f.avoid ?? []).map((w) => ({ start: w.start, end: w.end })),
    maxCallsPerContactPer7Days: f.maxCallsPerContactPer7Days,
    maxCallsPerNumberPerDay: f.maxCallsPerNumberPerDay,
    afterConversationQuietDays: f.afterConversationQuietDays,
    minDaysBetweenReminders: f.minDaysBetweenReminders,
    coolDownAfterUnansweredReminders: { count: f.coolCount, days: f.coolDays },
  };
}

/** The policies as edited; one that changed carries the next version of its id. */
function toValue(fields: Fields, current: ContactPolicy[]): ContactPolicy[] {
  return fields.policies.map((f) => {
    const p = toPolicy(f);
    const before = current.find((c) => c.id === p.id);
    if (!before) return { ...p, version: 1 };
    const same =
      JSON.stringify({ ...toPolicy(toFields([before]).policies[0] as PolicyFields), version: 0 }) ===
      JSON.stringify({ ...p, version: 0 });
    return { ...p, version: same ? before.version : before.version + 1 };
  });
}

/** A window's two times: `name` relative to the enclosing Form.List, `path` from the form's root. */
function WindowFields(props: {
  form: FormInstance;
  name: (string | number)[];
  path: (string | number)[];
  label: string;
}) {
  const { form, name, path, label } = props;
  const { s } = useSettingsI18n();
  const time = [
    { required: true, message: s("required") },
    { pattern: HHMM, message: s("hhmm") },
  ];
  return (
    // A blank label only aligns the times with their neighbours: no required mark there.
    <Form.Item label={label || undefined} required={label.trim() !== ""} style={{ marginBottom: 0 }}>
      <Space align="start">
        <Form.Item name={[...name, "start"]} rules={time}>
          <Input maxLength={5} style={{ width: 80 }} placeholder="08:00" />
        </Form.Item>
        <span className="settings__dash">–</span>
        <Form.Item
          name={[...name, "end"]}
          dependencies={[[...path, "start"]]}
          rules={[
            ...time,
            {
              validator: (_, end: string) => {
                const start = form.getFieldValue([...path, "start"]) as string;
                return !HHMM.test(start ?? "") || !HHMM.test(end ?? "") || start < end
                  ? Promise.resolve()
                  : Promise.reject(new Error(s("startBeforeEnd")));
              },
            },
          ]}
        >
          <Input maxLength={5} style={{ width: 80 }} placeholder="21:00" />
        </Form.Item>
      </Space>
    </Form.Item>
  );
}

function PolicyCard({ form, index, onRemove }: { form: FormInstance<Fields>; index: number; onRemove?: () => void }) {
  const { s } = useSettingsI18n();
  const base = ["policies", index];
  const required = [{ required: true, message: s("required") }];
  const softEnabled = Form.useWatch([...base, "softEnabled"], form) as boolean | undefined;
  const id = Form.useWatch([...base, "id"], form) as string | undefined;
  return (
    <Card
      size="small"
      title={id || "—"}
      className="settings__policy"
      extra={
        onRemove && (
          <Button size="small" danger type="text" onClick={onRemove}>
            {s("policies.remove")}
          </Button>
        )
      }
    >
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Form.Item name={[index, "id"]} label={s("policies.id")} rules={required}>
            <Input maxLength={60} />
          </Form.Item>
        </Col>
        <Col xs={12} md={8}>
          <Form.Item
            name={[index, "jurisdiction"]}
            label={s("policies.jurisdiction")}
            rules={[
              ...required,
              { pattern: /^(?:\*|[A-Z]{2}(?:-[A-Z0-9]{1,3})?)$/, message: s("policies.jurisdictionRule") },
            ]}
          >
            <Input maxLength={6} />
          </Form.Item>
        </Col>
        <Col xs={12} md={8}>
          <Form.Item name={[index, "debtorType"]} label={s("policies.debtorType")} rules={required}>
            <Select
              options={[
                { value: "*", label: s("policies.any") },
                ...DEBTOR_TYPES.map((d) => ({ value: d, label: s(`debtor.${d}`) })),
              ]}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <WindowFields form={form} name={[index, "hard"]} path={[...base, "hard"]} label={s("policies.hardHours")} />
        </Col>
        <Col xs={24} md={16}>
          <Space align="start" wrap>
            <Form.Item name={[index, "softEnabled"]} label={s("policies.softHours")} valuePropName="checked">
              <Switch />
            </Form.Item>
            {softEnabled ? (
              <>
                <WindowFields form={form} name={[index, "soft"]} path={[...base, "soft"]} label=" " />
                <Form.Item
                  name={[index, "businessDaysOnly"]}
                  label={s("policies.businessDaysOnly")}
                  valuePropName="checked"
                >
                  <Switch />
                </Form.Item>
              </>
            ) : null}
          </Space>
        </Col>
        <Col xs={24}>
          <Form.List name={[index, "avoid"]}>
            {(windows, { add, remove }) => (
              <Form.Item label={s("policies.avoidForCalls")}>
                <Space wrap>
                  {windows.map((w) => (
                    <Space key={w.key} align="start">
                      <WindowFields form={form} name={[w.name]} path={[...base, "avoid", w.name]} label="" />
                      <MinusCircleOutlined className="settings__remove" onClick={() => remove(w.name)} />
                    </Space>
                  ))}
                  <Button size="small" icon={<PlusOutlined />} onClick={() => add({ start: "12:00", end: "13:30" })}>
                    {s("policies.addWindow")}
                  </Button>
                </Space>
              </Form.Item>
            )}
          </Form.List>
        </Col>
        {NUMBERS.map(([name, label]) => (
          <Col xs={12} md={8} xl={4} key={name}>
            <Form.Item
              name={[index, name]}
              label={s(label)}
              rules={[...required, { type: "integer", min: name === "coolCount" ? 1 : 0, message: s("wholeNumber") }]}
            >
              <InputNumber min={name === "coolCount" ? 1 : 0} precision={0} style={{ width: "100%" }} />
            </Form.Item>
          </Col>
        ))}
      </Row>
    </Card>
  );
}

export function ContactPoliciesForm({ readOnly }: { readOnly: boolean }) {
  const { s } = useSettingsI18n();
  return (
    <SettingForm<ContactPolicy[], Fields>
      settingKey="contact.policies"
      intro={s("policies.intro")}
      readOnly={readOnly}
      toFields={toFields}
      toValue={toValue}
    >
      {(form) => (
        <Form.List name="policies">
          {(items, { add, remove }) => (
            <>
              {items.map((item) => (
                <PolicyCard
                  key={item.key}
                  form={form}
                  index={item.name}
                  onRemove={!readOnly && items.length > 1 ? () => remove(item.name) : undefined}
                />
              ))}
              {!readOnly && (
                <div className="settings__pick">
                  <Button
                    icon={<PlusOutlined />}
                    onClick={() => add({ ...NEW_POLICY, id: `policy-${items.length + 1}` })}
                  >
                    {s("policies.add")}
                  </Button>
                </div>
              )}
            </>
          )}
        </Form.List>
      )}
    </SettingForm>
  );
}

/** A new policy starts from the conduct defaults, for business debtors. */
const NEW_POLICY = toFields([
  {
    id: "new",
    version: 1,
    jurisdiction: "*",
    debtorType: "business",
    hardHours: { start: "08:00", end: "21:00" },
    softHours: { start: "09:00", end: "18:00", businessDaysOnly: true },
    avoidForCalls: [],
    maxCallsPerContactPer7Days: 7,
    maxCallsPerNumberPerDay: 3,
    afterConversationQuietDays: 7,
    minDaysBetweenReminders: 3,
    coolDownAfterUnansweredReminders: { count: 2, days: 7 },
  },
]).policies[0] as PolicyFields;
