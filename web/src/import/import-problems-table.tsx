// Every problem of a refused file, by row and column, paged (the server lists at most 1,000 and counts the rest).
import { Table } from "antd";
import type { ColumnsType } from "antd/es/table";
import type { ImportProblem } from "../api/types.ts";
import { useI18n } from "../i18n/i18n-provider.tsx";

export function ImportProblemsTable({ problems }: { problems: ImportProblem[] }) {
  const { t } = useI18n();
  const columns: ColumnsType<ImportProblem & { key: number }> = [
    { title: t("import.row"), dataIndex: "row", width: 90, render: (row: number | null) => row ?? t("common.none") },
    {
      title: t("import.column"),
      dataIndex: "column",
      width: 200,
      render: (column: string | null) => column ?? t("common.none"),
    },
    { title: t("import.problem"), dataIndex: "message" },
  ];
  return (
    <Table
      size="small"
      columns={columns}
      dataSource={problems.map((p, key) => ({ ...p, key }))}
      pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
      rowClassName={() => "import-problem"}
      data-testid="import-problems"
    />
  );
}
