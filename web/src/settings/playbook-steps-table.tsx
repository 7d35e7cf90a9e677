// A playbook's steps as a table: action, channel, script, days to wait, tone, stop conditions and what follows,
// with rows moved, added and removed. Names are relative to the enclosing Form.List of the playbook's steps.
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { Button, Form, type FormInstance, Input, InputNumber, Select, Space, Table, Tooltip } from "antd";
import type { ColumnsType } from "antd/es/table";
import { ACTIONS, STOP_CONDITIONS, TONES } from "../../../src/collection/collection.enums.ts";
import type { PlaybookStep } from "../../../src/collection/playbook.rules.ts";
import { CHANNELS, type Script } from "../api/types.ts";
import { settingsLabelsFor } from "./settings-labels.ts";
import { useSettingsI18n } from "./settings-messages.ts";

type Props = {
  form: FormInstance;
  /** Where the steps are, from the form's root: ["playbooks", 2, "steps"]. */
  path: (string | number)[];
  scripts: Script[] | undefined;
  readOnly: boolean;
};

const STEP_ID = /^[a-z0-9_.-]{1,40}$/;

export function PlaybookStepsTable({ form, path, scripts, readOnly }: Props) {
  const { s, labels, lang } = useSettingsI18n();
  const names = settingsLabelsFor(lang);
  const steps = (Form.useWatch(path, form) as PlaybookStep[] | undefined) ?? [];
  const stepIds = steps.map((x) => x?.id).filter(Boolean);
  const scriptOptions = (scripts ?? []).map((x) => ({
    value: x.id,
    label: `${(lang === "en" ? x.title.en : x.title.zh) ?? x.id} (${x.id})`,
  }));
  const required = [{ required: true, message: s("required") }];

  return (
    <Form.List name={path}>
      {(fields, { add, remove, move }) => {
        const columns: ColumnsType<(typeof fields)[number]> = [
          {
            title: s("step.id"),
            width: 130,
            render: (_, f) => (
              <Form.Item name={[f.name, "id"]} rules={[...required, { pattern: STEP_ID, message: s("step.idRule") }]}>
                <Input size="small" maxLength={40} />
              </Form.Item>
            ),
          },
          {
            title: s("step.action"),
            width: 170,
            render: (_, f) => (
              <Form.Item name={[f.name, "action"]} rules={required}>
                <Select size="small" options={ACTIONS.map((a) => ({ value: a, label: labels.action(a) }))} />
              </Form.Item>
            ),
          },
          {
            title: s("step.channel"),
            width: 120,
            render: (_, f) => (
              <Form.Item name={[f.name, "channel"]} normalize={(v) => v ?? null}>
                <Select
                  size="small"
                  allowClear
                  placeholder={s("step.none")}
                  options={CHANNELS.map((c) => ({ value: c, label: labels.channel(c) }))}
                />
              </Form.Item>
            ),
          },
          {
            title: s("step.script"),
            width: 220,
            render: (_, f) => (
              <Form.Item name={[f.name, "script"]} normalize={(v) => v ?? null}>
                <Select
                  size="small"
                  allowClear
                  showSearch
                  optionFilterProp="label"
                  placeholder={s("step.none")}
                  options={scriptOptions}
                  loading={scripts === undefined}
                  popupMatchSelectWidth={420}
                />
              </Form.Item>
            ),
          },
          {
            title: s("step.waitDays"),
            width: 90,
            render: (_, f) => (
              <Form.Item
                name={[f.name, "waitDays"]}
                rules={[...required, { type: "integer", min: 0, max: 365, message: "0–365" }]}
              >
                <InputNumber size="small" min={0} max={365} precision={0} style={{ width: "100%" }} />
              </Form.Item>
            ),
          },
          {
            title: s("step.tone"),
            width: 100,
            render: (_, f) => (
              <Form.Item name={[f.name, "tone"]} rules={required}>
                <Select size="small" options={TONES.map((x) => ({ value: x, label: names.tone(x) }))} />
              </Form.Item>
            ),
          },
          {
            title: s("step.stopOn"),
            width: 200,
            render: (_, f) => (
              <Form.Item name={[f.name, "stopOn"]}>
                <Select
                  size="small"
                  mode="multiple"
                  maxTagCount="responsive"
                  options={STOP_CONDITIONS.map((x) => ({ value: x, label: names.stop(x) }))}
                />
              </Form.Item>
            ),
          },
          {
            title: s("step.next"),
            width: 130,
            render: (_, f) => (
              <Form.Item name={[f.name, "next"]} normalize={(v) => v || undefined}>
                <Select
                  size="small"
                  allowClear
                  placeholder={s("step.nextDefault")}
                  options={[
                    ...stepIds.filter((id) => id !== steps[f.name]?.id).map((id) => ({ value: id, label: id })),
                    { value: "end", label: s("step.end") },
                  ]}
                />
              </Form.Item>
            ),
          },
          ...(readOnly
            ? []
            : [
                {
                  title: "",
                  width: 100,
                  render: (_: unknown, f: (typeof fields)[number], i: number) => (
                    <Space size={0}>
                      <Tooltip title={s("step.up")}>
                        <Button
                          size="small"
                          type="text"
                          icon={<ArrowUpOutlined />}
                          disabled={i === 0}
                          onClick={() => move(i, i - 1)}
                        />
                      </Tooltip>
                      <Tooltip title={s("step.down")}>
                        <Button
                          size="small"
                          type="text"
                          icon={<ArrowDownOutlined />}
                          disabled={i === fields.length - 1}
                          onClick={() => move(i, i + 1)}
                        />
                      </Tooltip>
                      <Tooltip title={s("step.remove")}>
                        <Button
                          size="small"
                          type="text"
                          danger
                          icon={<DeleteOutlined />}
                          disabled={fields.length === 1}
                          onClick={() => remove(f.name)}
                        />
                      </Tooltip>
                    </Space>
                  ),
                },
              ]),
        ];
        return (
          <>
            <Table
              className="settings__steps"
              size="small"
              rowKey="key"
              columns={columns}
              dataSource={fields}
              pagination={false}
              scroll={{ x: 1200 }}
            />
            {!readOnly && (
              <Button
                size="small"
                icon={<PlusOutlined />}
                className="settings__add"
                onClick={() =>
                  add({
                    id: `step-${fields.length + 1}`,
                    action: "call",
                    channel: "call",
                    script: null,
                    waitDays: 3,
                    tone: "friendly",
                    stopOn: ["paid", "promise_made"],
                  } satisfies PlaybookStep)
                }
              >
                {s("playbooks.addStep")}
              </Button>
            )}
          </>
        );
      }}
    </Form.List>
  );
}
