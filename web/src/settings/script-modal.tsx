// Add or change a custom script: kind, stage, channel, causes, excuse, tone and the texts in both languages. The
// server checks the {variables} and the language (threats, false legal claims) and its refusal says where.
import { Alert, Col, Form, Input, Modal, Row, Select, Switch, Typography } from "antd";
import { CAUSES, EXCUSES, TONES } from "../../../src/collection/collection.enums.ts";
import {
  type Cause,
  CHANNELS,
  type Excuse,
  SCRIPT_KINDS,
  SCRIPT_STAGES,
  type Script,
  type ScriptInput,
  type ScriptKind,
  type ScriptStage,
} from "../api/types.ts";
import { settingsLabelsFor } from "./settings-labels.ts";
import { useSettingsI18n } from "./settings-messages.ts";
import { useSaveScript } from "./use-scripts.ts";
import { isStale } from "./use-setting.ts";

type Fields = {
  id: string;
  kind: ScriptKind;
  stage: ScriptStage;
  channel: ScriptInput["channel"];
  allCauses: boolean;
  causes: Cause[];
  excuse: Excuse | null;
  tone: string;
  titleZh: string;
  titleEn: string;
  subjectZh: string;
  subjectEn: string;
  textZh: string;
  textEn: string;
};

function fieldsOf(x: Script | null): Partial<Fields> {
  if (!x)
    return {
      kind: "script",
      stage: "follow_up",
      channel: null,
      allCauses: true,
      causes: [],
      excuse: null,
      tone: "friendly",
    };
  return {
    id: x.id,
    kind: x.kind,
    stage: x.stage,
    channel: x.channel,
    allCauses: x.causes === "*",
    causes: x.causes === "*" ? [] : x.causes,
    excuse: x.excuse,
    tone: x.tone,
    titleZh: x.title.zh ?? "",
    titleEn: x.title.en ?? "",
    subjectZh: x.subject?.zh ?? "",
    subjectEn: x.subject?.en ?? "",
    textZh: x.text.zh ?? "",
    textEn: x.text.en ?? "",
  };
}

function inputOf(f: Fields, isNew: boolean): ScriptInput {
  const subject =
    f.subjectZh?.trim() || f.subjectEn?.trim() ? { zh: f.subjectZh.trim(), en: f.subjectEn.trim() } : undefined;
  return {
    ...(isNew && f.id?.trim() ? { id: f.id.trim() } : {}),
    kind: f.kind,
    stage: f.stage,
    channel: f.channel ?? null,
    causes: f.allCauses ? "*" : f.causes,
    excuse: f.excuse ?? null,
    tone: f.tone,
    title: { zh: f.titleZh.trim(), en: f.titleEn.trim() },
    ...(subject ? { subject } : {}),
    text: { zh: f.textZh.trim(), en: f.textEn.trim() },
  };
}

type Props = { script: Script | null; onClose: () => void };

export function ScriptModal({ script, onClose }: Props) {
  const { s, t, labels, lang } = useSettingsI18n();
  const names = settingsLabelsFor(lang);
  const [form] = Form.useForm<Fields>();
  const save = useSaveScript();
  const allCauses = Form.useWatch("allCauses", form);
  const kind = Form.useWatch("kind", form);
  const isNew = script === null;
  const required = [{ required: true, whitespace: true, message: s("required") }];
  const onOk = async () => {
    const f = await form.validateFields();
    save.mutate(
      isNew
        ? { input: inputOf(f, true) }
        : { input: inputOf(f, false), id: script.id, version: script.version ?? undefined },
      { onSuccess: onClose },
    );
  };
  return (
    <Modal
      open
      width={880}
      title={isNew ? s("scripts.add") : `${s("scripts.edit")}: ${script.id}`}
      okText={t("common.save")}
      cancelText={t("common.cancel")}
      onOk={onOk}
      onCancel={onClose}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      {save.isError && (
        <Alert
          type={isStale(save.error) ? "warning" : "error"}
          showIcon
          className="settings__alert"
          message={isStale(save.error) ? s("conflict") : s("refused")}
          description={
            isStale(save.error) ? undefined : <span className="settings__problems">{save.error.message}</span>
          }
        />
      )}
      <Form<Fields> form={form} layout="vertical" initialValues={fieldsOf(script)} id="script-form">
        <Row gutter={16}>
          {isNew && (
            <Col xs={24} md={8}>
              <Form.Item
                name="id"
                label={s("scripts.id")}
                extra={s("scripts.idRule")}
                rules={[{ pattern: /^[a-z0-9][a-z0-9_.-]{2,79}$/, message: s("scripts.idRule") }]}
              >
                <Input maxLength={80} />
              </Form.Item>
            </Col>
          )}
          <Col xs={12} md={8}>
            <Form.Item name="kind" label={s("scripts.kind")} rules={required}>
              <Select options={SCRIPT_KINDS.map((k) => ({ value: k, label: s(`scripts.kind.${k}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={12} md={8}>
            <Form.Item name="stage" label={s("scripts.stage")} rules={required}>
              <Select options={SCRIPT_STAGES.map((k) => ({ value: k, label: names.stage(k) }))} />
            </Form.Item>
          </Col>
          <Col xs={12} md={8}>
            <Form.Item name="channel" label={s("scripts.channel")} normalize={(v) => v ?? null}>
              <Select allowClear options={CHANNELS.map((c) => ({ value: c, label: labels.channel(c) }))} />
            </Form.Item>
          </Col>
          <Col xs={12} md={8}>
            <Form.Item name="tone" label={s("scripts.tone")} rules={required}>
              <Select options={TONES.map((x) => ({ value: x, label: names.tone(x) }))} />
            </Form.Item>
          </Col>
          <Col xs={12} md={8}>
            <Form.Item name="excuse" label={s("scripts.excuse")} normalize={(v) => v ?? null}>
              <Select allowClear options={EXCUSES.map((x) => ({ value: x, label: labels.excuse(x) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="allCauses" label={s("scripts.allCauses")} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
          {!allCauses && (
            <Col xs={24} md={16}>
              <Form.Item name="causes" label={s("scripts.causes")} rules={[{ required: true, message: s("required") }]}>
                <Select mode="multiple" options={CAUSES.map((c) => ({ value: c, label: labels.cause(c) }))} />
              </Form.Item>
            </Col>
          )}
          <Col xs={24} md={12}>
            <Form.Item name="titleZh" label={s("scripts.titleZh")} rules={required}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="titleEn" label={s("scripts.titleEn")} rules={required}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          {kind === "template" && (
            <>
              <Col xs={24} md={12}>
                <Form.Item name="subjectZh" label={s("scripts.subjectZh")}>
                  <Input maxLength={300} />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item name="subjectEn" label={s("scripts.subjectEn")}>
                  <Input maxLength={300} />
                </Form.Item>
              </Col>
            </>
          )}
          <Col xs={24} md={12}>
            <Form.Item name="textZh" label={s("scripts.textZh")} rules={required}>
              <Input.TextArea rows={6} maxLength={20_000} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="textEn" label={s("scripts.textEn")} rules={required}>
              <Input.TextArea rows={6} maxLength={20_000} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
      {script && script.variables.length > 0 && (
        <Typography.Text type="secondary" className="small">
          {s("scripts.variables", { list: script.variables.map((v) => `{${v}}`).join(" ") })}
        </Typography.Text>
      )}
    </Modal>
  );
}
