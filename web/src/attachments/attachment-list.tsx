// The files attached to a dispute, a payment plan or a statement confirmation: each links to its download (the
// server sends it as an attachment with its original name), with who uploaded it and a remove button for its
// uploader or a manager; and the upload button. The server sniffs and checks every file; its refusal is shown.
import { DeleteOutlined, PaperClipOutlined, UploadOutlined } from "@ant-design/icons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App, Button, Popconfirm, Typography, Upload } from "antd";
import { type ApiError, apiDelete, apiGet, apiUpload } from "../api/client.ts";
import { useMe } from "../auth/use-session.ts";
import { useI18n } from "../i18n/i18n-provider.tsx";

export type AttachmentOwnerPath = "disputes" | "plans" | "statement-confirmations";
export type Attachment = {
  id: number;
  fileName: string;
  mediaType: string;
  size: number;
  purpose: string;
  uploadedBy: string;
  uploadedById: number;
  uploadedAt: string;
};

type Props = {
  owner: AttachmentOwnerPath;
  id: number;
  /** The upload button's words (e.g. "Attach the signed copy" on a plan). */
  uploadLabel?: string;
  /** Called after a file is stored or removed (a plan's signed mark changes with it). */
  onChange?: () => void;
};

const sizeText = (n: number) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(n / 1024)} KB`);

export function AttachmentList({ owner, id, uploadLabel, onChange }: Props) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const me = useMe().data;
  const client = useQueryClient();
  const key = ["attachments", owner, id];
  const list = useQuery({ queryKey: key, queryFn: () => apiGet<Attachment[]>(`/api/${owner}/${id}/attachments`) });
  const done = () => {
    void client.invalidateQueries({ queryKey: key });
    onChange?.();
  };
  const upload = useMutation<Attachment, ApiError, File>({
    mutationFn: (file) => apiUpload<Attachment>(`/api/${owner}/${id}/attachments`, file),
    onSuccess: (a) => {
      message.success(t("attachments.uploaded", { name: a.fileName }));
      done();
    },
    onError: (e) => message.error(t("attachments.failed", { message: e.message })),
  });
  const remove = useMutation<Attachment, ApiError, Attachment>({
    mutationFn: (a) => apiDelete<Attachment>(`/api/attachments/${a.id}`),
    onSuccess: (a) => {
      message.success(t("attachments.removed", { name: a.fileName }));
      done();
    },
    onError: (e) => message.error(t("attachments.failed", { message: e.message })),
  });
  const mayUpload = me != null && me.role !== "finance";
  const mayRemove = (a: Attachment) =>
    me != null &&
    (me.role === "admin" || me.role === "manager" || (me.role === "collector" && me.id === a.uploadedById));

  return (
    <div className="attachment-list" data-testid={`attachments-${owner}-${id}`}>
      {(list.data ?? []).length === 0 ? (
        <Typography.Text type="secondary" className="small">
          {list.isLoading ? t("common.loading") : t("attachments.empty")}
        </Typography.Text>
      ) : (
        <ul className="attachment-list__items">
          {(list.data ?? []).map((a) => (
            <li key={a.id} className="small">
              <PaperClipOutlined />{" "}
              <a href={`/api/attachments/${a.id}`} download={a.fileName}>
                {a.fileName}
              </a>{" "}
              <Typography.Text type="secondary" className="small">
                ({sizeText(a.size)} · {t("attachments.by", { login: a.uploadedBy, date: a.uploadedAt.slice(0, 10) })})
              </Typography.Text>
              {mayRemove(a) && (
                <Popconfirm
                  title={t("attachments.removeConfirm", { name: a.fileName })}
                  onConfirm={() => remove.mutate(a)}
                  okText={t("attachments.remove")}
                  cancelText={t("common.cancel")}
                >
                  <Button
                    size="small"
                    type="text"
                    danger
                    icon={<DeleteOutlined />}
                    aria-label={`${t("attachments.remove")} ${a.fileName}`}
                  />
                </Popconfirm>
              )}
            </li>
          ))}
        </ul>
      )}
      {mayUpload && (
        <Upload
          accept=".pdf,.jpg,.jpeg,.png,.webp,.heic,application/pdf,image/*"
          showUploadList={false}
          beforeUpload={(file) => {
            upload.mutate(file);
            return false;
          }}
        >
          <Button size="small" icon={<UploadOutlined />} loading={upload.isPending} title={t("attachments.hint")}>
            {uploadLabel ?? t("attachments.upload")}
          </Button>
        </Upload>
      )}
    </div>
  );
}
