/** The page at / until the web app lands: says what runs and where to go next. */
export function placeholderPage(version: string): string {
  return `<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Huikuan 回款</title>
<style>body{font-family:system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;max-width:44rem;margin:3rem auto;padding:0 1rem;color:#1f2933;line-height:1.6}
code{background:#f0f2f5;padding:.1rem .3rem;border-radius:3px}h1{margin-bottom:.2rem}.muted{color:#62707d}</style></head>
<body>
<h1>Huikuan 回款</h1>
<p class="muted">Receivables collection, driven by why each customer is late · 以逾期原因驱动的应收账款催收系统 · v${version}</p>
<p>The server and its database are running. The web app for collectors and managers is on its way; today the ledger is
worked from the command line:</p>
<ul>
<li><code>npx huikuan aging --as-of 2026-06-30 --by customer</code> · 账龄与风险等级</li>
<li><code>npx huikuan import invoices export.csv</code> · 从 ERP / Excel 导入</li>
<li><code>npx huikuan statement C000001 --from 2026-01-01 --to 2026-06-30</code> · 对账单</li>
</ul>
<p>API: <a href="/api/health">/api/health</a> · <a href="/api/openapi.json">/api/openapi.json</a></p>
</body></html>`;
}
