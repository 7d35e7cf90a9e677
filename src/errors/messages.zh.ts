// Chinese (zh-CN) for the server's error messages, keyed by their English template (msg`...` in src/errors/app-error.ts):
// {0}, {1}... are the values, in the English order. A key missing here is answered in English.
export const ZH_MESSAGES: Readonly<Record<string, string>> = {
  '"{0}" is a library script and read-only: POST a copy under a new id to change it':
    '"{0}" 是脚本库中的内置脚本，只读：如需修改，请以新 id POST 一份副本',
  '"{0}" is not a date (expected YYYY-MM-DD)': '"{0}" 不是有效日期（应为 YYYY-MM-DD）',
  "a cause set by hand needs a note saying why": "人工设定原因须填写备注说明理由",
  "a connect model has {0} slots, got {1}": "接通模型应有 {0} 个时段，实际为 {1} 个",
  "a decision needs a note": "审批须填写审批意见",
  "a lawyer's letter needs legal action approved for {0} (the customer's \"legal\" flag): set it first":
    '发律师函须先批准对 {0} 采取法律程序（客户的 "legal" 标记）：请先设置该标记',
  "a promise can be at most {0} days ahead": "承诺付款日最多只能在 {0} 天之后",
  "a promise can be dated at most {0} days ahead, by {1} ({2}); agree a payment plan for longer":
    "承诺付款日最多只能在 {0} 天之后，即不晚于 {1}（所填为 {2}）；期限更长请约定还款计划",
  "a promise cannot be dated in the past ({0}; today is {1})": "承诺付款日不能早于今天（{0}；今天是 {1}）",
  'a promise comes with the outcome promise_to_pay, not "{0}"': '付款承诺须使用联系结果 promise_to_pay，而不是 "{0}"',
  "a promise must be for more than 0": "承诺金额须大于 0",
  "a promise needs both --promise-amount and --promise-date": "付款承诺须同时提供 --promise-amount 和 --promise-date",
  "a reversal cannot be dated in the future ({0}; today is {1})": "冲销日期不能晚于今天（{0}；今天是 {1}）",
  "a reversal cannot come before the payment ({0}; it was paid on {1})":
    "冲销日期不能早于收款日期（{0}；该笔收款于 {1} 收到）",
  "a reversal needs a reason (e.g. the cheque bounced)": "请说明冲销原因（例如：支票被退票）",
  "a run for a future date is refused: {0} is after today ({1} in {2})":
    "不能为未来的日期运行批处理：{0} 晚于今天（{2} 时区的今天是 {1}）",
  'a script "{0}" already exists: choose another id, or PUT to change it':
    '脚本 "{0}" 已存在：请换一个 id，或用 PUT 修改该脚本',
  "a statement as of {0} would show the future (today is {1})": "截至 {0} 的对账单会涉及未来的数据（今天是 {1}）",
  "a stored connect model must be an object { a, b, n }": "已保存的接通模型须为对象 { a, b, n }",
  'a stored connect model needs "{0}" as an object of slot: count':
    '已保存的接通模型须包含 "{0}"，且为“时段: 次数”形式的对象',
  "a stored connect model needs a sample count n >= 0, got {0}": "已保存的接通模型须有样本数 n >= 0，实际为 {0}",
  "a user needs a name": "请填写用户姓名",
  'a {0} template "{1}" in {2} exists already (#{3}): change that one':
    '{2} 语言的 {0} 模板 "{1}" 已存在（#{3}）：请修改该模板',
  "amount: a payment must be for more than 0": "amount：收款金额须大于 0",
  "amount: must be greater than 0": "amount：须大于 0",
  "amount: {0} is more than the {1} of delivery record {2}": "amount：{0} 超过送货记录 {2} 的金额 {1}",
  'amount: {0} is more than the {1} of invoice "{2}" not yet credited or written off':
    'amount：{0} 超过发票 "{2}" 尚未红字冲销或核销的金额 {1}',
  'amount: {0} is more than the {1} open on invoice "{2}"': 'amount：{0} 超过发票 "{2}" 的未结金额 {1}',
  'amount: {0} is more than the {1} open on invoice "{2}" less the {3} already in dispute ({4} left)':
    'amount：{0} 超过发票 "{2}" 的未结金额 {1} 扣除已在争议中的 {3} 后的余额（尚余 {4}）',
  "the form has expired: please try again": "表单已过期，请重试",
  "the customer was changed meanwhile (it is at version {0}, you sent {1}): read it again":
    "客户资料已被他人修改（当前版本 {0}，您提交的是版本 {1}）：请重新读取",
  "the contact was changed meanwhile (it is at version {0}, you sent {1}): read it again":
    "联系人已被他人修改（当前版本 {0}，您提交的是版本 {1}）：请重新读取",
  "amount: {0} is more than {1}": "amount：{0} 超过 {1}",
  "an opt-out needs a contact or an address": "登记拒绝联系须指定联系人或地址",
  'as-of "{0}" is not a date (expected YYYY-MM-DD)': 'as-of "{0}" 不是有效日期（应为 YYYY-MM-DD）',
  'as-of date "{0}" is not a date (expected YYYY-MM-DD)': '截止日期 "{0}" 不是有效日期（应为 YYYY-MM-DD）',
  "as-of {0} is before any data (the ledger starts on {1})": "截止日期 {0} 早于所有数据（账簿始于 {1}）",
  "as-of {0} is in the future (today is {1}): nothing is known yet":
    "截止日期 {0} 晚于今天（今天是 {1}）：尚无任何数据",
  'asOf "{0}" is not a date (expected YYYY-MM-DD)': 'asOf "{0}" 不是有效日期（应为 YYYY-MM-DD）',
  "assigning customers is not open to the {0} role": "{0} 角色无权分配客户",
  "audit log broken at row {0}: {1} ({2} rows read)": "审计日志在第 {0} 行断裂：{1}（已读取 {2} 行）",
  "bad or missing {0} (HMAC-SHA256 of the raw body)": "{0} 缺失或不正确（应为原始请求体的 HMAC-SHA256）",
  'before: "{0}" is not a cursor from this timeline': 'before："{0}" 不是此往来记录的游标',
  'before: "{0}" is not a cursor or an instant': 'before："{0}" 既不是游标，也不是时间点',
  "body: nothing to change": "body：没有要修改的内容",
  "body: nothing to change (status, resolution, owner or escalate)":
    "body：没有要修改的内容（status、resolution、owner 或 escalate）",
  'by "{0}": expected one of {1}': 'by "{0}"：应为 {1} 之一',
  "cannot allocate by a negative weight ({0})": "不能按负权重分摊（{0}）",
  "cannot allocate: the weights must have a positive sum": "无法分摊：权重之和须大于 0",
  "cannot connect to PostgreSQL at {0}: {1}": "无法连接位于 {0} 的 PostgreSQL：{1}",
  "cannot read {0}: no such file": "无法读取 {0}：文件不存在",
  "cannot split into {0} parts (expected a positive whole number)": "无法分成 {0} 期（应为正整数）",
  "cannot write {0}: {1}": "无法写入 {0}：{1}",
  'category: unknown category "{0}" (expected one of {1})': 'category：未知的争议类型 "{0}"（应为 {1} 之一）',
  "changing disputes is not open to the finance role": "财务角色无权修改争议",
  "check-message needs either TEXT or --file FILE (not both)":
    "check-message 须提供 TEXT 或 --file FILE 之一（不能同时提供）",
  'collector: "{0}" is not in your team ({1}); a manager sees their own team\'s worklists':
    'collector："{0}" 不在您的团队（{1}）中；主管只能查看本团队的任务清单',
  'collector: a collector sees only their own worklist, not "{0}"\'s':
    'collector：催收员只能查看自己的任务清单，不能查看 "{0}" 的',
  "confirmedBalance: cannot be negative": "confirmedBalance：不能为负数",
  'confirmedOn: "{0}" is not a date (expected YYYY-MM-DD)': 'confirmedOn："{0}" 不是有效日期（应为 YYYY-MM-DD）',
  "confirmedOn: {0} is in the future (today is {1})": "confirmedOn：{0} 晚于今天（今天是 {1}）",
  "contact {0} is not a contact of this customer": "联系人 {0} 不是该客户的联系人",
  "contact {0} is not one of this customer's": "联系人 {0} 不属于该客户",
  "contactId: contact {0} is not a contact of this customer": "contactId：联系人 {0} 不是该客户的联系人",
  "contactId: contact {0} is not one of this customer's": "contactId：联系人 {0} 不属于该客户",
  "contactId: contact {0} is not this customer's": "contactId：联系人 {0} 不属于该客户",
  'contactId: the portal shows the debt, which only the owner, finance or purchasing contacts may see (this contact\'s role is "{0}")':
    'contactId：客户自助页面会显示欠款，只有负责人、财务或采购联系人可以查看（该联系人的角色为 "{0}"）',
  'creditAmount: {0} is more than the {1} of invoice "{2}" not yet credited or written off':
    'creditAmount：{0} 超过发票 "{2}" 尚未红字冲销或核销的金额 {1}',
  "creditLimit: give creditCurrency too": "creditLimit：请同时填写 creditCurrency",
  'currency: "{0}" is not a currency code': 'currency："{0}" 不是币种代码',
  'currency: invoice "{0}" is in {1}, not {2}': 'currency：发票 "{0}" 的币种是 {1}，不是 {2}',
  "currency: nothing is open in {0}": "currency：没有 {0} 币种的未结款项",
  'currency: unknown currency "{0}"': 'currency：未知币种 "{0}"',
  'customer "{0}" has no invoice "{1}"': '客户 "{0}" 没有发票 "{1}"',
  "customer ids must be positive whole numbers (got {0})": "客户 id 须为正整数（收到的是 {0}）",
  "customerId: no customer {0}": "customerId：找不到客户 {0}",
  "customerIds: give from 1 to 10,000 customers": "customerIds：请指定 1 到 10,000 个客户",
  'date "{0}" is not a date (YYYY-MM-DD)': '日期 "{0}" 无效（应为 YYYY-MM-DD）',
  "date: {0} is before the invoice was issued ({1})": "date：{0} 早于发票的开票日期（{1}）",
  "date: {0} is in the future (today is {1})": "date：{0} 晚于今天（今天是 {1}）",
  "deliveryRecordId: delivery record {0} belongs to invoice {1}, not {2}":
    "deliveryRecordId：送货记录 {0} 属于发票 {1}，而不是 {2}",
  "deliveryRecordId: delivery record {0} is not one of this customer's": "deliveryRecordId：送货记录 {0} 不属于该客户",
  "demo data loads only into an empty database, and this one already has customers":
    "演示数据只能载入空数据库，而当前数据库已有客户",
  "description: say what the customer objects to": "description：请描述客户的异议内容",
  "documents need a CJK font and {0}: install the Debian package {1} (apt-get install {2}) or set HUIKUAN_CJK_FONT to a .ttf/.otf file":
    "生成文档需要中文字体，但 {0}：请安装 Debian 软件包 {1}（apt-get install {2}），或将 HUIKUAN_CJK_FONT 设为一个 .ttf/.otf 字体文件",
  "durationMinutes: between 5 and 720 minutes": "durationMinutes：须在 5 到 720 分钟之间",
  "editing contacts is not open to the finance role": "财务角色无权编辑联系人",
  "editing customers is not open to the finance role": "财务角色无权编辑客户",
  'email "{0}": expected an address such as wang@example.com': '邮箱 "{0}"：应为 wang@example.com 这样的地址',
  "enqueue gave no outcome": "加入发送队列未返回结果",
  "every overdue claim of {0} is time-barred as of {1}: no legal-action letter may be drafted":
    "截至 {1}，{0} 的所有逾期债权均已超过诉讼时效：不能起草律师函",
  'excuse: unknown excuse "{0}"': 'excuse：未知的客户理由 "{0}"',
  'file: "{0}" is refused: {1} (accepted: {2})': 'file：不接受 "{0}"：{1}（可接受：{2}）',
  "finance does not work tasks": "财务不处理任务",
  'for an agreement give the payment plan\'s number, not "{0}"': '生成协议请提供还款计划编号，而不是 "{0}"',
  "from ({0}) is after to ({1})": "from（{0}）晚于 to（{1}）",
  "from and to are dates (YYYY-MM-DD)": "from 和 to 须为日期（YYYY-MM-DD）",
  "from {0} is after to {1}": "开始日期 {0} 晚于结束日期 {1}",
  "from {0} is after to {1}: give the earlier date first": "开始日期 {0} 晚于结束日期 {1}：请把较早的日期放在前面",
  "from {0} to {1} is more than {2} days: shorten it": "{0} 至 {1} 超过 {2} 天：请缩短期间",
  "give either --installment (repeated) or --split, not both":
    "请提供 --installment（可重复）或 --split 之一，不能同时提供",
  "give either installments (a list of {date, amount}) or split {count, firstDate, intervalDays}":
    "请提供 installments（{date, amount} 列表）或 split {count, firstDate, intervalDays} 之一",
  "give the password on standard input (or --password-env NAME)":
    "请通过标准输入提供密码（或使用 --password-env NAME）",
  "hourOfWeek: invalid date": "hourOfWeek：日期无效",
  'id: "{0}" is not a valid id (lower-case letters, digits, ".", "_", "-")':
    'id："{0}" 不是有效的 id（只能包含小写字母、数字、"."、"_"、"-"）',
  "inbound e-mail {0} already has its customer": "邮件回复 {0} 已指定客户",
  "inbound e-mail {0} was dismissed by {1}": "邮件回复 {0} 已被 {1} 忽略",
  "installment proposal {0} was already {1}": "分期申请 {0} 已处理过（{1}）",
  "interaction {0} is not one of this customer's": "联系记录 {0} 不属于该客户",
  "internal error": "内部错误",
  "invalid number of currency digits: {0}": "币种小数位数无效：{0}",
  "invoice: choose one of the open invoices listed": "invoice：请从列出的未结发票中选择一张",
  "invoiceId: give the invoice disputed (or deliveryRecordId)": "invoiceId：请指定有争议的发票（或 deliveryRecordId）",
  "invoiceId: invoice {0} is not one of this customer's": "invoiceId：发票 {0} 不属于该客户",
  'login "{0}" is taken': '账号 "{0}" 已被占用',
  'login "{0}": 2-40 of letters, digits, . _ - (starting with a letter or digit)':
    '账号 "{0}"：须为 2-40 个字母、数字或 . _ -（以字母或数字开头）',
  "no .eml for outbox message {0} (only e-mails sent in demo mode, without SMTP, have one)":
    "发件箱消息 {0} 没有 .eml 文件（只有在演示模式下、未经 SMTP 发送的邮件才有）",
  "no backup file {0}": "找不到备份文件 {0}",
  "no contact {0} for this customer": "该客户没有联系人 {0}",
  'no custom script "{0}"': '找不到自定义脚本 "{0}"',
  'no customer "{0}"': '找不到客户 "{0}"',
  'no customer with code "{0}"': '找不到编码为 "{0}" 的客户',
  "no customer {0}": "找不到客户 {0}",
  "no inbound e-mail {0}": "找不到邮件回复 {0}",
  "no installment proposal {0}": "找不到分期申请 {0}",
  "no outbox message {0}": "找不到发件箱消息 {0}",
  'no payment "{0}" for customer "{1}"': '客户 "{1}" 没有收款 "{0}"',
  "no payment plan {0}": "找不到还款计划 {0}",
  "no portal link was made": "未生成客户自助链接",
  "no portal link {0}": "找不到客户自助链接 {0}",
  'no script "{0}" in the library or the custom scripts': '脚本库和自定义脚本中都没有 "{0}"',
  "no such appointment": "找不到该拜访",
  "no such attachment": "找不到该附件",
  "no such contact": "找不到该联系人",
  "no such customer": "找不到该客户",
  "no such customer in your portfolio: {0}": "您负责的客户中没有该客户：{0}",
  "no such dispute": "找不到该争议",
  "no such invoice": "找不到该发票",
  "no such notification": "找不到该通知",
  "no such payment": "找不到该收款",
  "no such payment plan": "找不到该还款计划",
  "no such {0}": "找不到该 {0}",
  "no task {0}": "找不到任务 {0}",
  "no template {0}": "找不到模板 {0}",
  'no user "{0}"': '找不到用户 "{0}"',
  'no {0} template "{1}" in {2}': '找不到 {2} 语言的 {0} 模板 "{1}"',
  "nobody can follow up portal actions: add an active manager":
    "无人跟进客户在自助页面上的操作：请添加一名启用状态的主管",
  "only a manager or an admin decides on approvals": "只有主管或管理员可以审批",
  "only the one who uploaded a file, or a manager, may remove it": "只有上传者本人或主管可以删除该文件",
  'outcome: unknown outcome "{0}"': 'outcome：未知的联系结果 "{0}"',
  'owner: no active admin, manager or collector with login "{0}"':
    'owner：没有账号为 "{0}" 且处于启用状态的管理员、主管或催收员',
  "payday {0} is not a day of the month (expected 1..31)": "付款日 {0} 不是每月中的某一天（应为 1..31）",
  "payment plan {0} was cancelled: there is no agreement to print": "还款计划 {0} 已取消：没有可打印的协议",
  "payment {0} was already reversed on {1} by {2}: {3}": "收款 {0} 已于 {1} 由 {2} 冲销：{3}",
  "place: say where the visit takes place": "place：请填写拜访地点",
  "portalContact: only statements carry a portal link, not a {0}":
    "portalContact：只有对账单附带客户自助链接，{0} 不附带",
  "prior strength must be a positive number, got {0}": "先验强度须为正数，实际为 {0}",
  "purpose: a {0} takes files for {1}, not {2}": "purpose：{0} 只接受用于 {1} 的文件，不接受 {2}",
  're-check date "{0}" is not a date': '复核日期 "{0}" 不是有效日期',
  "recording payments is not open to the finance role": "财务角色无权登记收款",
  'reference: this customer already has a payment with reference "{0}"': 'reference：该客户已有参考号为 "{0}" 的收款',
  "remindAt: the reminder must come before the visit": "remindAt：提醒时间须早于拜访时间",
  'resolution: unknown resolution "{0}" (expected {1})': 'resolution：未知的解决方式 "{0}"（应为 {1}）',
  "restore needs an empty database (this one has customers, users or audit rows)":
    "恢复须在空数据库中进行（当前数据库已有客户、用户或审计记录）",
  "restored, but the audit chain is broken at row {0}: {1}": "已恢复，但审计链在第 {0} 行断裂：{1}",
  "reversing a payment is not open to the {0} role": "{0} 角色无权冲销收款",
  'role "{0}": one of {1}': '角色 "{0}"：应为 {1} 之一',
  "runs go forward: a run for {0} is already done, so {1} cannot be run any more":
    "批处理只能按日期向前运行：{0} 的批处理已完成，不能再运行 {1}",
  'script "{0}" was changed meanwhile (version {1}, you had {2}): reload it and apply your change again':
    '脚本 "{0}" 已被他人修改（当前版本 {1}，您的版本 {2}）：请重新加载后再修改一次',
  'setting "{0}" was changed meanwhile (version {1}, you had {2}): reload it and apply your change again':
    '设置项 "{0}" 已被他人修改（当前版本 {1}，您的版本 {2}）：请重新加载后再修改一次',
  "shard {0} of the run for {1} failed {2} times: {3}": "{1} 批处理的分片 {0} 已失败 {2} 次：{3}",
  "shards must be a whole number from 1 to 256 (got {0})": "分片数须为 1 到 256 之间的整数（收到的是 {0}）",
  "signedBy: name the person who signed for the customer": "signedBy：请填写代表客户签字的人",
  "snooze until a later moment": "请推迟到更晚的时间",
  "startsAt: the time zone is unknown: set the contact's or customer's time zone":
    "startsAt：时区未知：请设置联系人或客户的时区",
  "startsAt: {0}": "startsAt：{0}",
  "startsAt: {0} has passed: a visit is booked ahead": "startsAt：{0} 已过：拜访须提前预约",
  "startsAt: {0}: give a reason (overrideReason) to keep this time":
    "startsAt：{0}：如仍要保留此时间，请填写理由（overrideReason）",
  "status: a {0} appointment can no longer be changed": "status：状态为 {0} 的拜访不能再修改",
  "status: the visit starts at {0} ({1}); it cannot be done before then":
    "status：拜访于 {0}（{1}）开始，在此之前不能标记为完成",
  'status: unknown status "{0}" (expected {1})': 'status：未知状态 "{0}"（应为 {1}）',
  'stored connect model "{0}": slot {1} has {2}': '已保存的接通模型 "{0}"：时段 {1} 的值为 {2}',
  'stored connect model "{0}": {1}: {2} is not slot 0..167 with a number':
    '已保存的接通模型 "{0}"：{1}：{2} 不是“时段 0..167: 数值”的形式',
  "task {0} does not need an approval": "任务 {0} 无需审批",
  "task {0} is already {1}": "任务 {0} 已是 {1} 状态",
  "task {0} is not one of this customer's tasks": "任务 {0} 不是该客户的任务",
  "task {0} needs a manager's decision": "任务 {0} 需要主管审批",
  "template {0} was changed meanwhile (version {1}, you had {2}): reload it and apply your change again":
    "模板 {0} 已被他人修改（当前版本 {1}，您的版本 {2}）：请重新加载后再修改一次",
  "the CSV file is malformed{0}: {1}": "CSV 文件格式错误{0}：{1}",
  "the SMS webhook secret (environment variable {0}) is not set": "未设置短信 webhook 密钥（环境变量 {0}）",
  "the appointment was changed meanwhile (it is at version {0}, you sent {1}): read it again":
    "该拜访已被他人修改（当前版本 {0}，您提交的是 {1}）：请重新读取",
  "the backup was made with schema {0}, this database has {1}: restore with the same Huikuan version":
    "备份的数据库结构版本为 {0}，当前数据库为 {1}：请使用相同版本的 Huikuan 恢复",
  "the body is not JSON": "请求体不是 JSON",
  'the body is not JSON (Content-Type "{0}"); a raw message is sent as message/rfc822, or as the field "email" of multipart/form-data':
    '请求体不是 JSON（Content-Type "{0}"）；原始邮件应以 message/rfc822 发送，或作为 multipart/form-data 的 "email" 字段发送',
  "the body is not an e-mail message: it does not start with a header line": "请求体不是邮件：开头不是邮件头",
  "the change is refused: {0}": "修改未被接受：{0}",
  "the data folder {0} is in use by another Huikuan process (pid {1}); stop it first, or set DATABASE_URL to share a PostgreSQL server":
    "数据目录 {0} 正被另一个 Huikuan 进程（pid {1}）使用；请先停止该进程，或设置 DATABASE_URL 以共用一个 PostgreSQL 服务器",
  "the dispute was changed meanwhile (it is at version {0}, you sent {1}): read it again":
    "该争议已被他人修改（当前版本 {0}，您提交的是 {1}）：请重新读取",
  "the e-mail message could not be parsed: {0}": "无法解析邮件：{0}",
  "the e-mail message has no From address": "邮件没有 From 地址",
  'the e-mail template "{0}" ({1}) is missing or inactive: `huikuan migrate` adds the default templates, or add one under Settings → Templates':
    '邮件模板 "{0}"（{1}）不存在或未启用：`huikuan migrate` 会添加默认模板，也可在“设置 → 模板”中添加',
  "the file has no header row": "文件没有表头行",
  'the form has no "email" field with the raw message': '表单中没有包含原始邮件的 "email" 字段',
  "the inbound e-mail secret (environment variable {0}) is not set": "未设置收信密钥（环境变量 {0}）",
  "the multipart/form-data body could not be read": "无法读取 multipart/form-data 请求体",
  "the payment is refused: {0}": "收款未被接受：{0}",
  "the period ends ({0}) before it starts ({1})": "期间的结束日期（{0}）早于开始日期（{1}）",
  "the plan is refused: {0}": "还款计划未被接受：{0}",
  "the re-check date must be after today ({0})": "复核日期须晚于今天（{0}）",
  "the reason is longer than 500 characters": "理由不能超过 500 个字符",
  "the value for {0} is not JSON: {1}": "{0} 的值不是 JSON：{1}",
  "there are no invoices or payments to learn from yet": "尚无可供学习的发票或收款数据",
  "to {0} must be before the data's last day {1}: what happened after each step is the test":
    "结束日期 {0} 须早于数据的最后一天 {1}：回测检验的是每个时点之后实际发生的情况",
  "too many actions through this link: please try again in an hour": "通过此链接的操作过多：请一小时后再试",
  "too many failed sign-ins: wait 15 minutes and try again": "登录失败次数过多：请 15 分钟后再试",
  'unknown --date-format "{0}" (expected one of YYYY-MM-DD, YYYY/M/D, M/D/YYYY, D/M/YYYY, D.M.YYYY, YYYYMMDD, M/D/YY, D/M/YY)':
    '未知的 --date-format "{0}"（应为以下之一：YYYY-MM-DD, YYYY/M/D, M/D/YYYY, D/M/YYYY, D.M.YYYY, YYYYMMDD, M/D/YY, D/M/YY）',
  'unknown cause "{0}" (one of {1})': '未知的逾期原因 "{0}"（应为 {1} 之一）',
  'unknown channel "{0}"': '未知渠道 "{0}"',
  'unknown currency "{0}"': '未知币种 "{0}"',
  "unknown currency {0} (expected an ISO 4217 code such as CNY)": "未知币种 {0}（应为 ISO 4217 代码，如 CNY）",
  'unknown document "{0}"': '未知的文档 "{0}"',
  'unknown encoding "{0}" (use utf8, gbk, gb18030, big5, utf16le or latin1)':
    '未知编码 "{0}"（可用 utf8、gbk、gb18030、big5、utf16le 或 latin1）',
  'unknown excuse "{0}"': '未知的客户理由 "{0}"',
  'unknown outcome "{0}"': '未知的联系结果 "{0}"',
  'unknown setting "{0}" (settings: {1})': '未知设置项 "{0}"（可用设置项：{1}）',
  'unknown time zone "{0}" (expected an IANA name such as Asia/Shanghai)':
    '未知时区 "{0}"（应为 IANA 时区名，如 Asia/Shanghai）',
  "until: a task can be snoozed at most {0} days, until {1} ({2})":
    "until：任务最多只能推迟 {0} 天，即到 {1} 为止（所填为 {2}）",
  'version: send the version you read (If-Match: "3", or "version": 3)':
    'version：请提交您读取到的版本（If-Match: "3"，或 "version": 3）',
  "window length must be 15..1440 minutes, got {0}": "时段长度须为 15..1440 分钟，实际为 {0}",
  "within must be a whole number of days from 0 to 3660 (got {0})":
    "within 须为 0 到 3660 之间的整数天数（收到的是 {0}）",
  "wrong login or password": "账号或密码错误",
  "you cannot change your own role or disable your own account": "不能修改自己的角色，也不能停用自己的账号",
  '{0} "{1}" is not a date (expected YYYY-MM-DD)': '{0} "{1}" 不是有效日期（应为 YYYY-MM-DD）',
  "{0} ({1}) is not an authorised contact: debt details go only to finance, owner or purchasing (conduct rule 9)":
    "{0}（{1}）不是授权联系人：欠款信息只能发给财务、负责人或采购联系人（行为准则第 9 条）",
  "{0} ends inside table {1}: the backup is cut off": "{0} 在表 {1} 中途结束：备份不完整",
  "{0} has no undisputed overdue invoice as of {1}: there is nothing to write a {2} about":
    "截至 {1}，{0} 没有无争议的逾期发票：无需生成 {2}",
  "{0} has the .xlsx ending but is not an Excel workbook": "{0} 的扩展名为 .xlsx，但不是 Excel 工作簿",
  '{0} is a font collection without "{1}": name one of its fonts in HUIKUAN_CJK_FONT (file.ttc#PostScriptName)':
    '{0} 是字体集合，但其中没有 "{1}"：请在 HUIKUAN_CJK_FONT 中指定其中的一种字体（file.ttc#PostScriptName）',
  "{0} is empty (0 bytes): expected a header row and data rows": "{0} 是空文件（0 字节）：应包含表头行和数据行",
  "{0} is not a Huikuan backup": "{0} 不是 Huikuan 备份文件",
  "{0} is not a file": "{0} 不是文件",
  "{0} is not a number (expected a plain decimal such as 1234.50)": "{0} 不是数字（应为普通小数，如 1234.50）",
  "{0} is not a text file (it contains NUL bytes): expected CSV or XLSX":
    "{0} 不是文本文件（含有 NUL 字节）：应为 CSV 或 XLSX",
  "{0} is not open to the {1} role": "{1} 角色无权访问：{0}",
  "{0} is not valid UTF-8 near byte {1}: it looks like another encoding (Chinese Excel CSV files are usually GBK: try --encoding gbk)":
    "{0} 在第 {1} 字节附近不是有效的 UTF-8：可能是其他编码（中文版 Excel 导出的 CSV 文件通常为 GBK：请尝试 --encoding gbk）",
  "{0} is not valid UTF-8: it ends in the middle of a character (the file is cut off, or in another encoding: try --encoding gbk)":
    "{0} 不是有效的 UTF-8：文件在字符中间结束（文件不完整，或是其他编码：请尝试 --encoding gbk）",
  "{0} is too large for an amount": "{0} 超出了金额的允许范围",
  "{0} periods of a {1}: at most {2}; shorten the range or use a larger grain":
    "按 {1} 划分共 {0} 个期间：最多 {2} 个；请缩短范围或使用更大的时间粒度",
  "{0} shard(s) of the run for {1} are not done yet": "{1} 的批处理还有 {0} 个分片未完成",
  "{0} steps: at most {1} (use a wider step)": "{0} 个时点：最多 {1} 个（请加大步长）",
  '{0}: "{1}" is not a date (expected YYYY-MM-DD)': '{0}："{1}" 不是有效日期（应为 YYYY-MM-DD）',
  '{0}: "{1}" is not an instant (expected e.g. 2025-03-13T15:00:00+08:00, with its offset)':
    '{0}："{1}" 不是有效的时间点（应带时区偏移，如 2025-03-13T15:00:00+08:00）',
  "{0}: not readable JSON ({1})": "{0}：不是可读取的 JSON（{1}）",
  "{0}: old .xls workbooks are not supported; save it as .xlsx or CSV":
    "{0}：不支持旧版 .xls 工作簿；请另存为 .xlsx 或 CSV",
  "{0}: table {1} does not exist in this schema": "{0}：当前数据库结构中不存在表 {1}",
  '{0}: unexpected line "{1}"': '{0}：无法识别的行 "{1}"',
  "{0}: {1}": "{0}：{1}",
  // Imports: a row's problems and the file's.
  '"Invalid Date" is not a date (expected {0})': '"Invalid Date" 不是有效日期（应为 {0}）',
  '"{0}" is negative (record credit notes as adjustments, not negative amounts)':
    '"{0}" 为负数（红字冲销请作为调整记录，不要用负数金额）',
  '"{0}" is not a channel (expected call, sms, email, wechat, visit or letter)':
    '"{0}" 不是有效的联系渠道（应为 call、sms、email、wechat、visit 或 letter）',
  '"{0}" is not a contact role (expected owner, finance, purchasing or other)':
    '"{0}" 不是有效的联系人角色（应为 owner、finance、purchasing 或 other）',
  '"{0}" is not a debtor type (expected business, sole_trader or consumer)':
    '"{0}" 不是有效的债务人类型（应为 business、sole_trader 或 consumer）',
  '"{0}" is not a number of days (expected 0 to 3650)': '"{0}" 不是有效天数（应为 0 到 3650）',
  '"{0}" is not an IANA time zone (expected e.g. Asia/Shanghai or UTC)':
    '"{0}" 不是 IANA 时区（例如 Asia/Shanghai 或 UTC）',
  '"{0}" is not an email address': '"{0}" 不是有效的电子邮件地址',
  "a payment cannot be dated in the future ({0}; today is {1})": "收款日期不能晚于今天（所填为 {0}，今天是 {1}）",
  'customer "{0}" does not exist (import customers or invoices first)': '客户 "{0}" 不存在（请先导入客户或发票）',
  "due date {0} is before the issue date {1}": "到期日 {0} 早于开票日期 {1}",
  "is 0 (a payment must be greater than 0)": "为 0（收款金额须大于 0）",
  "is empty (expected a currency code)": "为空（应填写币种代码）",
  "is empty (expected a date)": "为空（应填写日期）",
  "is empty (expected an amount)": "为空（应填写金额）",
  "is empty (required)": "为空（必填）",
  "missing required column {0} (file columns: {1}; map one with --column {2}=Header)":
    "缺少必需的列 {0}（文件中的列：{1}；可用 --column {2}=列名 指定对应列）",
  "missing required columns {0} (file columns: {1}; map one with --column {2}=Header)":
    "缺少必需的列 {0}（文件中的列：{1}；可用 --column {2}=列名 指定对应列）",
  'row {0}, column "{1}": {2}': '第 {0} 行，"{1}" 列：{2}',
  "the cell holds the Excel error {0}": "单元格中是 Excel 错误值 {0}",
  "the file has a header row but no data rows": "文件只有表头行，没有数据行",
  'the mapping sends field "{0}" to column "{1}", but the file has no such column (columns: {2})':
    '列映射把字段 "{0}" 对应到列 "{1}"，但文件中没有这一列（文件中的列：{2}）',
  'unknown field "{0}" in the column mapping (fields for {1}: {2})': '列映射中有未知字段 "{0}"（{1} 可用的字段：{2}）',
  "{0} appears more than once in the file (rows {1})": "{0} 在文件中出现了不止一次（第 {1} 行）",
  "{0} cannot be lowered to {1}: {2} is already allocated and adjusted on it (payments {3}, adjustments {4})":
    "{0} 的金额不能降为 {1}：已有 {2} 核销或调整到该发票上（收款 {3}，调整 {4}）",
  "{0} cannot change currency from {1} to {2}: it has {3} in {4} (reverse or move them first)":
    "{0} 的币种不能从 {1} 改为 {2}：它已有 {4} 的{3}（请先冲销或转移）",
  "{0} has 1 decimal; the currency allows {1}": "{0} 有 1 位小数；该币种最多允许 {1} 位",
  "{0} has 1 decimal; {1} allows {2}": "{0} 有 1 位小数；{1} 最多允许 {2} 位",
  "{0} has a misplaced thousands separator (expected a number such as 1,234.56)":
    "{0} 的千位分隔符位置不对（应为 1,234.56 这样的数字）",
  "{0} has {1} decimals; the currency allows {2}": "{0} 有 {1} 位小数；该币种最多允许 {2} 位",
  "{0} has {1} decimals; {2} allows {3}": "{0} 有 {1} 位小数；{2} 最多允许 {3} 位",
  "{0} is a date, not a currency": "{0} 是日期，不是币种",
  "{0} is a date, not an amount": "{0} 是日期，不是金额",
  "{0} is a date, not yes/no (expected yes, no, 是 or 否)": '{0} 是日期，不是"是/否"（应为 yes、no、是 或 否）',
  "{0} is a formula, not an amount": "{0} 是公式，不是金额",
  "{0} is ambiguous (pass --date-format, e.g. {1})": "{0} 有歧义（请指定日期格式，例如 {1}）",
  "{0} is in scientific notation, which may have lost digits (format the column as a number)":
    "{0} 是科学计数法，可能已丢失数位（请把该列设为数字格式）",
  "{0} is in {1}, not {2}": "{0} 的币种是 {1}，不是 {2}",
  "{0} is more than one document may carry ({1} {2})": "{0} 超过单张单据允许的最大金额（{1} {2}）",
  "{0} is not a currency (expected an ISO 4217 code such as CNY)": "{0} 不是币种（应为 ISO 4217 代码，如 CNY）",
  "{0} is not a date (Excel serial 60 is 1900-02-29, which does not exist)":
    "{0} 不是有效日期（Excel 序列号 60 对应不存在的 1900-02-29）",
  "{0} is not a date (Excel serial dates start at 1 = 1900-01-01)":
    "{0} 不是有效日期（Excel 日期序列号从 1 = 1900-01-01 开始）",
  "{0} is not a date (expected YYYY-MM-DD)": "{0} 不是有效日期（应为 YYYY-MM-DD）",
  "{0} is not a date (expected {1})": "{0} 不是有效日期（应为 {1}）",
  "{0} is not an amount (expected a number such as 1234.56)": "{0} 不是金额（应为 1234.56 这样的数字）",
  "{0} is not yes/no (expected yes, no, 是 or 否)": '{0} 不是"是/否"（应为 yes、no、是 或 否）',
  "{0} is out of range (expected a year from {1} to {2})": "{0} 超出范围（年份应在 {1} 到 {2} 之间）",
  "{0} uses a decimal comma (expected a dot as the decimal separator, e.g. 1234.56)":
    "{0} 用了逗号作小数点（小数点应为句点，例如 1234.56）",
  "{0}: {1} problem(s), nothing was imported": "{0}：有 {1} 处问题，未导入任何数据",
};
