// The script library (domain guide, "Scripts"): talk tracks for calls and visits, replies to the excuses customers
// give, and message templates (email, SMS, letters, the repayment agreement outline), each in Chinese and English.
// Texts carry {{variables}} that renderScript fills in; a variable without a value stays visible as "[name]" so the
// collector sees what is missing before anything goes out. Wording follows the conduct rules: friendly or firm,
// never threatening, options (installments) instead of ultimatums, and every outgoing template names the company,
// the collector and a callback number (rule 10). Opt-out lines for email are added by the sender, not here.
import type { Channel } from "../ledger/ledger.schema.ts";
import type { Cause, Excuse, Tone } from "./collection.enums.ts";

export type Lang = "zh" | "en";
export const LANGS: readonly Lang[] = ["zh", "en"];

/** "script": a talk track for a call or visit; "template": message text (email, SMS, letter, document). */
export type ScriptKind = "script" | "template";

export const SCRIPT_VARIABLES = [
  "customerName",
  "contactName",
  "amountOverdue",
  "oldestDueDate",
  "daysPastDue",
  "invoiceList",
  "collectorName",
  "companyName",
  "callbackPhone",
  "paymentDetails",
  "promiseDate",
  "promiseAmount",
] as const;
export type ScriptVariable = (typeof SCRIPT_VARIABLES)[number];

export type Script = {
  id: string;
  kind: ScriptKind;
  /** Templates: email, sms or letter. Null for documents and for talk tracks usable on calls and visits. */
  channel: Channel | null;
  causes: readonly Cause[] | "*";
  /** Set when the script answers an excuse. */
  excuse: Excuse | null;
  tone: Tone;
  title: Record<Lang, string>;
  /** Emails and letters. */
  subject?: Record<Lang, string>;
  text: Record<Lang, string>;
};

// ---------------------------------------------------------------------------------------------------------------
// Building blocks: every talk track has the same sections, every excuse reply the same four parts.

type Track = { prep?: string[]; opening: string[]; points: string[]; ask: string[]; close: string[] };

const TRACK_LABELS: Record<Lang, Record<keyof Track, string>> = {
  zh: { prep: "【准备】", opening: "【开场】", points: "【要点】", ask: "【提出请求】", close: "【收尾】" },
  en: { prep: "PREPARE", opening: "OPENING", points: "KEY POINTS", ask: "THE ASK", close: "CLOSE" },
};

function track(lang: Lang, t: Track): string {
  const labels = TRACK_LABELS[lang];
  const sections: [string, string[]][] = [];
  if (t.prep) sections.push([labels.prep, t.prep]);
  sections.push([labels.opening, t.opening], [labels.points, t.points], [labels.ask, t.ask], [labels.close, t.close]);
  return sections.map(([label, lines]) => [label, ...lines].join("\n")).join("\n\n");
}

type Reply = { says: string; answer: string[]; follow: string[]; aim: string };

const REPLY_LABELS: Record<Lang, Record<keyof Reply, string>> = {
  zh: { says: "【客户说】", answer: "【回应】", follow: "【追问】", aim: "【目标】" },
  en: { says: "CUSTOMER SAYS", answer: "REPLY", follow: "FOLLOW-UP", aim: "AIM" },
};

function reply(lang: Lang, r: Reply): string {
  const labels = REPLY_LABELS[lang];
  return [
    [labels.says, r.says],
    [labels.answer, ...r.answer],
    [labels.follow, ...r.follow],
    [labels.aim, r.aim],
  ]
    .map((lines) => lines.join("\n"))
    .join("\n\n");
}

const lines = (...l: string[]): string => l.join("\n");

const SIGNATURE: Record<Lang, string> = {
  zh: lines("{{collectorName}}", "{{companyName}}", "电话:{{callbackPhone}}"),
  en: lines("{{collectorName}}", "{{companyName}}", "Phone: {{callbackPhone}}"),
};

// ---------------------------------------------------------------------------------------------------------------
// Talk tracks

const TALK_TRACKS: readonly Script[] = [
  {
    id: "call.forgot.reminder",
    kind: "script",
    channel: null,
    causes: ["forgot"],
    excuse: null,
    tone: "friendly",
    title: { zh: "友好提醒(疏忽型)", en: "Friendly reminder (oversight)" },
    text: {
      zh: track("zh", {
        opening: [
          "“{{contactName}}您好,我是{{companyName}}的{{collectorName}}。耽误您两分钟,想跟您核对一笔货款,现在说话方便吗?”",
        ],
        points: [
          "- 先核对事实:{{invoiceList}},合计{{amountOverdue}},最早一张{{oldestDueDate}}到期。",
          "- 语气轻松,不追问原因:“月底事情多,一时没排上很正常。”",
          "- 让付款变简单:“收款信息是{{paymentDetails}}。挂了电话我把发票明细和账户信息一起发给您,您直接转账就行。”",
        ],
        ask: [
          "“您看这笔款大概哪天能安排出去?我记一下,到时候就不多打扰您了。”",
          "- 对方给出日期后复述一遍:“好的,{{promiseDate}}付{{promiseAmount}},我这边记下了。”",
        ],
        close: [
          "“谢谢您!有任何问题打{{callbackPhone}}找我。款到了我跟您说一声。”",
          "- 通话后当天发出付款信息,并在系统里登记承诺日期。",
        ],
      }),
      en: track("en", {
        opening: [
          '"Hello {{contactName}}, this is {{collectorName}} from {{companyName}}. Have you got two minutes? I\'d like to check one open balance with you."',
        ],
        points: [
          "- Confirm the facts: {{invoiceList}}, {{amountOverdue}} in total, the oldest due on {{oldestDueDate}}.",
          '- Keep it light and don\'t ask why: "Things slip through at busy times, it happens to everyone."',
          '- Make paying easy: "Payment goes to {{paymentDetails}}. I\'ll send you the invoice details and our bank details right after this call."',
        ],
        ask: [
          "\"Which day could you schedule the payment for? I'll note it so I don't need to chase you.\"",
          '- Repeat the promise back: "So that\'s {{promiseAmount}} on {{promiseDate}}. Thank you."',
        ],
        close: [
          "\"Thanks a lot. If anything comes up, I'm on {{callbackPhone}}. I'll let you know once it arrives.\"",
          "- After the call: send the payment details the same day and log the promised date.",
        ],
      }),
    },
  },
  {
    id: "call.hardship.listen",
    kind: "script",
    channel: null,
    causes: ["hardship"],
    excuse: null,
    tone: "friendly",
    title: { zh: "倾听了解情况(困难型)", en: "Listen and understand (hardship)" },
    text: {
      zh: track("zh", {
        opening: [
          "“{{contactName}}您好,我是{{companyName}}的{{collectorName}}。今天打电话主要是想了解一下您那边最近的情况,看看这笔{{amountOverdue}}的货款怎么安排,对双方都合适。”",
        ],
        points: [
          "- 多听少说。让对方把情况讲完,不打断、不评判。",
          "- 表示理解:“做生意有起有落,资金一时周转不开,我们能理解。”",
          "- 了解清楚:困难是暂时的还是会持续一段时间?预计什么时候回款好转?现在每月大概能拿出多少?",
          "- 说明我们的想法:“我们希望继续合作,所以更愿意跟您一起想办法,而不是让这笔账一直挂着。”",
          "- 记下对方提到的关键事实和时间点,下次联系前先看一遍。",
        ],
        ask: ["“您看能不能先付一部分,金额小一点也没关系,剩下的我们按您的回款节奏分几期?您觉得每期多少比较现实?”"],
        close: ["“谢谢您跟我说实话。我这两天整理一个分期方案发给您确认。有什么变化随时打{{callbackPhone}}找我。”"],
      }),
      en: track("en", {
        opening: [
          '"Hello {{contactName}}, this is {{collectorName}} from {{companyName}}. I\'m mainly calling to hear how things are on your side, so we can find a way to handle the {{amountOverdue}} that works for both of us."',
        ],
        points: [
          "- Listen more than you talk. Let them finish; don't interrupt or judge.",
          '- Show understanding: "Every business has ups and downs, and cash can get tight. We understand."',
          "- Find out: is the problem temporary or will it last a while? When do they expect money to come in? How much could they set aside each month?",
          '- Say where we stand: "We want to keep working with you, so we\'d rather find a solution together than leave this open."',
          "- Write down the key facts and dates they mention and read them before the next contact.",
        ],
        ask: [
          '"Could you pay part of it now, even a small amount, and we spread the rest over a few installments that follow your incoming payments? What amount per installment feels realistic?"',
        ],
        close: [
          '"Thank you for being open with me. I\'ll put a payment plan together in the next couple of days and send it for you to confirm. If anything changes, call me on {{callbackPhone}}."',
        ],
      }),
    },
  },
  {
    id: "call.hardship.plan_offer",
    kind: "script",
    channel: null,
    causes: ["hardship"],
    excuse: null,
    tone: "friendly",
    title: { zh: "提出分期方案(困难型)", en: "Offer a payment plan (hardship)" },
    text: {
      zh: track("zh", {
        opening: [
          "“{{contactName}}您好,我是{{companyName}}的{{collectorName}}。上次聊过之后,我按您说的情况做了一个分期方案,想跟您一起过一下。”",
        ],
        points: [
          "- 先说总额:{{invoiceList}},合计{{amountOverdue}}。",
          "- 给两到三个选项,让对方挑,不要只给一个:",
          "  方案一:本周先付约三成,余款分三期,每两周一期;",
          "  方案二:先付一小笔首付款,余款按月分四期;",
          "  方案三:请对方提出自己能做到的金额和日期,我们再商量。",
          "- 说明每期到期前我们会提前提醒,方便对方安排资金。",
          "- 如果近期还要进货:“新订单的结算方式我们可以另外商量,旧账按分期走。”",
        ],
        ask: [
          "“这几个方案您看哪个更合适?第一期定在哪天、付多少?”",
          "- 复述确认:“好的,第一期{{promiseDate}}付{{promiseAmount}},其余按方案来。”",
        ],
        close: [
          "“我今天把方案用邮件发给您,您回复确认一下就行。每期之前我都会提前提醒您。有问题打{{callbackPhone}}。谢谢您的配合。”",
        ],
      }),
      en: track("en", {
        opening: [
          '"Hello {{contactName}}, this is {{collectorName}} from {{companyName}}. After our last conversation I drew up a payment plan based on what you told me, and I\'d like to go through it with you."',
        ],
        points: [
          "- Start with the total: {{invoiceList}}, {{amountOverdue}} altogether.",
          "- Offer two or three options and let them choose, rather than a single take-it-or-leave-it plan:",
          "  Option 1: about 30% this week, the rest in three installments two weeks apart;",
          "  Option 2: a small first payment, the rest in four monthly installments;",
          "  Option 3: they propose amounts and dates they can keep, and we discuss.",
          "- Explain that we send a reminder before each installment so they can plan their cash.",
          '- If they need new deliveries soon: "We can agree separate terms for new orders; the old balance follows the plan."',
        ],
        ask: [
          '"Which of these suits you best? When would the first installment be, and how much?"',
          '- Confirm it back: "Fine, the first installment of {{promiseAmount}} on {{promiseDate}}, the rest as per the plan."',
        ],
        close: [
          "\"I'll email the plan today; a short reply to confirm is all I need. I'll remind you before every installment. Any questions, call me on {{callbackPhone}}. Thank you for working with us on this.\"",
        ],
      }),
    },
  },
  {
    id: "call.dispute.evidence",
    kind: "script",
    channel: null,
    causes: ["dispute"],
    excuse: null,
    tone: "formal",
    title: { zh: "用单据核对异议(异议型)", en: "Go through the evidence (dispute)" },
    text: {
      zh: track("zh", {
        opening: [
          "“{{contactName}}您好,我是{{companyName}}的{{collectorName}}。关于您反映的问题,我们已经查了相关单据,想跟您逐项核对一下,您看现在方便吗?”",
        ],
        points: [
          "- 先复述对方的异议,确认理解无误:“您反映的是……这个问题,对吗?”",
          "- 有异议的发票暂停催收,只谈事实;没有异议的发票照常处理。",
          "- 逐项拿出依据:合同条款、送货单(签收人、签收日期、数量)、发票。例如:“送货单显示这批货是某月某日由贵司某某签收的,数量是……”",
          "- 如果确实是我们的问题,直接承认,并给出处理办法:退货、换货或折让(开红字发票)。",
          "- 如果双方看法不一致,提议由双方主管一起开会,或上门当面核对。",
        ],
        ask: [
          "“有争议的那张发票我们先放一放,核对清楚再说;其他没有争议的发票,您看能不能按原来的约定先安排付款?”",
          "“争议的部分我们约个时间一起核对,您看哪天方便?”",
        ],
        close: ["“今天核对的内容和相关单据复印件,我整理好发给您。后续有任何问题请打{{callbackPhone}}找我。谢谢您。”"],
      }),
      en: track("en", {
        opening: [
          '"Hello {{contactName}}, this is {{collectorName}} from {{companyName}}. We\'ve looked into the issue you raised and checked the documents. Is now a good time to go through them point by point?"',
        ],
        points: [
          '- First restate their objection and check you have it right: "Your concern is ..., is that correct?"',
          "- Collection on the disputed invoice is on hold; talk only about facts. Undisputed invoices continue as normal.",
          '- Go through the evidence item by item: contract terms, delivery note (who signed, when, quantity), invoice. For example: "The delivery note shows this shipment was signed for by ... on ..., quantity ..."',
          "- If we got something wrong, say so plainly and offer a fix: return, replacement or a credit note.",
          "- If you still see it differently, suggest a meeting with both managers or a visit to check the goods together.",
        ],
        ask: [
          "\"Let's set the disputed invoice aside until we've cleared it up. For the invoices that aren't in question, could you go ahead with payment as agreed?\"",
          '"For the disputed part, when would suit you to go through it together?"',
        ],
        close: [
          "\"I'll send you a summary of today's points with copies of the documents. If anything else comes up, call me on {{callbackPhone}}. Thank you.\"",
        ],
      }),
    },
  },
  {
    id: "call.habitual.firm",
    kind: "script",
    channel: null,
    causes: ["habitual"],
    excuse: null,
    tone: "firm",
    title: { zh: "明确付款日期(习惯性拖延)", en: "Pin down a payment date (habitual delay)" },
    text: {
      zh: track("zh", {
        opening: [
          "“{{contactName}}您好,我是{{companyName}}的{{collectorName}}。打电话是为了贵司{{amountOverdue}}的货款,到今天已经逾期{{daysPastDue}}天了。”",
        ],
        points: [
          "- 语气平稳、直接,寒暄从简,不带情绪。",
          "- 摆事实:“最近几次付款都比约定晚了不少,这次也是。我们很重视和贵司的合作,所以想把话说清楚。”",
          "- 讲清影响:按时付款是赊销账期的前提;如果逾期成了常态,公司会重新评估贵司的账期和额度。这是事实说明,不是威胁。",
          "- 给出办法:约一个每月固定的付款日;月中资金紧的话,可以分两次付。",
        ],
        ask: [
          "“这笔款请您给我一个确定的日期和金额,哪天能到账?”",
          "- 对方说“尽快”时:“为了我这边好跟财务对账,能不能定一个具体日期?”",
        ],
        close: [
          "“好的,{{promiseDate}}付{{promiseAmount}},我记下了,当天我会跟您确认到账。有事请打{{callbackPhone}}。谢谢。”",
        ],
      }),
      en: track("en", {
        opening: [
          '"Hello {{contactName}}, this is {{collectorName}} from {{companyName}}. I\'m calling about your balance of {{amountOverdue}}, which is now {{daysPastDue}} days overdue."',
        ],
        points: [
          "- Calm and direct; keep the small talk short and leave emotion out.",
          '- State the facts: "The last few payments all arrived well after the agreed date, and this one is late too. We value working with you, so I want to be clear about it."',
          "- Explain the effect: credit terms depend on paying on time; if late payment becomes the pattern, our finance team will review your terms and credit limit. This is information, not a threat.",
          "- Offer a way forward: a fixed payment day each month, or two smaller payments if mid-month cash is tight.",
        ],
        ask: [
          '"Could you give me a firm date and amount for this payment? Which day will it reach us?"',
          '- If they say "as soon as possible": "So I can plan with our finance team, could we put a specific date on it?"',
        ],
        close: [
          '"Thank you. {{promiseAmount}} on {{promiseDate}}, noted. I\'ll check with you on the day that it has arrived. You can reach me on {{callbackPhone}}."',
        ],
      }),
    },
  },
  {
    id: "call.deliberate.firm",
    kind: "script",
    channel: null,
    causes: ["deliberate"],
    excuse: null,
    tone: "firm",
    title: { zh: "兑现承诺并签协议(恶意拖欠)", en: "Broken promises: move to a signed agreement" },
    text: {
      zh: track("zh", {
        opening: [
          "“{{contactName}}您好,我是{{companyName}}的{{collectorName}}。今天打电话是为了贵司{{amountOverdue}}的欠款。这笔款已经逾期{{daysPastDue}}天,之前约定的付款日期也没有兑现。”",
        ],
        points: [
          "- 通话前查好记录:哪天承诺、承诺多少、有没有到账。通话中只讲事实,不指责、不争吵。",
          "- “我们之前约好{{promiseDate}}付款,到现在还没收到。我想了解一下具体卡在哪里。”",
          "- 对方再讲理由时,表示听到了,再把话题拉回方案:“您说的情况我记下了。今天我们需要定一个能做到的方案。”",
          "- 说明公司的安排:新订单改为先款后货;旧账签一份还款协议,写清金额和每期日期。",
          "- 给选择,不下命令:一次结清,或者先付一部分、余款签协议分期。",
        ],
        ask: ["“您看是一次结清,还是先付一部分、余款签协议分期?第一笔哪天能付、付多少?”"],
        close: [
          "“好的,我今天把还款协议发给您,请您确认后签字盖章寄回。今天如果定不下来,我会按公司流程请主管跟进这件事。有问题打{{callbackPhone}}找我。”",
        ],
      }),
      en: track("en", {
        opening: [
          '"Hello {{contactName}}, this is {{collectorName}} from {{companyName}}. I\'m calling about your balance of {{amountOverdue}}. It is {{daysPastDue}} days overdue, and the payment date we agreed earlier has passed without payment."',
        ],
        points: [
          "- Before the call, check the record: when they promised, how much, whether anything arrived. On the call, stick to facts; no blame, no arguing.",
          "- \"We agreed payment on {{promiseDate}}, and it hasn't arrived. I'd like to understand what is holding it up.\"",
          '- When new reasons come up, acknowledge them and bring the talk back to a plan: "I\'ve noted that. Today we need to agree a plan you can keep."',
          "- Explain our arrangements: new orders are paid before delivery; the old balance goes into a signed repayment agreement with amounts and dates.",
          "- Offer choices, not orders: settle in one payment, or pay part now and the rest under the agreement.",
        ],
        ask: [
          '"Would you rather settle it in one go, or pay part now and sign an agreement for the rest? When can the first payment be made, and how much?"',
        ],
        close: [
          "\"Thank you. I'll send the repayment agreement today; please sign, stamp and return it. If we can't settle on a plan today, I'll pass the account to my manager under our normal process. You can reach me on {{callbackPhone}}.\"",
        ],
      }),
    },
  },
  {
    id: "call.middleman.timeline",
    kind: "script",
    channel: null,
    causes: ["middleman"],
    excuse: null,
    tone: "friendly",
    title: { zh: "了解下游回款时间(中间商)", en: "Ask about their customer's timeline (middleman)" },
    text: {
      zh: track("zh", {
        opening: [
          "“{{contactName}}您好,我是{{companyName}}的{{collectorName}}。想跟您了解一下那笔{{amountOverdue}}的进度,您那边的客户回款有消息了吗?”",
        ],
        points: [
          "- 理解对方的处境:“我知道您也在等下游回款,这个我们理解。”",
          "- 问清楚时间线:下游客户原定什么时候付?现在有没有新的日期?是一次付清还是分批?",
          "- 只和客户本人沟通进度,不要自己去联系对方的下游客户。",
          "- 提出折中:“下游款到之前,能不能先付一部分?等款到了再把余款结清。”",
          "- 约定跟进的频率,不要打得太勤。",
        ],
        ask: ["“我们定个时间吧:下游款到账后几天内能安排给我们?现在能先付多少?”"],
        close: [
          "“好的,{{promiseDate}}付{{promiseAmount}},我记下了。到时候我再跟您确认。中间有进展也欢迎打{{callbackPhone}}告诉我。谢谢您。”",
        ],
      }),
      en: track("en", {
        opening: [
          '"Hello {{contactName}}, this is {{collectorName}} from {{companyName}}. I wanted to check how things stand with the {{amountOverdue}}. Any news from your customer about their payment?"',
        ],
        points: [
          '- Acknowledge their position: "I know you\'re waiting on your own customer, and we understand that."',
          "- Get the timeline: when was their customer due to pay? Is there a new date? All at once or in parts?",
          "- Discuss progress only with our customer; never contact their customer yourself.",
          '- Suggest a middle way: "Until that money arrives, could you pay part of it now, and the rest once you\'ve been paid?"',
          "- Agree how often you'll check in, and don't call more than that.",
        ],
        ask: [
          '"Shall we fix it like this: how many days after your customer pays can you pay us? And how much could you send now?"',
        ],
        close: [
          "\"Fine, {{promiseAmount}} on {{promiseDate}}, noted. I'll check in with you then. If there's news before that, call me on {{callbackPhone}}. Thank you.\"",
        ],
      }),
    },
  },
  {
    id: "call.fx_wait.check_in",
    kind: "script",
    channel: null,
    causes: ["fx_wait"],
    excuse: null,
    tone: "friendly",
    title: { zh: "定期沟通付款安排(等汇率)", en: "Regular check-in (waiting for the exchange rate)" },
    text: {
      zh: track("zh", {
        opening: [
          "“{{contactName}}您好,我是{{companyName}}的{{collectorName}}。最近汇率波动比较大,想跟您沟通一下那笔{{amountOverdue}}的付款安排。”",
        ],
        points: [
          "- 耐心,不催得太紧;保持定期联系,频率适中,比如每周一次。",
          "- 了解对方的打算:是在等某个汇率水平,还是有其他安排?",
          "- 说明条件:已开票的金额按合同币种结算,不随汇率调整;新订单的报价有有效期。",
          "- 提出办法:分批换汇、分批付款,可以分散一次性换汇的风险。",
        ],
        ask: ["“您看能不能先付一部分,剩下的分一两次付完?您计划分别在哪天?”"],
        close: [
          "“好的,{{promiseDate}}付{{promiseAmount}},我记下了。下周我再跟您联系,有变化请随时打{{callbackPhone}}。”",
        ],
      }),
      en: track("en", {
        opening: [
          '"Hello {{contactName}}, this is {{collectorName}} from {{companyName}}. Exchange rates have been moving a lot lately, so I wanted to talk through the payment of the {{amountOverdue}} with you."',
        ],
        points: [
          "- Be patient and don't push hard; keep in touch regularly but not too often, for example once a week.",
          "- Find out their thinking: are they waiting for a particular rate, or is something else going on?",
          "- Explain the terms: invoiced amounts are settled in the contract currency and don't change with the rate; quotes for new orders are valid for a limited time.",
          "- Suggest a way: converting and paying in parts spreads the exchange-rate risk.",
        ],
        ask: ['"Could you pay part now and the rest in one or two further payments? Which dates would you plan for?"'],
        close: [
          '"Fine, {{promiseAmount}} on {{promiseDate}}, noted. I\'ll be in touch next week; if anything changes, call me on {{callbackPhone}}."',
        ],
      }),
    },
  },
  {
    id: "call.switched_supplier.sales",
    kind: "script",
    channel: null,
    causes: ["switched_supplier"],
    excuse: null,
    tone: "friendly",
    title: {
      zh: "关心合作并结清已交付货款(另找供应商)",
      en: "Win back the relationship, settle delivered goods (switched supplier)",
    },
    text: {
      zh: track("zh", {
        prep: ["- 通话前和销售主管商量好能让步的空间:价格、交期、账期、服务。"],
        opening: [
          "“{{contactName}}您好,我是{{companyName}}的{{collectorName}}。有一阵没跟您聊了,想问问您那边最近的采购情况,顺便核对一下账上的{{amountOverdue}}。”",
        ],
        points: [
          "- 先谈合作,不只谈钱:“我们哪方面做得不够好,您直接告诉我,我带回去改进。”",
          "- 了解对方是否在比较其他供应商,关注的是价格、交期还是服务。",
          "- 在事先商量好的范围内提出改进:“如果是价格的问题,我可以帮您向公司申请。”",
          "- 已交付的货款和新订单分开谈:“不管后面怎么合作,已经交付的这批货款我们先结清,您看可以吗?”",
        ],
        ask: [
          "“已到期的{{amountOverdue}},您看哪天能安排?另外我想约个时间,和我们销售经理一起去拜访您,聊聊后面的合作。”",
          "- 复述确认:“好的,{{promiseDate}}付{{promiseAmount}}。”",
        ],
        close: [
          "“谢谢您坦诚相告。我回去跟主管汇报,两三天内给您回复。有任何问题打{{callbackPhone}}找我。”",
          "- 通话后把情况报告给销售管理层,并适当增加联系频率。",
        ],
      }),
      en: track("en", {
        prep: [
          "- Before the call, agree with your sales manager what room there is on price, lead time, terms and service.",
        ],
        opening: [
          '"Hello {{contactName}}, this is {{collectorName}} from {{companyName}}. It\'s been a while, so I wanted to hear how your purchasing is going, and check the {{amountOverdue}} on your account."',
        ],
        points: [
          "- Talk about the relationship first, not only the money: \"If there's anything we could do better, please tell me straight and I'll take it back to the team.\"",
          "- Find out whether they are comparing suppliers, and whether price, lead time or service matters most.",
          '- Within the room agreed beforehand, offer improvements: "If price is the issue, I can ask for a better offer for you."',
          '- Keep delivered goods separate from new business: "Whatever we do next, could we first settle the goods already delivered?"',
        ],
        ask: [
          '"When could you arrange the {{amountOverdue}} that is due? And I\'d like to set up a visit with our sales manager to talk about the next orders."',
          '- Confirm it back: "Fine, {{promiseAmount}} on {{promiseDate}}."',
        ],
        close: [
          '"Thanks for being open with me. I\'ll talk to my manager and get back to you within two or three days. Any questions, call me on {{callbackPhone}}."',
          "- After the call, report to sales management and contact the customer a little more often.",
        ],
      }),
    },
  },
  {
    id: "call.unreachable.other_contact",
    kind: "script",
    channel: null,
    causes: ["unreachable"],
    excuse: null,
    tone: "friendly",
    title: { zh: "联系公司其他对接人(失联)", en: "Reach another contact at the company (unreachable)" },
    text: {
      zh: track("zh", {
        opening: [
          "“您好,请问是{{contactName}}吗?我是{{companyName}}的{{collectorName}}。我之前一直和贵司负责付款的同事联系,最近没联系上,想请您帮个忙。”",
        ],
        points: [
          "- 先确认对方的身份和职务。只有对方是贵司的授权对接人(老板、财务、采购)时,才谈账款的金额和发票。",
          "- 对方不是授权对接人时,只说“有一笔业务往来需要确认”,请对方转告回电,不提金额和欠款。",
          "- 不说原对接人“躲着不接电话”之类的话,不抱怨,不透露与对方无关的信息。",
          "- 问清楚:原对接人是在休假还是已经离职?现在谁负责付款?什么时间、用什么方式联系最方便?",
          "- 对方是授权对接人时,说明情况:{{invoiceList}},合计{{amountOverdue}},最早{{oldestDueDate}}到期。",
        ],
        ask: [
          "“能不能麻烦您帮忙转告一下,或者告诉我现在由谁负责这件事?”",
          "- 授权对接人:“这笔款您看能不能由您这边安排,大概哪天?”",
        ],
        close: [
          "“麻烦您了。我的电话是{{callbackPhone}},方便的时候请回个电话。”",
          "- 仍然联系不上时,先冷处理一段时间(例如一周)再试,不要当天反复拨打。",
        ],
      }),
      en: track("en", {
        opening: [
          "\"Hello, is that {{contactName}}? This is {{collectorName}} from {{companyName}}. I've been trying to reach the colleague who handles our payments and haven't managed to lately. Could you help me?\"",
        ],
        points: [
          "- First confirm who you are speaking to and their role. Discuss amounts and invoices only with the company's authorised contacts (owner, finance, purchasing).",
          '- With anyone else, say only that "there\'s a business matter to confirm", ask them to pass on a callback request, and mention no amounts or debt.',
          "- Don't suggest their colleague is avoiding you, don't complain, and share nothing that doesn't concern them.",
          "- Ask: is the usual contact on leave or has he or she left? Who handles payments now? When and how is it best to reach them?",
          "- With an authorised contact, explain: {{invoiceList}}, {{amountOverdue}} in total, the oldest due on {{oldestDueDate}}.",
        ],
        ask: [
          '"Could you pass on my message, or tell me who looks after this now?"',
          '- Authorised contact: "Could you arrange this payment from your side? Roughly which day?"',
        ],
        close: [
          '"Thank you for your help. My number is {{callbackPhone}}; please call back when it suits."',
          "- Still no reply: leave it for a while (say a week) before trying again; don't redial the same day.",
        ],
      }),
    },
  },
  {
    id: "call.promise.follow_up",
    kind: "script",
    channel: null,
    causes: "*",
    excuse: null,
    tone: "friendly",
    title: { zh: "承诺日跟进", en: "Follow up on a promise" },
    text: {
      zh: track("zh", {
        prep: ["- 先查账:款项到了没有?到了多少?"],
        opening: [
          "“{{contactName}}您好,我是{{companyName}}的{{collectorName}}。上次您说{{promiseDate}}安排{{promiseAmount}},我跟您确认一下进度。”",
        ],
        points: [
          "- 已到账:“收到了,谢谢您按时安排!”如有余额,顺带说明剩余金额和下一个日期。",
          "- 部分到账:感谢已付的部分,再确认余款的日期。",
          "- 未到账:不指责,问原因:“是不是流程上卡住了?需要我这边做什么?”比如补发发票或对账单。",
          "- 重新约定时日期要具体、金额要明确;如果已经是第二次改期,提出分期作为选择。",
        ],
        ask: ["“那我们重新定一下:哪天、多少?”"],
        close: ["“好的,我记下了,到时候再跟您确认。有任何情况请打{{callbackPhone}}。谢谢您。”"],
      }),
      en: track("en", {
        prep: ["- Check the account first: has the money arrived? How much?"],
        opening: [
          "\"Hello {{contactName}}, this is {{collectorName}} from {{companyName}}. Last time you mentioned {{promiseAmount}} on {{promiseDate}}; I'm just checking how it's going.\"",
        ],
        points: [
          '- Paid: "It\'s arrived, thank you for arranging it on time!" If a balance remains, mention it and the next date.',
          "- Part paid: thank them for what has arrived and confirm the date for the rest.",
          '- Not paid: no blame; ask why: "Has it got stuck somewhere? Is there anything I can do?" For example resend an invoice or a statement.',
          "- When agreeing a new date, make the date specific and the amount clear; if this is the second change, offer installments as an option.",
        ],
        ask: ['"So let\'s set it again: which day, and how much?"'],
        close: [
          '"Thank you, noted. I\'ll check in with you then. If anything comes up, call me on {{callbackPhone}}."',
        ],
      }),
    },
  },
  {
    id: "visit.hardship.plan",
    kind: "script",
    channel: null,
    causes: ["hardship"],
    excuse: null,
    tone: "friendly",
    title: { zh: "上门商定分期(困难型)", en: "Visit to agree a payment plan (hardship)" },
    text: {
      zh: track("zh", {
        prep: [
          "- 带上对账单、{{invoiceList}}的发票复印件、两三个分期方案草稿和还款计划表。",
          "- 提前约好时间,避开午休,按约定时间提早一点到。",
        ],
        opening: [
          "“{{contactName}}您好,谢谢您抽时间见我。今天来主要是想当面听听您的情况,一起把这笔{{amountOverdue}}的安排定下来。”",
        ],
        points: [
          "- 先听后讲:了解经营情况、回款节奏、哪几个月压力最大。",
          "- 一起看对账单,先确认金额无误。",
          "- 拿出方案让对方选;对方想调整首付金额、期数或每期日期时,在合理范围内灵活处理。",
          "- 讲清楚每期到期前会提前提醒;如有变化请提前告诉我们,再一起商量。",
        ],
        ask: [
          "“今天我们能不能把方案定下来:首付{{promiseAmount}}在{{promiseDate}}前付,余款分几期?”",
          "“定下来以后,我们签一份简单的还款计划,双方各留一份。”",
        ],
        close: ["“谢谢您的信任。回去我把签好的计划和付款信息发给您,以后有事直接打{{callbackPhone}}找我。”"],
      }),
      en: track("en", {
        prep: [
          "- Bring the statement of account, copies of {{invoiceList}}, two or three draft plans and a blank repayment schedule.",
          "- Book the time in advance, avoid lunch hours, and arrive a little early.",
        ],
        opening: [
          '"Hello {{contactName}}, thank you for making time to see me. I came to hear how things are in person, and to settle a plan for the {{amountOverdue}} together."',
        ],
        points: [
          "- Listen first: how business is going, when money comes in, which months are hardest.",
          "- Go through the statement together and agree the amount first.",
          "- Put the options on the table and let them choose; be flexible within reason on the first payment, the number of installments and the dates.",
          "- Explain that we remind them before each installment, and ask them to tell us early if something changes so we can talk again.",
        ],
        ask: [
          '"Could we agree the plan today: a first payment of {{promiseAmount}} by {{promiseDate}}, and the rest in how many installments?"',
          '"Once agreed, we both sign a simple repayment schedule and each keep a copy."',
        ],
        close: [
          '"Thank you for your trust. I\'ll send you the signed schedule and our payment details, and you can always reach me on {{callbackPhone}}."',
        ],
      }),
    },
  },
  {
    id: "visit.dispute.meeting",
    kind: "script",
    channel: null,
    causes: ["dispute"],
    excuse: null,
    tone: "formal",
    title: { zh: "争议核对会议(异议型)", en: "Dispute meeting (dispute)" },
    text: {
      zh: track("zh", {
        prep: [
          "- 整理好合同、送货单(签收人、日期、数量)、发票、往来邮件和质检记录;请主管或技术人员一同参加。",
          "- 提前确认参会人员,最好有对方能拍板的人在场。",
        ],
        opening: [
          "“{{contactName}}您好,感谢贵司安排这次会面。我是{{companyName}}的{{collectorName}}。今天的目的是把有争议的问题核对清楚,找到双方都能接受的处理办法。”",
        ],
        points: [
          "- 请对方先完整说明异议,逐条记录,并当场复述确认。",
          "- 逐项对照单据说明事实。对方有道理的部分,当场确认处理方式:退货、换货、折让或开具红字发票。",
          "- 对方理由不成立的部分,用单据说话,语气平和,不争输赢。",
          "- 把有争议和无争议的金额分开:无争议的部分照常安排付款。",
        ],
        ask: ["“我们把今天的结论写成会议纪要:哪些部分调整、调整多少,剩余金额哪天付款。您看可以吗?”"],
        close: ["“谢谢各位。会议纪要我今天整理好发给您确认。后续有问题请打{{callbackPhone}}找我。”"],
      }),
      en: track("en", {
        prep: [
          "- Gather the contract, delivery notes (who signed, date, quantity), invoices, correspondence and quality records; ask your manager or a technical colleague to join.",
          "- Confirm attendees beforehand; ideally someone who can decide is there from their side.",
        ],
        opening: [
          "\"Hello {{contactName}}, thank you for arranging this meeting. I'm {{collectorName}} from {{companyName}}. Today's aim is to get to the bottom of the disputed points and agree a solution both sides can accept.\"",
        ],
        points: [
          "- Ask them to set out their objections in full; note each one and read it back to confirm.",
          "- Go through the documents point by point. Where they are right, agree the remedy on the spot: return, replacement, price reduction or credit note.",
          "- Where the documents say otherwise, let them speak for themselves; stay calm and don't try to win the argument.",
          "- Separate disputed and undisputed amounts: the undisputed part is paid as normal.",
        ],
        ask: [
          '"Shall we put today\'s conclusions in short minutes: what is adjusted, by how much, and when the remaining amount is paid?"',
        ],
        close: [
          '"Thank you all. I\'ll write up the minutes today and send them for your confirmation. Any further questions, call me on {{callbackPhone}}."',
        ],
      }),
    },
  },
  {
    id: "visit.deliberate.agreement",
    kind: "script",
    channel: null,
    causes: ["deliberate"],
    excuse: null,
    tone: "firm",
    title: { zh: "上门签订还款协议(恶意拖欠)", en: "Visit to sign a repayment agreement (deliberate)" },
    text: {
      zh: track("zh", {
        prep: [
          "- 带好对账单、未兑现承诺的记录(日期、金额)、还款协议草稿两份、新订单的结算条款(先款后货)。",
          "- 事先和主管确定底线:首付最低金额、最多分几期。",
        ],
        opening: [
          "“{{contactName}}您好,我是{{companyName}}的{{collectorName}}。今天来是想当面把贵司{{amountOverdue}}的欠款定一个明确的方案,这笔款已经逾期{{daysPastDue}}天了。”",
        ],
        points: [
          "- 平静地陈述事实:哪天承诺过、结果怎样。不指责、不争吵;不在对方员工或客户面前谈欠款。",
          "- 先确认金额:请对方在对账单上签字确认余额。",
          "- 讲清楚公司的安排:新订单先款后货;旧账签还款协议,写明每期金额和日期。",
          "- 给出选择:一次结清;或者先付一部分,余款按协议分期。",
          "- 对方仍不表态时,平静说明后续将按公司流程由主管决定,不作任何威胁性的描述。",
        ],
        ask: ["“您看今天能不能把对账单和还款协议签了?首付{{promiseAmount}}哪天能到账?”"],
        close: ["“谢谢。协议一式两份,签字盖章后各执一份。每期到期前我都会提前提醒您。有问题请打{{callbackPhone}}。”"],
      }),
      en: track("en", {
        prep: [
          "- Bring the statement, the record of broken promises (dates, amounts), two copies of the draft repayment agreement, and the terms for new orders (payment before delivery).",
          "- Agree your limits with your manager first: the lowest first payment and the most installments you can accept.",
        ],
        opening: [
          "\"Hello {{contactName}}, I'm {{collectorName}} from {{companyName}}. I've come to agree a clear plan in person for your balance of {{amountOverdue}}, which is now {{daysPastDue}} days overdue.\"",
        ],
        points: [
          "- State the facts calmly: when they promised and what happened. No blame, no arguing; never discuss the debt in front of their staff or customers.",
          "- Agree the amount first: ask them to sign the statement to confirm the balance.",
          "- Explain our arrangements: new orders are paid before delivery; the old balance goes into a repayment agreement with each amount and date.",
          "- Offer choices: settle in one payment, or pay part today and the rest under the agreement.",
          "- If they still won't commit, explain calmly that under company procedure the next steps will be decided by your manager; describe nothing as a threat.",
        ],
        ask: [
          '"Could we sign the statement and the repayment agreement today? When will the first payment of {{promiseAmount}} reach us?"',
        ],
        close: [
          '"Thank you. There are two copies; once signed and stamped, we each keep one. I\'ll remind you before every installment. You can reach me on {{callbackPhone}}."',
        ],
      }),
    },
  },
];

// ---------------------------------------------------------------------------------------------------------------
// Replies to excuses (one per excuse)

const EXCUSE_REPLIES: readonly Script[] = [
  {
    id: "reply.no_money_now",
    kind: "script",
    channel: null,
    causes: "*",
    excuse: "no_money_now",
    tone: "friendly",
    title: { zh: "“现在没钱”", en: '"We have no money right now"' },
    text: {
      zh: reply("zh", {
        says: "“现在账上没钱,付不了。”",
        answer: [
          "“我理解,资金紧的时候谁都不容易。我们不要求一次付清。您看现在能先付多少?哪怕一部分也行,剩下的按您的回款情况分几期。”",
        ],
        follow: ["“您那边下一笔回款大概什么时候到?我们把第一期定在那一周,您看好吗?”"],
        aim: "拿到首付金额和日期;或者约定一个具体的回电时间,一起商量分期方案。",
      }),
      en: reply("en", {
        says: "\"There's no money in the account right now, we can't pay.\"",
        answer: [
          '"I understand, cash gets tight for everyone at times. We don\'t need it all at once. How much could you manage now, even part of it? The rest can follow in a few installments that match your incoming payments."',
        ],
        follow: ['"When is your next incoming payment expected? Shall we put the first installment in that week?"'],
        aim: "A first amount and date, or a fixed time to call back and agree a payment plan.",
      }),
    },
  },
  {
    id: "reply.awaiting_approval",
    kind: "script",
    channel: null,
    causes: "*",
    excuse: "awaiting_approval",
    tone: "friendly",
    title: { zh: "“财务还没审批”", en: '"It\'s waiting for approval"' },
    text: {
      zh: reply("zh", {
        says: "“付款申请还在走审批,财务没批下来。”",
        answer: [
          "“好的,谢谢您告诉我。请问现在流程走到哪一步了?在谁那里审批?需不需要我们补充资料,比如对账单或发票复印件?我今天就发过去。”",
        ],
        follow: ["“审批一般要几天?批下来以后多久能付款?我在那个时间前后跟您确认一下,可以吗?”"],
        aim: "弄清审批环节和负责人,补齐资料,约定一个确认的日期。",
      }),
      en: reply("en", {
        says: '"The payment request is still going through approval; finance hasn\'t signed it off yet."',
        answer: [
          '"Thanks for letting me know. Where is it in the process now, and who needs to approve it? Is there anything we can send to help, such as a statement or copies of the invoices? I can send them today."',
        ],
        follow: [
          '"How long does approval usually take, and how soon after that is payment made? May I check in with you around then?"',
        ],
        aim: "Know the approval step and who owns it, supply any missing documents, and agree a date to check back.",
      }),
    },
  },
  {
    id: "reply.boss_away",
    kind: "script",
    channel: null,
    causes: "*",
    excuse: "boss_away",
    tone: "friendly",
    title: { zh: "“老板不在”", en: '"The boss is away"' },
    text: {
      zh: reply("zh", {
        says: "“老板出差了,付款要等他回来签字。”",
        answer: ["“明白。老板不在的这段时间,公司里有没有其他人可以审批付款,比如财务负责人?如果有,麻烦您帮我问一下。”"],
        follow: ["“老板大概哪天回来?我在他回来后的第二天再打给您,好吗?您方便的话,先把付款单准备好,他回来就能签。”"],
        aim: "找到能代为审批的人,或约定一个具体的回电日期。",
      }),
      en: reply("en", {
        says: '"The boss is travelling; payment has to wait until he\'s back to sign."',
        answer: [
          '"I see. While he\'s away, is there anyone else who can approve payments, such as the head of finance? If so, could you check with them for me?"',
        ],
        follow: [
          "\"When is he back? Could I call you the day after he returns? If it's convenient, you could prepare the payment so it's ready for his signature.\"",
        ],
        aim: "Find someone who can approve in the owner's absence, or agree a specific date to call back.",
      }),
    },
  },
  {
    id: "reply.quality_problem",
    kind: "script",
    channel: null,
    causes: "*",
    excuse: "quality_problem",
    tone: "friendly",
    title: { zh: "“货有质量问题”", en: '"There\'s a quality problem"' },
    text: {
      zh: reply("zh", {
        says: "“上一批货有质量问题,所以我们没付。”",
        answer: [
          "“谢谢您告诉我,这个我们很重视。请您具体说一下是哪批货、什么问题、涉及多少数量?方便的话拍几张照片发给我。”",
          "“我们会尽快安排核查。有问题的那部分先暂停催收,核实后给您处理方案:退货、换货或者折让。”",
        ],
        follow: ["“和这个问题无关的其他发票,您看能不能先按原来的约定付款?”"],
        aim: "把异议登记清楚(发票、数量、问题),并为无争议的部分定下付款日期。",
      }),
      en: reply("en", {
        says: '"Your goods had a quality problem, so we haven\'t paid."',
        answer: [
          '"Thank you for telling me; we take that seriously. Could you tell me which delivery it is, what the problem is and how many units are affected? Photos would help if you can send some."',
          "\"We'll look into it quickly. Collection on the affected part is on hold while we check, and then we'll come back with a remedy: return, replacement or a price reduction.\"",
        ],
        follow: ['"For the other invoices that aren\'t affected, could those be paid as agreed?"'],
        aim: "Record the objection precisely (invoice, quantity, problem) and get a payment date for the undisputed part.",
      }),
    },
  },
  {
    id: "reply.invoice_not_received",
    kind: "script",
    channel: null,
    causes: "*",
    excuse: "invoice_not_received",
    tone: "friendly",
    title: { zh: "“没收到发票”", en: '"We never got the invoice"' },
    text: {
      zh: reply("zh", {
        says: "“我们没收到发票,没法付款。”",
        answer: [
          "“不好意思,可能是寄送环节出了问题。我今天就把发票电子版发到您邮箱,纸质发票也重新寄一份。请问发给谁、寄到哪个地址最合适?”",
        ],
        follow: ["“收到发票以后,一般多久能安排付款?我在那个时间前后跟您确认,好吗?”"],
        aim: "确认收票人和地址,当天重新发出发票并记录寄送时间,约定付款日期。",
      }),
      en: reply("en", {
        says: '"We never received the invoice, so we can\'t pay."',
        answer: [
          '"Sorry about that, something may have gone wrong in delivery. I\'ll email you a copy today and post the original again. Who should it go to, and to which address?"',
        ],
        follow: ['"Once you have it, how long does payment usually take? May I check with you around then?"'],
        aim: "Confirm the recipient and address, resend the invoice the same day and log when it went, and agree a payment date.",
      }),
    },
  },
  {
    id: "reply.waiting_for_our_customer",
    kind: "script",
    channel: null,
    causes: "*",
    excuse: "waiting_for_our_customer",
    tone: "friendly",
    title: { zh: "“等我们的客户付款”", en: '"We pay when our customer pays"' },
    text: {
      zh: reply("zh", {
        says: "“我们的客户还没付给我们,等他们付了我们再付。”",
        answer: ["“理解,您也在等下游回款。请问您的客户原定什么时候付?现在有新的日期吗?”"],
        follow: ["“在下游款到之前,能不能先付一部分?余款在下游款到账后几天内付清,我们把这个日期定下来,好吗?”"],
        aim: "拿到下游回款的时间线和我们的付款日期。只和客户本人沟通,不联系其下游客户。",
      }),
      en: reply("en", {
        says: "\"Our customer hasn't paid us yet; we'll pay once they do.\"",
        answer: [
          '"Understood, you\'re waiting on your own customer. When were they due to pay you, and is there a new date?"',
        ],
        follow: [
          '"Until then, could you pay part of it? And could we agree that the rest follows within a few days of their payment, with a date we both note down?"',
        ],
        aim: "Learn their customer's timeline and get our payment date. Talk only to our customer; never contact theirs.",
      }),
    },
  },
  {
    id: "reply.waiting_for_exchange_rate",
    kind: "script",
    channel: null,
    causes: "*",
    excuse: "waiting_for_exchange_rate",
    tone: "friendly",
    title: { zh: "“等汇率合适再付”", en: '"We\'re waiting for a better exchange rate"' },
    text: {
      zh: reply("zh", {
        says: "“现在汇率不合适,等一等再换汇付款。”",
        answer: [
          "“理解,汇率对您的成本影响很大。发票是按合同币种结算的,金额不会变。要不要考虑分批换汇、分批付款?这样也能分散风险。”",
        ],
        follow: ["“您看先付一部分,剩下的在哪天之前付完比较合适?”"],
        aim: "约定分批付款的金额和日期,或者一个明确的最晚付款日期。",
      }),
      en: reply("en", {
        says: "\"The exchange rate isn't good right now; we'll wait before converting and paying.\"",
        answer: [
          '"I understand, the rate makes a real difference to your costs. The invoice is settled in the contract currency, so the amount stays the same. Would paying in parts help? Converting in stages also spreads the risk."',
        ],
        follow: ['"Could you pay part now? By which date would the rest suit you?"'],
        aim: "Agree amounts and dates for payment in parts, or one clear latest payment date.",
      }),
    },
  },
  {
    id: "reply.will_pay_next_week",
    kind: "script",
    channel: null,
    causes: "*",
    excuse: "will_pay_next_week",
    tone: "friendly",
    title: { zh: "“下周付”", en: '"We\'ll pay next week"' },
    text: {
      zh: reply("zh", {
        says: "“下周付。”",
        answer: ["“好的,谢谢您!为了我这边好跟财务对账,能不能定一下是下周哪一天、付多少?”"],
        follow: [
          "“是全额{{amountOverdue}}吗?如果下周只能付一部分,也请告诉我,我们把余下部分的日期一起定了。”",
          "“好的,{{promiseDate}}付{{promiseAmount}},我记下了,到时候跟您确认到账。”",
        ],
        aim: "把“下周”变成具体的日期和金额,并在当天跟进。",
      }),
      en: reply("en", {
        says: '"We\'ll pay next week."',
        answer: ['"Great, thank you! So I can plan with our finance team, which day next week, and how much?"'],
        follow: [
          '"Is that the full {{amountOverdue}}? If only part is possible next week, just tell me and we\'ll set a date for the rest too."',
          '"Fine, {{promiseAmount}} on {{promiseDate}}, noted. I\'ll confirm with you when it arrives."',
        ],
        aim: 'Turn "next week" into a specific date and amount, and follow up on that day.',
      }),
    },
  },
  {
    id: "reply.other",
    kind: "script",
    channel: null,
    causes: "*",
    excuse: "other",
    tone: "friendly",
    title: { zh: "其他理由", en: "Other reasons" },
    text: {
      zh: reply("zh", {
        says: "客户给出其他理由,或者不愿说明原因。",
        answer: ["“明白了,谢谢您告诉我。我确认一下我理解得对不对:您的意思是……,是吗?”"],
        follow: [
          "“在这种情况下,您觉得什么时候、用什么方式付款比较可行?分期也可以商量。”",
          "对方还没想好时:“那我们约个时间再谈,您看哪天方便?我到时候打给您。”",
        ],
        aim: "弄清真正的原因并登记下来,得到一个日期:付款日期、分期方案,或者下一次通话的时间。",
      }),
      en: reply("en", {
        says: "The customer gives another reason, or would rather not say why.",
        answer: ['"I see, thank you for telling me. Let me check I\'ve understood: you mean ..., is that right?"'],
        follow: [
          '"Given that, when and how would payment be workable for you? We can also talk about installments."',
          "If they aren't ready: \"Then let's find another time to talk. Which day suits you? I'll call you then.\"",
        ],
        aim: "Find and record the real reason, and leave with a date: a payment date, a plan, or the next call.",
      }),
    },
  },
];

// ---------------------------------------------------------------------------------------------------------------
// Templates

const TEMPLATES: readonly Script[] = [
  {
    id: "email.friendly_reminder",
    kind: "template",
    channel: "email",
    causes: ["forgot", "habitual", "middleman", "fx_wait", "switched_supplier", "unreachable"],
    excuse: null,
    tone: "friendly",
    title: { zh: "友好付款提醒(邮件)", en: "Friendly payment reminder (email)" },
    subject: {
      zh: "付款提醒:{{customerName}}未结款项{{amountOverdue}}",
      en: "Friendly reminder: {{amountOverdue}} open on your account",
    },
    text: {
      zh: lines(
        "{{contactName}}您好:",
        "",
        "我是{{companyName}}的{{collectorName}}。温馨提醒您,贵司以下发票已过付款期,我们目前还没有收到款项:",
        "",
        "{{invoiceList}}",
        "",
        "合计:{{amountOverdue}}(最早到期日:{{oldestDueDate}})",
        "",
        "可能是近期工作繁忙一时遗漏,烦请您方便时安排付款。收款信息如下:",
        "{{paymentDetails}}",
        "",
        "如果款项已经付出,请忽略本邮件,并麻烦告知付款日期,方便我们核对。如有任何疑问,欢迎致电{{callbackPhone}}与我联系。",
        "",
        "感谢您一直以来的支持!",
        "",
        SIGNATURE.zh,
      ),
      en: lines(
        "Dear {{contactName}},",
        "",
        "This is {{collectorName}} from {{companyName}}. Just a friendly reminder that the following invoices are past their due date and we haven't received payment yet:",
        "",
        "{{invoiceList}}",
        "",
        "Total: {{amountOverdue}} (oldest due date: {{oldestDueDate}})",
        "",
        "It may simply have slipped through during a busy time. When convenient, please arrange payment to:",
        "{{paymentDetails}}",
        "",
        "If you have already paid, please ignore this email and let me know the payment date so we can match it. For any questions, call me on {{callbackPhone}}.",
        "",
        "Thank you for your business.",
        "",
        SIGNATURE.en,
      ),
    },
  },
  {
    id: "sms.friendly_reminder",
    kind: "template",
    channel: "sms",
    causes: ["forgot", "habitual", "middleman", "fx_wait", "switched_supplier", "unreachable"],
    excuse: null,
    tone: "friendly",
    title: { zh: "友好付款提醒(短信)", en: "Friendly payment reminder (SMS)" },
    text: {
      zh: "【{{companyName}}】您好,{{oldestDueDate}}到期货款{{amountOverdue}}尚未收到,烦请安排。疑问请联系{{collectorName}} {{callbackPhone}}。退订回T",
      en: "{{companyName}}: a reminder that {{amountOverdue}} due {{oldestDueDate}} is still open. Questions? Call {{collectorName}} on {{callbackPhone}}. Reply STOP to opt out",
    },
  },
  {
    id: "email.statement",
    kind: "template",
    channel: "email",
    causes: "*",
    excuse: null,
    tone: "formal",
    title: { zh: "对账单(邮件)", en: "Statement of account (email)" },
    subject: {
      zh: "{{companyName}}对账单:{{customerName}}",
      en: "Statement of account for {{customerName}} from {{companyName}}",
    },
    text: {
      zh: lines(
        "{{contactName}}您好:",
        "",
        "附件是截至今日贵司与{{companyName}}的往来对账单,请您核对。目前未结清的发票如下:",
        "",
        "{{invoiceList}}",
        "",
        "其中已到期未付金额:{{amountOverdue}},最早到期日:{{oldestDueDate}}。",
        "",
        "烦请核对后回复确认余额。如核对无误,请在对账单上签字盖章后回传,作为双方的对账确认;如有不符,请注明有差异的发票和金额,我们会尽快核查。",
        "",
        "收款信息如下:",
        "{{paymentDetails}}",
        "",
        "如有疑问,请致电{{callbackPhone}}联系{{collectorName}}。",
        "",
        "此致",
        "敬礼",
        "",
        SIGNATURE.zh,
      ),
      en: lines(
        "Dear {{contactName}},",
        "",
        "Please find attached your statement of account with {{companyName}} as of today. The open invoices are:",
        "",
        "{{invoiceList}}",
        "",
        "Of this, {{amountOverdue}} is past due; the oldest due date is {{oldestDueDate}}.",
        "",
        "Please check the statement and reply to confirm the balance. If it is correct, we would be grateful if you could sign and stamp it and send it back as our mutual confirmation. If anything differs, please tell us which invoices and amounts, and we will look into it promptly.",
        "",
        "Our payment details:",
        "{{paymentDetails}}",
        "",
        "For any questions, please call {{collectorName}} on {{callbackPhone}}.",
        "",
        "Kind regards,",
        "",
        SIGNATURE.en,
      ),
    },
  },
  {
    id: "email.plan_offer",
    kind: "template",
    channel: "email",
    causes: ["hardship", "habitual", "deliberate"],
    excuse: null,
    tone: "friendly",
    title: { zh: "分期付款方案(邮件)", en: "Payment plan offer (email)" },
    subject: {
      zh: "关于{{amountOverdue}}的分期付款方案",
      en: "A payment plan for your balance of {{amountOverdue}}",
    },
    text: {
      zh: lines(
        "{{contactName}}您好:",
        "",
        "感谢您上次坦诚地跟我们沟通贵司的情况。为了减轻一次性付款的压力,我们拟了以下几个分期方案,供您选择:",
        "",
        "未结清发票:",
        "{{invoiceList}}",
        "合计:{{amountOverdue}}",
        "",
        "方案一:{{promiseDate}}前先付{{promiseAmount}},余款分三期,每两周一期,每期金额相同。",
        "方案二:先付一笔贵司能承受的首付款,余款按月分四期。",
        "方案三:由贵司提出适合自身回款节奏的金额和日期,我们一起商量。",
        "",
        "每期到期前,我们都会提前提醒您。收款信息:",
        "{{paymentDetails}}",
        "",
        "请回复告诉我您倾向哪个方案,或者直接致电{{callbackPhone}}与我商量。方案确定后,我们会整理一份简单的还款计划,请双方签字确认。",
        "",
        SIGNATURE.zh,
      ),
      en: lines(
        "Dear {{contactName}},",
        "",
        "Thank you for talking openly with us about your situation. To ease the pressure of paying everything at once, we have put together a few payment plan options for you to choose from:",
        "",
        "Open invoices:",
        "{{invoiceList}}",
        "Total: {{amountOverdue}}",
        "",
        "Option 1: {{promiseAmount}} by {{promiseDate}}, then the rest in three equal installments two weeks apart.",
        "Option 2: a first payment of an amount you can manage, then the rest in four monthly installments.",
        "Option 3: you propose amounts and dates that fit your own cash flow, and we agree them together.",
        "",
        "We will send a reminder before each installment. Our payment details:",
        "{{paymentDetails}}",
        "",
        "Please reply with the option you prefer, or call me on {{callbackPhone}} to talk it through. Once we agree, we'll prepare a short repayment schedule for both sides to sign.",
        "",
        SIGNATURE.en,
      ),
    },
  },
  {
    id: "email.dispute_evidence",
    kind: "template",
    channel: "email",
    causes: ["dispute"],
    excuse: null,
    tone: "formal",
    title: { zh: "异议核查结果及单据(邮件)", en: "Findings on a dispute, with documents (email)" },
    subject: {
      zh: "关于贵司所提异议的核查情况及相关单据",
      en: "Your query on our invoices: our findings and supporting documents",
    },
    text: {
      zh: lines(
        "{{contactName}}您好:",
        "",
        "感谢您反馈的问题。我们已就贵司提出的异议核查了相关资料,情况如下,相关单据请见附件。",
        "",
        "涉及发票:",
        "{{invoiceList}}",
        "",
        "1. 合同:双方签订的合同对规格、数量、价格及验收方式均有约定(见附件相关条款)。",
        "2. 送货记录:送货单载明了货物的送达日期、数量及贵司签收人(见附件)。",
        "3. 发票:发票金额与合同及送货单一致。",
        "",
        "如贵司仍有不同意见,请告知具体的差异并提供相关依据,我们愿意安排双方负责人会面核对。核查期间,有争议的发票暂停催收;其他无争议的款项,烦请按原约定安排付款:",
        "{{paymentDetails}}",
        "",
        "如有疑问,请致电{{callbackPhone}}联系{{collectorName}}。",
        "",
        "此致",
        "敬礼",
        "",
        SIGNATURE.zh,
      ),
      en: lines(
        "Dear {{contactName}},",
        "",
        "Thank you for raising your concerns. We have reviewed the records relating to your query; our findings are below and the supporting documents are attached.",
        "",
        "Invoices concerned:",
        "{{invoiceList}}",
        "",
        "1. Contract: the signed contract sets out the specification, quantity, price and acceptance procedure (see the attached clauses).",
        "2. Delivery: the delivery notes show the delivery dates, quantities and the person at your company who signed for the goods (attached).",
        "3. Invoices: the invoiced amounts match the contract and the delivery notes.",
        "",
        "If you still see things differently, please let us know the specific points with any supporting documents, and we will gladly arrange a meeting between both teams. While we review, collection on the disputed invoices is on hold. For the undisputed amounts, please arrange payment as agreed to:",
        "{{paymentDetails}}",
        "",
        "For any questions, please call {{collectorName}} on {{callbackPhone}}.",
        "",
        "Kind regards,",
        "",
        SIGNATURE.en,
      ),
    },
  },
  {
    id: "email.firm_reminder",
    kind: "template",
    channel: "email",
    causes: ["habitual", "deliberate"],
    excuse: null,
    tone: "firm",
    title: { zh: "逾期付款提醒(邮件,坚定)", en: "Overdue payment reminder (email, firm)" },
    subject: {
      zh: "逾期账款{{amountOverdue}}:请确认付款日期",
      en: "Overdue balance of {{amountOverdue}}: please confirm your payment date",
    },
    text: {
      zh: lines(
        "{{contactName}}您好:",
        "",
        "我是{{companyName}}的{{collectorName}}。贵司以下发票已逾期{{daysPastDue}}天,我们此前已多次提醒,至今仍未收到款项:",
        "",
        "{{invoiceList}}",
        "逾期合计:{{amountOverdue}}(最早到期日:{{oldestDueDate}})",
        "",
        "按时付款是我们为贵司提供赊销账期的前提。请您在五个工作日内安排付款,或回复确认具体的付款日期和金额。如一次付清确有困难,请与我联系,我们可以商定分期方案。",
        "",
        "收款信息:",
        "{{paymentDetails}}",
        "",
        "如账款持续逾期,我司将按内部流程重新评估贵司的账期和信用额度。期待您的回复;如有疑问,请致电{{callbackPhone}}。",
        "",
        SIGNATURE.zh,
      ),
      en: lines(
        "Dear {{contactName}},",
        "",
        "This is {{collectorName}} from {{companyName}}. The invoices below are now {{daysPastDue}} days overdue. We have sent several reminders and have still not received payment:",
        "",
        "{{invoiceList}}",
        "Total overdue: {{amountOverdue}} (oldest due date: {{oldestDueDate}})",
        "",
        "Our credit terms depend on payment on time. Please arrange payment within five working days, or reply with a specific payment date and amount. If paying in full at once is difficult, please contact me and we can agree an installment plan.",
        "",
        "Our payment details:",
        "{{paymentDetails}}",
        "",
        "If the balance stays overdue, our internal process will lead us to review your payment terms and credit limit. I look forward to your reply; for any questions, please call me on {{callbackPhone}}.",
        "",
        SIGNATURE.en,
      ),
    },
  },
  {
    id: "sms.firm_reminder",
    kind: "template",
    channel: "sms",
    causes: ["habitual", "deliberate"],
    excuse: null,
    tone: "firm",
    title: { zh: "逾期付款提醒(短信,坚定)", en: "Overdue payment reminder (SMS, firm)" },
    text: {
      zh: "【{{companyName}}】您好,贵司货款{{amountOverdue}}已逾期{{daysPastDue}}天,请尽快安排或来电商定分期。{{collectorName}}{{callbackPhone}} 退订回T",
      en: "{{companyName}}: {{amountOverdue}} is {{daysPastDue}} days overdue. Please pay, or call {{collectorName}} on {{callbackPhone}} to agree a plan. Reply STOP to opt out",
    },
  },
  {
    id: "email.fx_check_in",
    kind: "template",
    channel: "email",
    causes: ["fx_wait"],
    excuse: null,
    tone: "friendly",
    title: { zh: "付款安排沟通(等汇率,邮件)", en: "Payment check-in (exchange rate, email)" },
    subject: {
      zh: "付款安排沟通:{{amountOverdue}}",
      en: "Checking in on the payment of {{amountOverdue}}",
    },
    text: {
      zh: lines(
        "{{contactName}}您好:",
        "",
        "希望您一切顺利。我是{{companyName}}的{{collectorName}}。最近汇率波动较大,想跟您沟通一下以下发票的付款安排:",
        "",
        "{{invoiceList}}",
        "合计:{{amountOverdue}}(最早到期日:{{oldestDueDate}})",
        "",
        "发票按合同币种结算,金额不随汇率变化。如果一次性换汇不合适,可以考虑分批付款,这样也能分散汇率风险。请告诉我您计划的付款时间和金额,我们这边提前做好对账准备。",
        "",
        "另外,我们新订单的报价有有效期。如有新的采购计划,欢迎随时联系我,我帮您确认最新价格。",
        "",
        "收款信息:",
        "{{paymentDetails}}",
        "",
        "如有疑问,请致电{{callbackPhone}},或直接回复本邮件。",
        "",
        SIGNATURE.zh,
      ),
      en: lines(
        "Dear {{contactName}},",
        "",
        "I hope all is well. This is {{collectorName}} from {{companyName}}. With exchange rates moving a lot recently, I wanted to check in about the payment of these invoices:",
        "",
        "{{invoiceList}}",
        "Total: {{amountOverdue}} (oldest due date: {{oldestDueDate}})",
        "",
        "The invoices are settled in the contract currency, so the amount does not change with the rate. If converting everything at once isn't ideal, paying in parts is an option and spreads the exchange-rate risk. Could you let me know when and how much you plan to pay, so we can prepare on our side?",
        "",
        "Also, our quotes for new orders are valid for a limited time. If you have new purchases in mind, just let me know and I'll confirm current prices for you.",
        "",
        "Our payment details:",
        "{{paymentDetails}}",
        "",
        "For any questions, call me on {{callbackPhone}} or simply reply to this email.",
        "",
        SIGNATURE.en,
      ),
    },
  },
  {
    id: "email.middleman_check_in",
    kind: "template",
    channel: "email",
    causes: ["middleman"],
    excuse: null,
    tone: "friendly",
    title: { zh: "跟进下游回款进度(中间商,邮件)", en: "Check-in on their customer's payment (middleman, email)" },
    subject: {
      zh: "跟进:{{customerName}}未结款项进度",
      en: "Following up on your open balance with {{companyName}}",
    },
    text: {
      zh: lines(
        "{{contactName}}您好:",
        "",
        "我是{{companyName}}的{{collectorName}}。理解贵司也在等待下游客户回款,想跟您了解一下最新进展。",
        "",
        "目前未结清的发票:",
        "{{invoiceList}}",
        "合计:{{amountOverdue}}(最早到期日:{{oldestDueDate}})",
        "",
        "方便的话,请告诉我:",
        "1. 下游客户预计什么时候付款?",
        "2. 收到下游款项后,贵司大约几天内可以安排付给我们?",
        "3. 在此之前,是否可以先付一部分?",
        "",
        "收款信息:",
        "{{paymentDetails}}",
        "",
        "有任何进展,欢迎随时回复本邮件或致电{{callbackPhone}}。感谢您的配合!",
        "",
        SIGNATURE.zh,
      ),
      en: lines(
        "Dear {{contactName}},",
        "",
        "This is {{collectorName}} from {{companyName}}. We understand you are waiting for your own customer to pay, and I wanted to catch up on where things stand.",
        "",
        "Open invoices:",
        "{{invoiceList}}",
        "Total: {{amountOverdue}} (oldest due date: {{oldestDueDate}})",
        "",
        "When you have a moment, could you let me know:",
        "1. When is your customer expected to pay?",
        "2. How many days after that could you pay us?",
        "3. Could part of the balance be paid before then?",
        "",
        "Our payment details:",
        "{{paymentDetails}}",
        "",
        "Whenever there's news, just reply to this email or call me on {{callbackPhone}}. Thank you for your help!",
        "",
        SIGNATURE.en,
      ),
    },
  },
  {
    id: "email.thank_you",
    kind: "template",
    channel: "email",
    causes: "*",
    excuse: null,
    tone: "friendly",
    title: { zh: "收款致谢(邮件)", en: "Thank you for your payment (email)" },
    subject: { zh: "款项已收到,谢谢!", en: "Payment received, thank you" },
    text: {
      zh: lines(
        "{{contactName}}您好:",
        "",
        "我是{{companyName}}的{{collectorName}}。贵司最近的付款我们已经收到并入账,非常感谢您的及时安排!",
        "",
        "如账上还有未结清的款项,我们会另行发送对账单供您核对。今后有任何付款或对账方面的问题,欢迎随时致电{{callbackPhone}}找我。",
        "",
        "期待与贵司继续合作!",
        "",
        SIGNATURE.zh,
      ),
      en: lines(
        "Dear {{contactName}},",
        "",
        "This is {{collectorName}} from {{companyName}}. Your recent payment has arrived and been applied to your account. Thank you very much for arranging it!",
        "",
        "If anything remains open, we will send a statement for you to check. For any questions about payments or your account, you can always call me on {{callbackPhone}}.",
        "",
        "We look forward to continuing to work with you.",
        "",
        SIGNATURE.en,
      ),
    },
  },
  {
    id: "letter.reminder",
    kind: "template",
    channel: "letter",
    causes: "*",
    excuse: null,
    tone: "formal",
    title: { zh: "催款函", en: "Payment reminder letter" },
    subject: { zh: "催款函", en: "Payment reminder" },
    text: {
      zh: lines(
        "致:{{customerName}}",
        "{{contactName}}先生/女士:",
        "",
        "承蒙贵司一直以来的支持与合作,谨致谢意。",
        "",
        "经核对,截至本函发出之日,贵司尚有以下款项未结清:",
        "",
        "{{invoiceList}}",
        "",
        "逾期金额合计:{{amountOverdue}},其中最早一笔于{{oldestDueDate}}到期,已逾期{{daysPastDue}}天。",
        "",
        "烦请贵司核对上述款项,并于收到本函后十五日内支付至以下账户:",
        "{{paymentDetails}}",
        "",
        "如贵司对上述金额有异议,请于收到本函后七日内书面告知并附相关依据,以便双方核对。如一次付清确有困难,欢迎与我们联系商定分期付款安排。如贵司已付款,请将付款凭证发给我们,并请忽略本函。",
        "",
        "联系人:{{collectorName}}",
        "联系电话:{{callbackPhone}}",
        "",
        "{{companyName}}",
        "(盖章)",
        "日期:",
      ),
      en: lines(
        "To: {{customerName}}",
        "Attn: {{contactName}}",
        "",
        "Thank you for your continued business with us.",
        "",
        "According to our records, the following amounts remain unpaid as of the date of this letter:",
        "",
        "{{invoiceList}}",
        "",
        "Total overdue: {{amountOverdue}}. The oldest item fell due on {{oldestDueDate}} and is {{daysPastDue}} days overdue.",
        "",
        "Please check these amounts and arrange payment within fifteen days of receiving this letter to:",
        "{{paymentDetails}}",
        "",
        "If you disagree with any amount, please let us know in writing within seven days of receipt, with supporting documents, so we can review it together. If paying in full at once is difficult, please contact us to agree an installment plan. If you have already paid, please send us the remittance details and disregard this letter.",
        "",
        "Contact: {{collectorName}}",
        "Phone: {{callbackPhone}}",
        "",
        "{{companyName}}",
        "(company seal)",
        "Date:",
      ),
    },
  },
  {
    id: "letter.final_demand",
    kind: "template",
    channel: "letter",
    causes: ["habitual", "deliberate"],
    excuse: null,
    tone: "formal",
    title: { zh: "正式催告函", en: "Final demand letter" },
    subject: { zh: "付款催告函", en: "Final demand for payment" },
    text: {
      zh: lines(
        "致:{{customerName}}",
        "{{contactName}}先生/女士:",
        "",
        "关于贵司应付我司的货款,我司此前已通过电话、邮件及书面函件多次与贵司联系,但截至本函发出之日,我司仍未收到款项,双方也未就付款安排达成一致。",
        "",
        "未结清款项明细:",
        "{{invoiceList}}",
        "",
        "逾期金额合计:{{amountOverdue}},最早到期日:{{oldestDueDate}},已逾期{{daysPastDue}}天。",
        "",
        "我司郑重请求贵司于本函发出之日起十四日内,将上述款项支付至以下账户:",
        "{{paymentDetails}}",
        "",
        "如贵司一次付清确有困难,请在上述期限内与我司联系,以书面形式确认分期付款方案。我司仍愿意通过协商解决此事。",
        "",
        "如在上述期限内既未收到款项,也未收到贵司答复,我司将把本事项提交公司管理层,依照合同约定决定后续处理方式,以维护我司的合法权益。",
        "",
        "本函同时作为我司向贵司主张上述款项的书面凭证。",
        "",
        "联系人:{{collectorName}}",
        "联系电话:{{callbackPhone}}",
        "",
        "{{companyName}}",
        "(盖章)",
        "日期:",
      ),
      en: lines(
        "To: {{customerName}}",
        "Attn: {{contactName}}",
        "",
        "We have contacted you several times by phone, email and letter about the amounts you owe us. As of the date of this letter we have not received payment, and no payment arrangement has been agreed.",
        "",
        "Unpaid items:",
        "{{invoiceList}}",
        "",
        "Total overdue: {{amountOverdue}}; oldest due date {{oldestDueDate}}; {{daysPastDue}} days overdue.",
        "",
        "We formally request payment of the above within fourteen days of the date of this letter to:",
        "{{paymentDetails}}",
        "",
        "If paying in full at once is difficult, please contact us within the same period to confirm an installment plan in writing. We remain willing to resolve this by agreement.",
        "",
        "If within that period we receive neither payment nor a reply, the matter will be referred to our management, who will decide on next steps in accordance with our contract in order to protect our rights.",
        "",
        "This letter also serves as our written claim for the amounts above.",
        "",
        "Contact: {{collectorName}}",
        "Phone: {{callbackPhone}}",
        "",
        "{{companyName}}",
        "(company seal)",
        "Date:",
      ),
    },
  },
  {
    id: "letter.lawyer_draft",
    kind: "template",
    channel: "letter",
    causes: ["deliberate"],
    excuse: null,
    tone: "formal",
    title: { zh: "律师函(草稿,供律师审核签署)", en: "Lawyer's letter (draft for a lawyer to review and sign)" },
    subject: { zh: "律师函", en: "Letter before action" },
    text: {
      zh: lines(
        "律师函",
        "(草稿:仅在公司批准采取法律措施后使用,由承办律师审核、修改并签署后发出)",
        "",
        "致:{{customerName}}",
        "{{contactName}}先生/女士:",
        "",
        "[律师事务所名称]接受{{companyName}}(以下简称“委托人”)的委托,就贵司拖欠委托人货款一事,致函如下:",
        "",
        "一、根据委托人提供的合同、送货单、发票及往来函件,委托人已按约向贵司交付货物,贵司应按约定支付货款。截至本函发出之日,贵司尚欠委托人货款合计{{amountOverdue}},明细如下:",
        "{{invoiceList}}",
        "其中最早一笔于{{oldestDueDate}}到期,已逾期{{daysPastDue}}天。",
        "",
        "二、委托人此前已多次通过电话、邮件及书面催款函向贵司催收,贵司至今未付款,也未提出书面异议。",
        "",
        "三、本律师受托函告:请贵司于收到本函之日起十五日内,将上述欠款支付至委托人以下账户:",
        "{{paymentDetails}}",
        "如对付款安排有意见,请在上述期限内与委托人联系人{{collectorName}}(电话:{{callbackPhone}})或本律师联系协商。",
        "",
        "四、如贵司在上述期限内未付款,也未与委托人达成书面还款安排,本律师将建议委托人依法向有管辖权的人民法院提起诉讼,或依合同约定申请仲裁,并依照合同[条款编号]主张相应的逾期付款违约金及费用。",
        "",
        "特此函告。",
        "",
        "[律师事务所名称]",
        "[承办律师]律师",
        "日期:",
      ),
      en: lines(
        "LAWYER'S LETTER",
        "(Draft: for use only once legal action has been approved; to be reviewed, amended and signed by the instructed lawyer)",
        "",
        "To: {{customerName}}",
        "Attn: {{contactName}}",
        "",
        '[Law firm] acts for {{companyName}} ("our client") in relation to unpaid amounts owed by you to our client, and writes as follows:',
        "",
        "1. According to the contract, delivery notes, invoices and correspondence provided by our client, our client delivered the goods as agreed and you are obliged to pay for them. As of the date of this letter, you owe our client {{amountOverdue}}, as follows:",
        "{{invoiceList}}",
        "The oldest item fell due on {{oldestDueDate}} and is {{daysPastDue}} days overdue.",
        "",
        "2. Our client has asked you for payment several times by phone, email and letter. No payment has been made and no written objection has been raised.",
        "",
        "3. We request that you pay the above amount within fifteen days of receiving this letter to our client's account:",
        "{{paymentDetails}}",
        "If you wish to discuss a payment arrangement, please contact our client's representative {{collectorName}} (phone: {{callbackPhone}}) or the undersigned within that period.",
        "",
        "4. If within that period you neither pay nor agree a written repayment arrangement with our client, we will advise our client to bring proceedings before the competent court, or to start arbitration under the contract, and to claim late-payment charges and costs under clause [clause number] of the contract.",
        "",
        "Yours faithfully,",
        "",
        "[Law firm]",
        "[Lawyer]",
        "Date:",
      ),
    },
  },
  {
    id: "doc.repayment_agreement",
    kind: "template",
    channel: null,
    causes: ["hardship", "deliberate"],
    excuse: null,
    tone: "formal",
    title: { zh: "还款协议(提纲)", en: "Repayment agreement (outline)" },
    text: {
      zh: lines(
        "还款协议",
        "",
        "甲方(债权人):{{companyName}}",
        "乙方(债务人):{{customerName}}",
        "",
        "一、欠款确认",
        "乙方确认,截至本协议签订之日,乙方尚欠甲方货款合计{{amountOverdue}},明细如下:",
        "{{invoiceList}}",
        "",
        "二、还款安排",
        "1. 首期:乙方于{{promiseDate}}前向甲方支付{{promiseAmount}};",
        "2. 余款:分____期支付,每期金额____,付款日期分别为____;",
        "3. 收款账户:{{paymentDetails}}。",
        "",
        "三、付款提醒",
        "甲方在每期付款日前三个工作日提醒乙方。乙方如预计不能按期付款,应提前告知甲方,双方协商调整。",
        "",
        "四、后续交易",
        "本协议履行期间,乙方的新订单按先款后货方式结算,双方另有书面约定的除外。",
        "",
        "五、未按期付款",
        "乙方未按本协议约定付款且经甲方提醒后仍未支付的,甲方有权要求乙方一并支付剩余全部款项,并依照原合同约定处理。",
        "",
        "六、其他",
        "1. 本协议是乙方对上述欠款的确认,一式两份,双方各执一份,自双方签字盖章之日起生效。",
        "2. 联系人:甲方{{collectorName}},电话{{callbackPhone}};乙方{{contactName}}。",
        "",
        "甲方(盖章):                乙方(盖章):",
        "代表签字:                  代表签字:",
        "日期:                      日期:",
      ),
      en: lines(
        "REPAYMENT AGREEMENT",
        "",
        "Party A (creditor): {{companyName}}",
        "Party B (debtor): {{customerName}}",
        "",
        "1. Acknowledgement of debt",
        "Party B confirms that, as of the date of this agreement, it owes Party A {{amountOverdue}}, made up as follows:",
        "{{invoiceList}}",
        "",
        "2. Repayment schedule",
        "a) First payment: Party B pays Party A {{promiseAmount}} by {{promiseDate}};",
        "b) Remaining balance: in ____ installments of ____ each, due on ____;",
        "c) Payment account: {{paymentDetails}}.",
        "",
        "3. Reminders",
        "Party A reminds Party B three working days before each installment. If Party B expects to miss a date, it tells Party A in advance and the parties agree an adjustment.",
        "",
        "4. New orders",
        "While this agreement is in force, new orders from Party B are paid before delivery, unless the parties agree otherwise in writing.",
        "",
        "5. Missed installments",
        "If Party B misses an installment and does not pay after a reminder from Party A, Party A may ask for the whole remaining balance, to be handled under the original contract.",
        "",
        "6. General",
        "a) This agreement is Party B's acknowledgement of the debt above. It is made in two copies, one for each party, and takes effect when both parties have signed and stamped it.",
        "b) Contacts: Party A {{collectorName}}, phone {{callbackPhone}}; Party B {{contactName}}.",
        "",
        "Party A (seal):                Party B (seal):",
        "Signed for Party A:            Signed for Party B:",
        "Date:                          Date:",
      ),
    },
  },
];

// ---------------------------------------------------------------------------------------------------------------
// The library and its look-ups

export const SCRIPTS: readonly Script[] = Object.freeze([...TALK_TRACKS, ...EXCUSE_REPLIES, ...TEMPLATES]);

const BY_ID: ReadonlyMap<string, Script> = new Map(SCRIPTS.map((s) => [s.id, s]));

const BY_EXCUSE: ReadonlyMap<Excuse, Script> = new Map(
  SCRIPTS.flatMap((s) => (s.excuse === null ? [] : [[s.excuse, s] as const])),
);

export function scriptById(id: string): Script | undefined {
  return BY_ID.get(id);
}

/** The suggested reply to an excuse; the library holds exactly one per excuse. */
export function replyForExcuse(excuse: Excuse): Script {
  const found = BY_EXCUSE.get(excuse);
  if (!found) throw new Error(`no reply for excuse "${excuse}" in the script library`);
  return found;
}

const VARIABLE_SET: ReadonlySet<string> = new Set(SCRIPT_VARIABLES);
const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;

/** The {{variables}} a text uses, in order of first use. */
export function variablesIn(text: string): string[] {
  return [...new Set(Array.from(text.matchAll(PLACEHOLDER), (m) => m[1] ?? ""))];
}

/**
 * Fills in a script's text. A variable that is unknown, missing or blank is shown as "[name]", so the collector
 * sees what still has to be filled in.
 */
export function renderScript(script: Script, lang: Lang, vars: Partial<Record<ScriptVariable, string>>): string {
  return renderText(script.text[lang], vars);
}

/** The same substitution for any text, e.g. an email subject. */
export function renderText(text: string, vars: Partial<Record<ScriptVariable, string>>): string {
  return text.replace(PLACEHOLDER, (_match, name: string) => {
    const value = VARIABLE_SET.has(name) ? vars[name as ScriptVariable] : undefined;
    return value === undefined || value.trim() === "" ? `[${name}]` : value;
  });
}
