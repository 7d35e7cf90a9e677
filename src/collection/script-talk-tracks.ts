// Talk tracks for calls and visits, by cause and stage: what to prepare, how to open, the key points, the ask and
// the close. Wording follows the conduct rules: friendly or firm, never threatening, options instead of ultimatums.

import { track } from "./script-text.ts";
import type { Script } from "./scripts.ts";

export const TALK_TRACKS: readonly Script[] = [
  {
    id: "call.forgot.reminder",
    kind: "script",
    channel: null,
    causes: ["forgot"],
    excuse: null,
    tone: "friendly",
    stage: "first_reminder",
    title: { zh: "友好提醒(疏忽型)", en: "Friendly reminder (oversight)" },
    text: {
      zh: track("zh", {
        opening: ["“{contact}您好,我是{company}的{collector}。耽误您两分钟,想跟您核对一笔货款,现在说话方便吗?”"],
        points: [
          "- 先核对事实:{invoice_list},合计{amount},最早一张{due_date}到期。",
          "- 语气轻松,不追问原因:“月底事情多,一时没排上很正常。”",
          "- 让付款变简单:“收款信息是{payment_details}。挂了电话我把发票明细和账户信息一起发给您,您直接转账就行。”",
        ],
        ask: [
          "“您看这笔款大概哪天能安排出去?我记一下,到时候就不多打扰您了。”",
          "- 对方给出日期后复述一遍:“好的,{promise_date}付{promise_amount},我这边记下了。”",
        ],
        close: [
          "“谢谢您!有任何问题打{callback_phone}找我。款到了我跟您说一声。”",
          "- 通话后当天发出付款信息,并在系统里登记承诺日期。",
        ],
      }),
      en: track("en", {
        opening: [
          '"Hello {contact}, this is {collector} from {company}. Have you got two minutes? I\'d like to check one open balance with you."',
        ],
        points: [
          "- Confirm the facts: {invoice_list}, {amount} in total, the oldest due on {due_date}.",
          '- Keep it light and don\'t ask why: "Things slip through at busy times, it happens to everyone."',
          '- Make paying easy: "Payment goes to {payment_details}. I\'ll send you the invoice details and our bank details right after this call."',
        ],
        ask: [
          "\"Which day could you schedule the payment for? I'll note it so I don't need to chase you.\"",
          '- Repeat the promise back: "So that\'s {promise_amount} on {promise_date}. Thank you."',
        ],
        close: [
          "\"Thanks a lot. If anything comes up, I'm on {callback_phone}. I'll let you know once it arrives.\"",
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
    stage: "first_reminder",
    title: { zh: "倾听了解情况(困难型)", en: "Listen and understand (hardship)" },
    text: {
      zh: track("zh", {
        opening: [
          "“{contact}您好,我是{company}的{collector}。今天打电话主要是想了解一下您那边最近的情况,看看这笔{amount}的货款怎么安排,对双方都合适。”",
        ],
        points: [
          "- 多听少说。让对方把情况讲完,不打断、不评判。",
          "- 表示理解:“做生意有起有落,资金一时周转不开,我们能理解。”",
          "- 了解清楚:困难是暂时的还是会持续一段时间?预计什么时候回款好转?现在每月大概能拿出多少?",
          "- 说明我们的想法:“我们希望继续合作,所以更愿意跟您一起想办法,而不是让这笔账一直挂着。”",
          "- 记下对方提到的关键事实和时间点,下次联系前先看一遍。",
        ],
        ask: ["“您看能不能先付一部分,金额小一点也没关系,剩下的我们按您的回款节奏分几期?您觉得每期多少比较现实?”"],
        close: ["“谢谢您跟我说实话。我这两天整理一个分期方案发给您确认。有什么变化随时打{callback_phone}找我。”"],
      }),
      en: track("en", {
        opening: [
          '"Hello {contact}, this is {collector} from {company}. I\'m mainly calling to hear how things are on your side, so we can find a way to handle the {amount} that works for both of us."',
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
          '"Thank you for being open with me. I\'ll put a payment plan together in the next couple of days and send it for you to confirm. If anything changes, call me on {callback_phone}."',
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
    stage: "plan_offer",
    title: { zh: "提出分期方案(困难型)", en: "Offer a payment plan (hardship)" },
    text: {
      zh: track("zh", {
        opening: [
          "“{contact}您好,我是{company}的{collector}。上次聊过之后,我按您说的情况做了一个分期方案,想跟您一起过一下。”",
        ],
        points: [
          "- 先说总额:{invoice_list},合计{amount}。",
          "- 给两到三个选项,让对方挑,不要只给一个:",
          "  方案一:本周先付约三成,余款分三期,每两周一期;",
          "  方案二:先付一小笔首付款,余款按月分四期;",
          "  方案三:请对方提出自己能做到的金额和日期,我们再商量。",
          "- 说明每期到期前我们会提前提醒,方便对方安排资金。",
          "- 如果近期还要进货:“新订单的结算方式我们可以另外商量,旧账按分期走。”",
        ],
        ask: [
          "“这几个方案您看哪个更合适?第一期定在哪天、付多少?”",
          "- 复述确认:“好的,第一期{promise_date}付{promise_amount},其余按方案来。”",
        ],
        close: [
          "“我今天把方案用邮件发给您,您回复确认一下就行。每期之前我都会提前提醒您。有问题打{callback_phone}。谢谢您的配合。”",
        ],
      }),
      en: track("en", {
        opening: [
          '"Hello {contact}, this is {collector} from {company}. After our last conversation I drew up a payment plan based on what you told me, and I\'d like to go through it with you."',
        ],
        points: [
          "- Start with the total: {invoice_list}, {amount} altogether.",
          "- Offer two or three options and let them choose, rather than a single take-it-or-leave-it plan:",
          "  Option 1: about 30% this week, the rest in three installments two weeks apart;",
          "  Option 2: a small first payment, the rest in four monthly installments;",
          "  Option 3: they propose amounts and dates they can keep, and we discuss.",
          "- Explain that we send a reminder before each installment so they can plan their cash.",
          '- If they need new deliveries soon: "We can agree separate terms for new orders; the old balance follows the plan."',
        ],
        ask: [
          '"Which of these suits you best? When would the first installment be, and how much?"',
          '- Confirm it back: "Fine, the first installment of {promise_amount} on {promise_date}, the rest as per the plan."',
        ],
        close: [
          "\"I'll email the plan today; a short reply to confirm is all I need. I'll remind you before every installment. Any questions, call me on {callback_phone}. Thank you for working with us on this.\"",
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
    stage: "dispute_handling",
    title: { zh: "用单据核对异议(异议型)", en: "Go through the evidence (dispute)" },
    text: {
      zh: track("zh", {
        opening: [
          "“{contact}您好,我是{company}的{collector}。关于您反映的问题,我们已经查了相关单据,想跟您逐项核对一下,您看现在方便吗?”",
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
        close: ["“今天核对的内容和相关单据复印件,我整理好发给您。后续有任何问题请打{callback_phone}找我。谢谢您。”"],
      }),
      en: track("en", {
        opening: [
          '"Hello {contact}, this is {collector} from {company}. We\'ve looked into the issue you raised and checked the documents. Is now a good time to go through them point by point?"',
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
          "\"I'll send you a summary of today's points with copies of the documents. If anything else comes up, call me on {callback_phone}. Thank you.\"",
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
    stage: "follow_up",
    title: { zh: "明确付款日期(习惯性拖延)", en: "Pin down a payment date (habitual delay)" },
    text: {
      zh: track("zh", {
        opening: [
          "“{contact}您好,我是{company}的{collector}。打电话是为了贵司{amount}的货款,到今天已经逾期{days_overdue}天了。”",
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
          "“好的,{promise_date}付{promise_amount},我记下了,当天我会跟您确认到账。有事请打{callback_phone}。谢谢。”",
        ],
      }),
      en: track("en", {
        opening: [
          '"Hello {contact}, this is {collector} from {company}. I\'m calling about your balance of {amount}, which is now {days_overdue} days overdue."',
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
          '"Thank you. {promise_amount} on {promise_date}, noted. I\'ll check with you on the day that it has arrived. You can reach me on {callback_phone}."',
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
    stage: "after_broken_promise",
    title: { zh: "兑现承诺并签协议(拒付型)", en: "Broken promises: move to a signed agreement" },
    text: {
      zh: track("zh", {
        opening: [
          "“{contact}您好,我是{company}的{collector}。今天打电话是为了贵司{amount}的欠款。这笔款已经逾期{days_overdue}天,之前约定的付款日期也没有兑现。”",
        ],
        points: [
          "- 通话前查好记录:哪天承诺、承诺多少、有没有到账。通话中只讲事实,不指责、不争吵。",
          "- “我们之前约好{promise_date}付款,到现在还没收到。我想了解一下具体卡在哪里。”",
          "- 对方再讲理由时,表示听到了,再把话题拉回方案:“您说的情况我记下了。今天我们需要定一个能做到的方案。”",
          "- 说明公司的安排:新订单改为先款后货;旧账签一份还款协议,写清金额和每期日期。",
          "- 给选择,不下命令:一次结清,或者先付一部分、余款签协议分期。",
        ],
        ask: ["“您看是一次结清,还是先付一部分、余款签协议分期?第一笔哪天能付、付多少?”"],
        close: [
          "“好的,我今天把还款协议发给您,请您确认后签字盖章寄回。今天如果定不下来,我会按公司流程请主管跟进这件事。有问题打{callback_phone}找我。”",
        ],
      }),
      en: track("en", {
        opening: [
          '"Hello {contact}, this is {collector} from {company}. I\'m calling about your balance of {amount}. It is {days_overdue} days overdue, and the payment date we agreed earlier has passed without payment."',
        ],
        points: [
          "- Before the call, check the record: when they promised, how much, whether anything arrived. On the call, stick to facts; no blame, no arguing.",
          "- \"We agreed payment on {promise_date}, and it hasn't arrived. I'd like to understand what is holding it up.\"",
          '- When new reasons come up, acknowledge them and bring the talk back to a plan: "I\'ve noted that. Today we need to agree a plan you can keep."',
          "- Explain our arrangements: new orders are paid before delivery; the old balance goes into a signed repayment agreement with amounts and dates.",
          "- Offer choices, not orders: settle in one payment, or pay part now and the rest under the agreement.",
        ],
        ask: [
          '"Would you rather settle it in one go, or pay part now and sign an agreement for the rest? When can the first payment be made, and how much?"',
        ],
        close: [
          "\"Thank you. I'll send the repayment agreement today; please sign, stamp and return it. If we can't settle on a plan today, I'll pass the account to my manager under our normal process. You can reach me on {callback_phone}.\"",
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
    stage: "first_reminder",
    title: { zh: "了解下游回款时间(中间商)", en: "Ask about their customer's timeline (middleman)" },
    text: {
      zh: track("zh", {
        opening: [
          "“{contact}您好,我是{company}的{collector}。想跟您了解一下那笔{amount}的进度,您那边的客户回款有消息了吗?”",
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
          "“好的,{promise_date}付{promise_amount},我记下了。到时候我再跟您确认。中间有进展也欢迎打{callback_phone}告诉我。谢谢您。”",
        ],
      }),
      en: track("en", {
        opening: [
          '"Hello {contact}, this is {collector} from {company}. I wanted to check how things stand with the {amount}. Any news from your customer about their payment?"',
        ],
        points: [
          '- Acknowledge their position: "I know you\'re waiting on your own customer, and we understand that."',
          "- Get the timeline: when was their customer due to pay? Is there a new date? In one payment or in parts?",
          "- Discuss progress only with our customer; never contact their customer yourself.",
          '- Suggest a middle way: "Until that money arrives, could you pay part of it now, and the rest once you\'ve been paid?"',
          "- Agree how often you'll check in, and don't call more than that.",
        ],
        ask: [
          '"Shall we fix it like this: how many days after your customer pays can you pay us? And how much could you send now?"',
        ],
        close: [
          "\"Fine, {promise_amount} on {promise_date}, noted. I'll check in with you then. If there's news before that, call me on {callback_phone}. Thank you.\"",
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
    stage: "first_reminder",
    title: { zh: "定期沟通付款安排(等汇率)", en: "Regular check-in (waiting for the exchange rate)" },
    text: {
      zh: track("zh", {
        opening: [
          "“{contact}您好,我是{company}的{collector}。最近汇率波动比较大,想跟您沟通一下那笔{amount}的付款安排。”",
        ],
        points: [
          "- 耐心,不催得太紧;保持定期联系,频率适中,比如每周一次。",
          "- 了解对方的打算:是在等某个汇率水平,还是有其他安排?",
          "- 说明条件:已开票的金额按合同币种结算,不随汇率调整;新订单的报价有有效期。",
          "- 提出办法:分批换汇、分批付款,可以分散一次性换汇的风险。",
        ],
        ask: ["“您看能不能先付一部分,剩下的分一两次付完?您计划分别在哪天?”"],
        close: ["“好的,{promise_date}付{promise_amount},我记下了。下周我再跟您联系,有变化请随时打{callback_phone}。”"],
      }),
      en: track("en", {
        opening: [
          '"Hello {contact}, this is {collector} from {company}. Exchange rates have been moving a lot lately, so I wanted to talk through the payment of the {amount} with you."',
        ],
        points: [
          "- Be patient and don't push hard; keep in touch regularly but not too often, for example once a week.",
          "- Find out their thinking: are they waiting for a particular rate, or is something else going on?",
          "- Explain the terms: invoiced amounts are settled in the contract currency and don't change with the rate; quotes for new orders are valid for a limited time.",
          "- Suggest a way: converting and paying in parts spreads the exchange-rate risk.",
        ],
        ask: ['"Could you pay part now and the rest in one or two further payments? Which dates would you plan for?"'],
        close: [
          '"Fine, {promise_amount} on {promise_date}, noted. I\'ll be in touch next week; if anything changes, call me on {callback_phone}."',
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
    stage: "first_reminder",
    title: {
      zh: "关心合作并结清已交付货款(另找供应商)",
      en: "Win back the relationship, settle delivered goods (switched supplier)",
    },
    text: {
      zh: track("zh", {
        prep: ["- 通话前和销售主管商量好能让步的空间:价格、交期、账期、服务。"],
        opening: [
          "“{contact}您好,我是{company}的{collector}。有一阵没跟您聊了,想问问您那边最近的采购情况,顺便核对一下账上的{amount}。”",
        ],
        points: [
          "- 先谈合作,不只谈钱:“我们哪方面做得不够好,您直接告诉我,我带回去改进。”",
          "- 了解对方是否在比较其他供应商,关注的是价格、交期还是服务。",
          "- 在事先商量好的范围内提出改进:“如果是价格的问题,我可以帮您向公司申请。”",
          "- 已交付的货款和新订单分开谈:“不管后面怎么合作,已经交付的这批货款我们先结清,您看可以吗?”",
        ],
        ask: [
          "“已到期的{amount},您看哪天能安排?另外我想约个时间,和我们销售经理一起去拜访您,聊聊后面的合作。”",
          "- 复述确认:“好的,{promise_date}付{promise_amount}。”",
        ],
        close: [
          "“谢谢您坦诚相告。我回去跟主管汇报,两三天内给您回复。有任何问题打{callback_phone}找我。”",
          "- 通话后把情况报告给销售管理层,并适当增加联系频率。",
        ],
      }),
      en: track("en", {
        prep: [
          "- Before the call, agree with your sales manager what room there is on price, lead time, terms and service.",
        ],
        opening: [
          '"Hello {contact}, this is {collector} from {company}. It\'s been a while, so I wanted to hear how your purchasing is going, and check the {amount} on your account."',
        ],
        points: [
          "- Talk about the relationship first, not only the money: \"If there's anything we could do better, please tell me straight and I'll take it back to the team.\"",
          "- Find out whether they are comparing suppliers, and whether price, lead time or service matters most.",
          '- Within the room agreed beforehand, offer improvements: "If price is the issue, I can ask for a better offer for you."',
          '- Keep delivered goods separate from new business: "Whatever we do next, could we first settle the goods already delivered?"',
        ],
        ask: [
          '"When could you arrange the {amount} that is due? And I\'d like to set up a visit with our sales manager to talk about the next orders."',
          '- Confirm it back: "Fine, {promise_amount} on {promise_date}."',
        ],
        close: [
          '"Thanks for being open with me. I\'ll talk to my manager and get back to you within two or three days. Any questions, call me on {callback_phone}."',
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
    stage: "follow_up",
    title: { zh: "联系公司其他对接人(失联)", en: "Reach another contact at the company (unreachable)" },
    text: {
      zh: track("zh", {
        opening: [
          "“您好,请问是{contact}吗?我是{company}的{collector}。我之前一直和贵司负责付款的同事联系,最近没联系上,想请您帮个忙。”",
        ],
        points: [
          "- 先确认对方的身份和职务。只有对方是贵司的授权对接人(老板、财务、采购)时,才谈账款的金额和发票。",
          "- 对方不是授权对接人时,只说“有一笔业务往来需要确认”,请对方转告回电,不提金额和欠款。",
          "- 不说原对接人“躲着不接电话”之类的话,不抱怨,不透露与对方无关的信息。",
          "- 问清楚:原对接人是在休假还是已经离职?现在谁负责付款?什么时间、用什么方式联系最方便?",
          "- 对方是授权对接人时,说明情况:{invoice_list},合计{amount},最早{due_date}到期。",
        ],
        ask: [
          "“能不能麻烦您帮忙转告一下,或者告诉我现在由谁负责这件事?”",
          "- 授权对接人:“这笔款您看能不能由您这边安排,大概哪天?”",
        ],
        close: [
          "“麻烦您了。我的电话是{callback_phone},方便的时候请回个电话。”",
          "- 仍然联系不上时,先冷处理一段时间(例如一周)再试,不要当天反复拨打。",
        ],
      }),
      en: track("en", {
        opening: [
          "\"Hello, is that {contact}? This is {collector} from {company}. I've been trying to reach the colleague who handles our payments and haven't managed to lately. Could you help me?\"",
        ],
        points: [
          "- First confirm who you are speaking to and their role. Discuss amounts and invoices only with the company's authorised contacts (owner, finance, purchasing).",
          '- With anyone else, say only that "there\'s a business matter to confirm", ask them to pass on a callback request, and mention no amounts or debt.',
          "- Don't suggest their colleague is avoiding you, don't complain, and share nothing that doesn't concern them.",
          "- Ask: is the usual contact on leave or has he or she left? Who handles payments now? When and how is it best to reach them?",
          "- With an authorised contact, explain: {invoice_list}, {amount} in total, the oldest due on {due_date}.",
        ],
        ask: [
          '"Could you pass on my message, or tell me who looks after this now?"',
          '- Authorised contact: "Could you arrange this payment from your side? Roughly which day?"',
        ],
        close: [
          '"Thank you for your help. My number is {callback_phone}; please call back when it suits."',
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
    stage: "follow_up",
    title: { zh: "承诺日跟进", en: "Follow up on a promise" },
    text: {
      zh: track("zh", {
        prep: ["- 先查账:款项到了没有?到了多少?"],
        opening: [
          "“{contact}您好,我是{company}的{collector}。上次您说{promise_date}安排{promise_amount},我跟您确认一下进度。”",
        ],
        points: [
          "- 已到账:“收到了,谢谢您按时安排!”如有余额,顺带说明剩余金额和下一个日期。",
          "- 部分到账:感谢已付的部分,再确认余款的日期。",
          "- 未到账:不指责,问原因:“是不是流程上卡住了?需要我这边做什么?”比如补发发票或对账单。",
          "- 重新约定时日期要具体、金额要明确;如果已经是第二次改期,提出分期作为选择。",
        ],
        ask: ["“那我们重新定一下:哪天、多少?”"],
        close: ["“好的,我记下了,到时候再跟您确认。有任何情况请打{callback_phone}。谢谢您。”"],
      }),
      en: track("en", {
        prep: ["- Check the account first: has the money arrived? How much?"],
        opening: [
          "\"Hello {contact}, this is {collector} from {company}. Last time you mentioned {promise_amount} on {promise_date}; I'm just checking how it's going.\"",
        ],
        points: [
          '- Paid: "It\'s arrived, thank you for arranging it on time!" If a balance remains, mention it and the next date.',
          "- Part paid: thank them for what has arrived and confirm the date for the rest.",
          '- Not paid: no blame; ask why: "Has it got stuck somewhere? Is there anything I can do?" For example resend an invoice or a statement.',
          "- When agreeing a new date, make the date specific and the amount clear; if this is the second change, offer installments as an option.",
        ],
        ask: ['"So let\'s set it again: which day, and how much?"'],
        close: ['"Thank you, noted. I\'ll check in with you then. If anything comes up, call me on {callback_phone}."'],
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
    stage: "plan_offer",
    title: { zh: "上门商定分期(困难型)", en: "Visit to agree a payment plan (hardship)" },
    text: {
      zh: track("zh", {
        prep: [
          "- 带上对账单、{invoice_list}的发票复印件、两三个分期方案草稿和还款计划表。",
          "- 提前约好时间,避开午休,按约定时间提早一点到。",
        ],
        opening: ["“{contact}您好,谢谢您抽时间见我。今天来主要是想当面听听您的情况,一起把这笔{amount}的安排定下来。”"],
        points: [
          "- 先听后讲:了解经营情况、回款节奏、哪几个月压力最大。",
          "- 一起看对账单,先确认金额无误。",
          "- 拿出方案让对方选;对方想调整首付金额、期数或每期日期时,在合理范围内灵活处理。",
          "- 讲清楚每期到期前会提前提醒;如有变化请提前告诉我们,再一起商量。",
        ],
        ask: [
          "“今天我们能不能把方案定下来:首付{promise_amount}在{promise_date}前付,余款分几期?”",
          "“定下来以后,我们签一份简单的还款计划,双方各留一份。”",
        ],
        close: ["“谢谢您的信任。回去我把签好的计划和付款信息发给您,以后有事直接打{callback_phone}找我。”"],
      }),
      en: track("en", {
        prep: [
          "- Bring the statement of account, copies of {invoice_list}, two or three draft plans and a blank repayment schedule.",
          "- Book the time in advance, avoid lunch hours, and arrive a little early.",
        ],
        opening: [
          '"Hello {contact}, thank you for making time to see me. I came to hear how things are in person, and to settle a plan for the {amount} together."',
        ],
        points: [
          "- Listen first: how business is going, when money comes in, which months are hardest.",
          "- Go through the statement together and agree the amount first.",
          "- Put the options on the table and let them choose; be flexible within reason on the first payment, the number of installments and the dates.",
          "- Explain that we remind them before each installment, and ask them to tell us early if something changes so we can talk again.",
        ],
        ask: [
          '"Could we agree the plan today: a first payment of {promise_amount} by {promise_date}, and the rest in how many installments?"',
          '"Once agreed, we both sign a simple repayment schedule and each keep a copy."',
        ],
        close: [
          '"Thank you for your trust. I\'ll send you the signed schedule and our payment details, and you can always reach me on {callback_phone}."',
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
    stage: "dispute_handling",
    title: { zh: "争议核对会议(异议型)", en: "Dispute meeting (dispute)" },
    text: {
      zh: track("zh", {
        prep: [
          "- 整理好合同、送货单(签收人、日期、数量)、发票、往来邮件和质检记录;请主管或技术人员一同参加。",
          "- 提前确认参会人员,最好有对方能拍板的人在场。",
        ],
        opening: [
          "“{contact}您好,感谢贵司安排这次会面。我是{company}的{collector}。今天的目的是把有争议的问题核对清楚,找到双方都能接受的处理办法。”",
        ],
        points: [
          "- 请对方先完整说明异议,逐条记录,并当场复述确认。",
          "- 逐项对照单据说明事实。对方有道理的部分,当场确认处理方式:退货、换货、折让或开具红字发票。",
          "- 对方理由不成立的部分,用单据说话,语气平和,不争输赢。",
          "- 把有争议和无争议的金额分开:无争议的部分照常安排付款。",
        ],
        ask: ["“我们把今天的结论写成会议纪要:哪些部分调整、调整多少,剩余金额哪天付款。您看可以吗?”"],
        close: ["“谢谢各位。会议纪要我今天整理好发给您确认。后续有问题请打{callback_phone}找我。”"],
      }),
      en: track("en", {
        prep: [
          "- Gather the contract, delivery notes (who signed, date, quantity), invoices, correspondence and quality records; ask your manager or a technical colleague to join.",
          "- Confirm attendees beforehand; ideally someone who can decide is there from their side.",
        ],
        opening: [
          "\"Hello {contact}, thank you for arranging this meeting. I'm {collector} from {company}. Today's aim is to get to the bottom of the disputed points and agree a solution both sides can accept.\"",
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
          '"Thank you all. I\'ll write up the minutes today and send them for your confirmation. Any further questions, call me on {callback_phone}."',
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
    stage: "escalation",
    title: { zh: "上门签订还款协议(拒付型)", en: "Visit to sign a repayment agreement (deliberate)" },
    text: {
      zh: track("zh", {
        prep: [
          "- 带好对账单、未兑现承诺的记录(日期、金额)、还款协议草稿两份、新订单的结算条款(先款后货)。",
          "- 事先和主管确定底线:首付最低金额、最多分几期。",
        ],
        opening: [
          "“{contact}您好,我是{company}的{collector}。今天来是想当面把贵司{amount}的欠款定一个明确的方案,这笔款已经逾期{days_overdue}天了。”",
        ],
        points: [
          "- 平静地陈述事实:哪天承诺过、结果怎样。不指责、不争吵;不在对方员工或客户面前谈欠款。",
          "- 先确认金额:请对方在对账单上签字确认余额。",
          "- 讲清楚公司的安排:新订单先款后货;旧账签还款协议,写明每期金额和日期。",
          "- 给出选择:一次结清;或者先付一部分,余款按协议分期。",
          "- 对方仍不表态时,平静说明后续将按公司流程由主管决定,不作任何威胁性的描述。",
        ],
        ask: ["“您看今天能不能把对账单和还款协议签了?首付{promise_amount}哪天能到账?”"],
        close: ["“谢谢。协议一式两份,签字盖章后各执一份。每期到期前我都会提前提醒您。有问题请打{callback_phone}。”"],
      }),
      en: track("en", {
        prep: [
          "- Bring the statement, the record of broken promises (dates, amounts), two copies of the draft repayment agreement, and the terms for new orders (payment before delivery).",
          "- Agree your limits with your manager first: the lowest first payment and the most installments you can accept.",
        ],
        opening: [
          "\"Hello {contact}, I'm {collector} from {company}. I've come to agree a clear plan in person for your balance of {amount}, which is now {days_overdue} days overdue.\"",
        ],
        points: [
          "- State the facts calmly: when they promised and what happened. No blame, no arguing; never discuss the debt in front of their staff or customers.",
          "- Agree the amount first: ask them to sign the statement to confirm the balance.",
          "- Explain our arrangements: new orders are paid before delivery; the old balance goes into a repayment agreement with each amount and date.",
          "- Offer choices: settle in one payment, or pay part today and the rest under the agreement.",
          "- If they still won't commit, explain calmly that under company procedure the next steps will be decided by your manager; describe nothing as a threat.",
        ],
        ask: [
          '"Could we sign the statement and the repayment agreement today? When will the first payment of {promise_amount} reach us?"',
        ],
        close: [
          '"Thank you. There are two copies; once signed and stamped, we each keep one. I\'ll remind you before every installment. You can reach me on {callback_phone}."',
        ],
      }),
    },
  },
];
