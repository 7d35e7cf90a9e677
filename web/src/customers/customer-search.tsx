// Find a customer by code or name from anywhere, and open it.
import { SearchOutlined } from "@ant-design/icons";
import { Select } from "antd";
import { useEffect, useState } from "react";
import { useNavigate } from "react-router";
import { useI18n } from "../i18n/i18n-provider.tsx";
import { useCustomerSearch } from "./use-customer.ts";

export function CustomerSearch() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [text, setText] = useState("");
  const [q, setQ] = useState("");
  useEffect(() => {
    const id = window.setTimeout(() => setQ(text.trim()), 200);
    return () => window.clearTimeout(id);
  }, [text]);
  const found = useCustomerSearch(q);
  return (
    <Select<number>
      showSearch
      value={null}
      placeholder={t("nav.search")}
      suffixIcon={<SearchOutlined />}
      filterOption={false}
      onSearch={setText}
      searchValue={text}
      loading={found.isFetching}
      notFoundContent={null}
      options={(q ? (found.data ?? []) : []).map((c) => ({ value: c.id, label: `${c.code}  ${c.name}` }))}
      onChange={(id) => {
        setText("");
        navigate(`/customers/${id}`);
      }}
      style={{ width: "100%" }}
    />
  );
}
