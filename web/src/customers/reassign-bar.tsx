// Bulk reassignment (managers and admins): the ticked customers, whom to give them to, a confirmation that says
// what will happen (all or nothing, open tasks follow), then the server's answer.
import { Alert, App, Button, Input, Modal, Select, Typography } from "antd";
import { useState } from "react";
import type { Collector } from "../api/types.ts";
import { useI18n } from "../i18n/i18n-provider.tsx";
import { useReassign } from "./use-customer-list.ts";

/** The choice that gives the customers to nobody (no login has a space). */
const NOBODY = " nobody";

type Props = { selected: number[]; collectors: Collector[]; onDone: () => void; onClear: () => void };

export function ReassignBar({ selected, collectors, onDone, onClear }: Props) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [target, setTarget] = useState<string | undefined>();
  const [confirming, setConfirming] = useState(false);
  const [note, setNote] = useState("");
  const reassign = useReassign();
  const targetName =
    target === NOBODY ? t("customers.nobody") : (collectors.find((c) => c.login === target)?.name ?? target ?? "");
  const close = () => {
    setConfirming(false);
    reassign.reset();
  };
  const submit = () =>
    reassign.mutate(
      { customerIds: selected, collector: target === NOBODY ? null : (target ?? null), note: note.trim() || undefined },
      {
        onSuccess: (r) => {
          const key = r.unchanged > 0 ? "customers.reassignedSome" : "customers.reassigned";
          message.success(t(key, { moved: r.moved, unchanged: r.unchanged, collector: targetName }));
          setConfirming(false);
          setNote("");
          onDone();
        },
      },
    );

  return (
    <div className="reassign-bar" data-testid="reassign-bar">
      <Typography.Text strong>{t("customers.selected", { count: selected.length })}</Typography.Text>
      <Select<string>
        showSearch
        optionFilterProp="label"
        placeholder={t("customers.assignTo")}
        aria-label={t("customers.assignTo")}
        value={target}
        onChange={setTarget}
        options={[
          ...collectors.map((c) => ({ value: c.login, label: `${c.name} (${c.login})` })),
          { value: NOBODY, label: t("customers.nobody") },
        ]}
        className="reassign-bar__select"
        data-testid="reassign-collector"
      />
      <Button type="primary" disabled={!target} onClick={() => setConfirming(true)} data-testid="reassign-open">
        {t("customers.reassign")}
      </Button>
      <Button type="link" onClick={onClear}>
        {t("customers.clearSelection")}
      </Button>
      <Modal
        open={confirming}
        title={t("customers.reassignTitle", { count: selected.length })}
        okText={t("customers.reassignOk")}
        okButtonProps={{ loading: reassign.isPending }}
        cancelText={t("common.cancel")}
        onOk={submit}
        onCancel={close}
        maskClosable={!reassign.isPending}
        destroyOnHidden
      >
        <Typography.Paragraph>
          {t("customers.reassignBody", { count: selected.length, collector: targetName })}
        </Typography.Paragraph>
        <Typography.Text type="secondary">{t("customers.reassignNote")}</Typography.Text>
        <Input.TextArea
          rows={2}
          maxLength={1000}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          placeholder={t("customers.reassignNotePlaceholder")}
          aria-label={t("customers.reassignNote")}
        />
        {reassign.error && (
          <Alert
            className="block-gap-top"
            type="error"
            showIcon
            message={t("customers.reassignFailed")}
            description={reassign.error.message}
          />
        )}
      </Modal>
    </div>
  );
}
