// Playbooks: one at a time (chosen above), with its name, grades, causes and its steps as a table. The server checks
// the set as a whole (step ids unique, `next` names a step, scripts exist, every collected grade covered) and its
// refusal names the playbook and step.
import { PlusOutlined } from "@ant-design/icons";
import { Alert, Button, Col, Empty, Form, Input, Row, Select, Space } from "antd";
import { useState } from "react";
import { RISK_GRADES } from "../../../src/aging/aging.rules.ts";
import { CAUSES } from "../../../src/collection/collection.enums.ts";
import type { Playbook, PlaybookSet } from "../../../src/collection/playbook.rules.ts";
import { PlaybookStepsTable } from "./playbook-steps-table.tsx";
import { SettingForm } from "./setting-form.tsx";
import { useSettingsI18n } from "./settings-messages.ts";
import { useScripts } from "./use-scripts.ts";

const COLLECTED = RISK_GRADES.filter((g) => g !== "current");
const PLAYBOOK_ID = /^[a-z0-9_.-]{1,60}$/;

/** Steps read back from the form: an empty "next" is left out, as the server writes it. */
function cleanSet(fields: PlaybookSet): PlaybookSet {
  return {
    playbooks: fields.playbooks.map((p) => ({
      ...p,
      steps: p.steps.map(({ next, ...step }) => ({
        ...step,
        channel: step.channel ?? null,
        script: step.script ?? null,
        ...(next ? { next } : {}),
      })),
    })),
  };
}

export function PlaybooksEditor({ readOnly }: { readOnly: boolean }) {
  const { s, labels } = useSettingsI18n();
  const scripts = useScripts();
  const [current, setCurrent] = useState(0);
  const required = [{ required: true, message: s("required") }];
  return (
    <SettingForm<PlaybookSet, PlaybookSet>
      settingKey="collection.playbooks"
      intro={s("playbooks.intro")}
      readOnly={readOnly}
      toFields={(v) => structuredClone(v)}
      toValue={cleanSet}
    >
      {(form) => (
        <Form.Item shouldUpdate noStyle>
          {() => {
            const list = (form.getFieldValue("playbooks") as Playbook[] | undefined) ?? [];
            if (list.length === 0) return <Empty description={s("playbooks.empty")} />;
            const index = Math.min(current, list.length - 1);
            const playbook = list[index];
            return (
              <>
                <Space wrap className="settings__pick">
                  <span>{s("playbooks.pick")}</span>
                  <Select
                    value={index}
                    onChange={setCurrent}
                    style={{ minWidth: 320 }}
                    data-testid="playbook-pick"
                    disabled={false}
                    options={list.map((p, i) => ({ value: i, label: `${p.name || p.id} (${p.id})` }))}
                  />
                  {!readOnly && (
                    <>
                      <Button
                        icon={<PlusOutlined />}
                        onClick={() => {
                          const copy = structuredClone(playbook) as Playbook;
                          copy.id = `${copy.id}-copy`.slice(0, 60);
                          copy.name = `${copy.name} (2)`;
                          delete copy.challenger;
                          form.setFieldValue("playbooks", [...list, copy]);
                          setCurrent(list.length);
                        }}
                      >
                        {s("playbooks.addPlaybook")}
                      </Button>
                      <Button
                        danger
                        disabled={list.length === 1}
                        onClick={() => {
                          form.setFieldValue(
                            "playbooks",
                            list.filter((_, i) => i !== index),
                          );
                          setCurrent(Math.max(0, index - 1));
                        }}
                      >
                        {s("playbooks.removePlaybook")}
                      </Button>
                    </>
                  )}
                </Space>
                <Row gutter={16} key={index}>
                  <Col xs={24} md={8}>
                    <Form.Item
                      name={["playbooks", index, "id"]}
                      label={s("playbooks.id")}
                      rules={[...required, { pattern: PLAYBOOK_ID, message: "1-60 a-z 0-9 _ . -" }]}
                    >
                      <Input maxLength={60} />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={16}>
                    <Form.Item name={["playbooks", index, "name"]} label={s("playbooks.name")} rules={required}>
                      <Input maxLength={200} />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={8}>
                    <Form.Item name={["playbooks", index, "grades"]} label={s("playbooks.grades")} rules={required}>
                      <Select mode="multiple" options={COLLECTED.map((g) => ({ value: g, label: labels.grade(g) }))} />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={16}>
                    <Form.Item name={["playbooks", index, "causes"]} label={s("playbooks.causes")} rules={required}>
                      <Select mode="multiple" options={CAUSES.map((c) => ({ value: c, label: labels.cause(c) }))} />
                    </Form.Item>
                  </Col>
                </Row>
                <Form.Item label={s("playbooks.steps")} required>
                  <PlaybookStepsTable
                    key={index}
                    form={form}
                    path={["playbooks", index, "steps"]}
                    scripts={scripts.data}
                    readOnly={readOnly}
                  />
                </Form.Item>
                {playbook?.challenger && (
                  <Alert
                    type="info"
                    showIcon
                    className="settings__alert"
                    message={s("playbooks.challenger", { share: Math.round(playbook.challenger.share * 100) })}
                  />
                )}
              </>
            );
          }}
        </Form.Item>
      )}
    </SettingForm>
  );
}
