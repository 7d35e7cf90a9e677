// Grade thresholds: from how many days past due each grade applies. The same checks as the server
// (validateThresholds): overdue from day 1 or later, each threshold above the one before.
import { Col, Form, InputNumber, Row } from "antd";
import type { GradeThresholds } from "../../../src/aging/aging.rules.ts";
import { SettingForm } from "./setting-form.tsx";
import { useSettingsI18n } from "./settings-messages.ts";

const ORDER = ["overdue", "doubtful", "bad", "dead"] as const;

export function GradeThresholdsForm({ readOnly }: { readOnly: boolean }) {
  const { s } = useSettingsI18n();
  return (
    <SettingForm<GradeThresholds, GradeThresholds>
      settingKey="aging.grades"
      intro={s("grades.intro")}
      readOnly={readOnly}
      toFields={(v) => ({ ...v })}
      toValue={(f) => ({ overdue: f.overdue, doubtful: f.doubtful, bad: f.bad, dead: f.dead })}
    >
      {() => (
        <Row gutter={16}>
          {ORDER.map((grade, i) => {
            const before = ORDER[i - 1];
            return (
              <Col xs={12} md={6} key={grade}>
                <Form.Item
                  name={grade}
                  label={s(`grades.${grade}`)}
                  dependencies={before ? [before] : []}
                  rules={[
                    { required: true, message: s("required") },
                    { type: "integer", message: s("wholeNumber") },
                    ({ getFieldValue }) => ({
                      validator: (_, v: number | null) => {
                        if (v == null) return Promise.resolve();
                        if (!before)
                          return v >= 1 ? Promise.resolve() : Promise.reject(new Error(s("grades.atLeastOne")));
                        const prev = getFieldValue(before) as number | null;
                        return prev == null || v > prev
                          ? Promise.resolve()
                          : Promise.reject(new Error(s("grades.increasing", { days: prev })));
                      },
                    }),
                  ]}
                >
                  <InputNumber min={0} precision={0} style={{ width: "100%" }} data-testid={`grade-${grade}`} />
                </Form.Item>
              </Col>
            );
          })}
        </Row>
      )}
    </SettingForm>
  );
}
