// Talk tracks for the stages around the first contact: the courtesy call before the due date, second reminders,
// broken promises and missed installments, the close of a dispute, the escalation to a manager and the collection
// visit. Same sections and the same conduct as the first-contact tracks in script-talk-tracks.ts.

import { track } from "./script-text.ts";
import type { Script } from "./scripts.ts";

export const FOLLOW_UP_TRACKS: readonly Script[] = [
  {
    id: "call.before_due.courtesy",
    kind: "script",
    channel: null,
    causes: ["forgot", "habitual"],
    excuse: null,
    tone: "friendly",
    stage: "before_due",
    title: { zh: "到期前确认(疏忽型、习惯性拖延)", en: "Courtesy call before the due date (oversight, habitual)" },
    text: {
      zh: track("zh", {
        prep: ["- 在到期日前三到五个工作日打,不要等逾期之后。先确认发票已寄出、寄给了谁。"],
        opening: [
          "“{contact}您好,我是{company}的{collector}。有一笔货款快到期了,想提前跟您确认一下,看看您那边有没有需要我们配合的地方。”",
        ],
        points: [
          "- 核对发票:{invoice_list},{due_date}到期。确认对方已经收到发票,金额无误。",
          "- 问清付款流程:付款申请提交了吗?需要谁审批?审批大概需要几天?",
          "- 如果缺资料(发票、送货单、对账单),当天补发。",
          "- 语气轻松:这是服务,不是催款。",
        ],
        ask: ["“您看这笔款能按期在{due_date}前安排吗?如果时间上有变化,麻烦提前告诉我一声。”"],
        close: ["“谢谢您!有需要随时打{callback_phone}找我。”", "- 通话后在系统里记下预计付款日期。"],
      }),
      en: track("en", {
        prep: [
          "- Call three to five working days before the due date, not after it. First check that the invoice went out and to whom.",
        ],
        opening: [
          "\"Hello {contact}, this is {collector} from {company}. One of our invoices falls due soon, so I thought I'd check in advance whether there's anything you need from us.\"",
        ],
        points: [
          "- Check the invoice: {invoice_list}, due on {due_date}. Confirm they have received it and the amount is right.",
          "- Ask about their process: has the payment request gone in? Who approves it, and how long does that usually take?",
          "- If a document is missing (invoice, delivery note, statement), send it the same day.",
          "- Keep it light: this is a service call, not a chase.",
        ],
        ask: [
          '"Will the payment go out by {due_date} as planned? If anything changes, could you let me know beforehand?"',
        ],
        close: [
          '"Thank you! If you need anything, call me on {callback_phone}."',
          "- After the call, note the expected payment date.",
        ],
      }),
    },
  },
  {
    id: "call.forgot.second_reminder",
    kind: "script",
    channel: null,
    causes: ["forgot"],
    excuse: null,
    tone: "friendly",
    stage: "follow_up",
    title: { zh: "第二次提醒(疏忽型)", en: "Second reminder (oversight)" },
    text: {
      zh: track("zh", {
        prep: ["- 先查:第一次提醒是哪天、用什么方式发的?之后有没有到账?"],
        opening: [
          "“{contact}您好,我是{company}的{collector}。前几天给您发过一条付款提醒,不知道您收到没有?我打电话跟您确认一下。”",
        ],
        points: [
          "- 不要责怪对方没回复:“可能消息太多被淹没了,没关系。”",
          "- 再说一遍事实:{invoice_list},合计{amount},最早{due_date}到期,目前逾期{days_overdue}天。",
          "- 问一下是不是有什么阻碍:发票、审批还是付款信息不全?能帮的当场帮。",
          "- 收款信息:{payment_details}。",
        ],
        ask: ["“您看这周哪天能安排?我记个日期,到时候就不再打扰您了。”"],
        close: ["“好的,{promise_date}付{promise_amount},谢谢您!我把付款信息再发您一遍。有问题打{callback_phone}。”"],
      }),
      en: track("en", {
        prep: ["- Check first: when and how did the first reminder go out? Has anything arrived since?"],
        opening: [
          '"Hello {contact}, this is {collector} from {company}. I sent you a payment reminder a few days ago and wanted to check it reached you."',
        ],
        points: [
          "- Don't blame them for not replying: \"Messages get buried, that's fine.\"",
          "- Restate the facts: {invoice_list}, {amount} in total, the oldest due on {due_date}, now {days_overdue} days overdue.",
          "- Ask whether something is in the way: the invoice, an approval, incomplete payment details? Help on the spot where you can.",
          "- Payment details: {payment_details}.",
        ],
        ask: ["\"Which day this week could you schedule it? I'll note the date so I don't need to chase you again.\""],
        close: [
          '"Fine, {promise_amount} on {promise_date}, thank you! I\'ll resend the payment details. Any questions, call me on {callback_phone}."',
        ],
      }),
    },
  },
  {
    id: "call.promise.broken",
    kind: "script",
    channel: null,
    causes: "*",
    excuse: null,
    tone: "firm",
    stage: "after_broken_promise",
    title: { zh: "承诺未兑现后的跟进", en: "After a broken promise" },
    text: {
      zh: track("zh", {
        prep: [
          "- 查清楚:承诺的日期和金额({promise_date},{promise_amount}),实际到账多少,这是第几次改期。",
          "- 在承诺日的第二天打,不要拖。",
        ],
        opening: [
          "“{contact}您好,我是{company}的{collector}。您之前说{promise_date}安排{promise_amount},我们这边还没看到款项,想跟您了解一下情况。”",
        ],
        points: [
          "- 先问原因,不指责:“是付款流程卡住了,还是资金上有变化?”",
          "- 只陈述事实:原来约定的日期、金额,目前逾期合计{amount}。",
          "- 第一次改期:约一个新的具体日期和金额。",
          "- 第二次及以上:提出分期作为选项,并说明按公司流程,这个账户接下来会由主管一起跟进。这是说明流程,不是威胁。",
        ],
        ask: ["“我们重新定一下:哪天、付多少?如果一次付不了,先付一部分、余款分期也可以。”"],
        close: [
          "“好的,我记下了,到日子我会先查账,再跟您确认。有变化请提前打{callback_phone}告诉我。”",
          "- 当天在系统里登记新的承诺。",
        ],
      }),
      en: track("en", {
        prep: [
          "- Know the facts: the promised date and amount ({promise_date}, {promise_amount}), what actually arrived, and how many times the date has moved.",
          "- Call the day after the promised date; don't let it drift.",
        ],
        opening: [
          '"Hello {contact}, this is {collector} from {company}. You mentioned {promise_amount} on {promise_date}, and we haven\'t seen it arrive yet. Could you tell me what happened?"',
        ],
        points: [
          '- Ask before assuming: "Did it get stuck in your process, or has something changed with cash?"',
          "- State only facts: the date and amount agreed, and the {amount} now overdue in total.",
          "- First time the date moved: agree a new, specific date and amount.",
          "- Second time or more: offer installments as an option, and explain that under our procedure a manager now follows the account with you. That is how we work, not a threat.",
        ],
        ask: [
          '"Let\'s set it again: which day, and how much? If one payment is too much, part now and the rest in installments works too."',
        ],
        close: [
          '"Thank you, noted. On the day I\'ll check our account first and then confirm with you. If anything changes, call me on {callback_phone} beforehand."',
          "- Log the new promise the same day.",
        ],
      }),
    },
  },
  {
    id: "call.hardship.installment_missed",
    kind: "script",
    channel: null,
    causes: ["hardship"],
    excuse: null,
    tone: "friendly",
    stage: "after_broken_promise",
    title: { zh: "分期未按时支付(困难型)", en: "A missed installment (hardship)" },
    text: {
      zh: track("zh", {
        prep: ["- 查还款计划:哪一期、哪天到期、金额多少,之前几期是否按时,宽限时间还剩几天。"],
        opening: [
          "“{contact}您好,我是{company}的{collector}。还款计划里{installment_date}这一期{installment_amount},我们还没收到,想问问您那边是不是遇到了新的情况。”",
        ],
        points: [
          "- 先肯定之前按时付的几期:“前面几期都很准时,谢谢您。”",
          "- 倾听:这次是暂时的延误,还是资金情况有了变化?",
          "- 在宽限时间内补上,计划照常执行;确有困难时,商量调整后面几期的金额或日期,而不是放弃计划。",
          "- 调整后的计划要重新书面确认。",
        ],
        ask: ["“这一期您看哪天能补上?如果后面几期也有压力,我们现在一起调整一下,您觉得怎样比较现实?”"],
        close: ["“好的,我按我们今天说的更新计划发给您确认。下一期之前我还会提前提醒您。有事打{callback_phone}。”"],
      }),
      en: track("en", {
        prep: [
          "- Check the plan: which installment, due when, how much; whether earlier ones were on time; how many grace days remain.",
        ],
        opening: [
          '"Hello {contact}, this is {collector} from {company}. We haven\'t yet received the installment of {installment_amount} due on {installment_date}, so I wanted to ask whether something has changed on your side."',
        ],
        points: [
          '- Acknowledge the installments paid on time: "The earlier ones were all on time, thank you."',
          "- Listen: is this a short delay, or has the cash situation changed?",
          "- Paid within the grace period, the plan simply continues; if it is genuinely hard, adjust the amounts or dates of the remaining installments rather than dropping the plan.",
          "- Any adjusted plan is confirmed again in writing.",
        ],
        ask: [
          '"When could this installment be made up? If the next ones look difficult too, shall we adjust them now? What feels realistic?"',
        ],
        close: [
          '"Fine, I\'ll send the updated plan as we discussed for you to confirm, and remind you before the next installment. Anything else, call me on {callback_phone}."',
        ],
      }),
    },
  },
  {
    id: "call.dispute.resolved",
    kind: "script",
    channel: null,
    causes: ["dispute"],
    excuse: null,
    tone: "formal",
    stage: "dispute_handling",
    title: { zh: "异议处理完毕后确认付款(异议型)", en: "After the dispute is settled: confirm payment (dispute)" },
    text: {
      zh: track("zh", {
        prep: ["- 确认处理结果已经落实:退货已收、换货已发,或者红字发票已开具并寄出。准备好更新后的对账单。"],
        opening: [
          "“{contact}您好,我是{company}的{collector}。上次您反映的问题,我们这边已经按商定的方案处理完了,想跟您确认一下结果,并核对一下调整后的余额。”",
        ],
        points: [
          "- 说明处理结果:做了什么(退货、换货、折让或红字发票),调整了多少。",
          "- 核对调整后的余额:{invoice_list},合计{amount}。",
          "- 问对方是否满意处理结果;还有遗留问题的,当场记下并约定处理时间。",
          "- 感谢对方的耐心和配合。",
        ],
        ask: ["“问题已经处理好了,调整后的{amount}您看哪天能安排付款?”"],
        close: [
          "“好的,{promise_date}付{promise_amount},我记下了。更新后的对账单我今天发给您。有问题打{callback_phone}。谢谢您。”",
        ],
      }),
      en: track("en", {
        prep: [
          "- Make sure the remedy has actually happened: return received, replacement shipped, or credit note issued and sent. Have the updated statement ready.",
        ],
        opening: [
          '"Hello {contact}, this is {collector} from {company}. We have now carried out what we agreed about the issue you raised, and I\'d like to confirm the outcome with you and check the adjusted balance."',
        ],
        points: [
          "- Explain what was done (return, replacement, price reduction or credit note) and by how much the balance changed.",
          "- Check the adjusted balance: {invoice_list}, {amount} in total.",
          "- Ask whether they are satisfied; note anything still open and agree when it will be handled.",
          "- Thank them for their patience.",
        ],
        ask: ['"Now that it\'s sorted out, when could the adjusted {amount} be paid?"'],
        close: [
          '"Thank you, {promise_amount} on {promise_date}, noted. I\'ll send the updated statement today. Any questions, call me on {callback_phone}."',
        ],
      }),
    },
  },
  {
    id: "call.habitual.terms_review",
    kind: "script",
    channel: null,
    causes: ["habitual"],
    excuse: null,
    tone: "firm",
    stage: "escalation",
    title: { zh: "调整付款条件(习惯性拖延)", en: "Review the payment terms (habitual delay)" },
    text: {
      zh: track("zh", {
        prep: [
          "- 整理近半年的付款记录:每笔晚了多少天。和主管确定可以提出的新条件:固定付款日、缩短账期、调整额度、新订单先款后货。",
        ],
        opening: [
          "“{contact}您好,我是{company}的{collector}。我们很看重和贵司的合作,所以想跟您认真谈一谈付款节奏的问题。目前{amount}已经逾期{days_overdue}天。”",
        ],
        points: [
          "- 摆数据,不带情绪:“近几个月的付款平均比约定晚了不少天,这次也是。”",
          "- 讲清楚影响:赊销账期是建立在按时付款基础上的,长期逾期会占用我们的资金。",
          "- 提出具体的新安排供对方选择:每月固定一个付款日;或者账期缩短;或者新订单先款后货,直到付款恢复正常。",
          "- 强调目的:让合作更顺畅,不是为难对方。",
        ],
        ask: ["“这几种安排您看哪种更适合贵司?眼下这笔{amount},哪天能到账?”"],
        close: ["“好的,新的付款安排我整理成邮件发给您确认。谢谢您的理解。有问题请打{callback_phone}。”"],
      }),
      en: track("en", {
        prep: [
          "- Put together the last six months of payments and how late each was. Agree with your manager which new terms you may offer: a fixed payment day, shorter terms, a revised limit, prepayment for new orders.",
        ],
        opening: [
          '"Hello {contact}, this is {collector} from {company}. We value working with you, which is why I\'d like to talk properly about the timing of payments. At the moment {amount} is {days_overdue} days overdue."',
        ],
        points: [
          '- Use figures, not feelings: "Over the last few months, payments have arrived well after the agreed dates on average, and this one is late too."',
          "- Explain the effect: credit terms rest on payment on time, and long delays tie up our own cash.",
          "- Offer concrete arrangements to choose from: one fixed payment day each month; shorter terms; or new orders paid before delivery until payments are back on track.",
          "- Make the aim clear: smoother business together, not making things hard for them.",
        ],
        ask: ['"Which of these would suit you best? And for the current {amount}, which day will it reach us?"'],
        close: [
          '"Thank you. I\'ll set out the new arrangement in an email for you to confirm. Thanks for your understanding; any questions, call me on {callback_phone}."',
        ],
      }),
    },
  },
  {
    id: "call.manager.escalation",
    kind: "script",
    channel: null,
    causes: ["deliberate", "habitual", "switched_supplier", "dispute"],
    excuse: null,
    tone: "formal",
    stage: "escalation",
    title: { zh: "主管出面沟通(升级)", en: "Manager's call to the decision maker (escalation)" },
    text: {
      zh: track("zh", {
        prep: [
          "- 由主管打给对方的老板或财务负责人。通话前读完整个客户档案:往来记录、承诺、争议、合同条款。",
          "- 事先确定可以给出的方案和底线(首付、期数、新订单条件)。",
        ],
        opening: [
          "“{contact}您好,我是{company}负责这个账户的主管。{collector}一直在跟您这边对接,今天我亲自打来,是希望我们两家一起把{amount}的账款定一个双方都能接受的方案。”",
        ],
        points: [
          "- 先表达对合作的重视,再讲事实:逾期{days_overdue}天,之前的沟通和约定情况。",
          "- 请对方说说他们那边的情况,认真听。",
          "- 如果有争议或服务上的不满,当场承诺由主管负责跟进解决。",
          "- 给出选择:一次结清;或者首付加分期,签还款协议;新订单的结算方式另行约定。",
          "- 不作任何威胁性的表述;需要说明下一步时,只说“按公司流程由管理层决定”。",
        ],
        ask: ["“您看我们今天能不能定下来:哪种方式、第一笔哪天、多少?”"],
        close: ["“谢谢您抽时间。今天谈定的内容我们书面发给您确认,后续仍由{collector}跟您对接,电话{callback_phone}。”"],
      }),
      en: track("en", {
        prep: [
          "- The manager calls the owner or head of finance. Before the call, read the whole file: contacts, promises, disputes, contract terms.",
          "- Decide in advance what you can offer and your limits (first payment, number of installments, terms for new orders).",
        ],
        opening: [
          "\"Hello {contact}, I'm the manager responsible for your account at {company}. {collector} has been working with your team; I'm calling myself today because I'd like us to agree a plan for the {amount} that works for both companies.\"",
        ],
        points: [
          "- Start with the value of the relationship, then the facts: {days_overdue} days overdue, what was discussed and agreed so far.",
          "- Ask for their side of the story and listen.",
          "- If there is a dispute or a complaint about service, commit to following it up personally.",
          "- Offer choices: settle in one payment; or a first payment plus installments under a signed repayment agreement; terms for new orders agreed separately.",
          '- Nothing that sounds like a threat; if you need to mention next steps, say only that "management will decide under our usual procedure".',
        ],
        ask: ['"Could we settle it today: which option, and when and how much is the first payment?"'],
        close: [
          "\"Thank you for your time. We'll confirm today's agreement in writing, and {collector} remains your contact on {callback_phone}.\"",
        ],
      }),
    },
  },
  {
    id: "call.middleman.follow_up",
    kind: "script",
    channel: null,
    causes: ["middleman"],
    excuse: null,
    tone: "friendly",
    stage: "follow_up",
    title: { zh: "下游回款日期后跟进(中间商)", en: "After their customer's payment date (middleman)" },
    text: {
      zh: track("zh", {
        prep: ["- 查上次记录:对方说下游客户哪天付款、收到后几天转给我们。"],
        opening: ["“{contact}您好,我是{company}的{collector}。上次您说下游客户这几天会付款,想问问款到了没有?”"],
        points: [
          "- 已到:“太好了,那我们这笔{amount}您看哪天能安排?”",
          "- 未到:问清新的日期,以及下游客户是否确定会付;了解对方有没有在跟进。",
          "- 再提折中:先付一部分,余款等下游款到后结清。",
          "- 等待要有边界:如果一再延后,说明需要和主管商量新的安排,例如签还款计划。",
        ],
        ask: ["“那我们这样定:{promise_date}前先付{promise_amount},余款在下游款到后三天内付清,您看可以吗?”"],
        close: ["“好的,谢谢您!有新消息随时打{callback_phone}告诉我。”"],
      }),
      en: track("en", {
        prep: [
          "- Check the last notes: when their customer was due to pay, and how soon after that they would pay us.",
        ],
        opening: [
          '"Hello {contact}, this is {collector} from {company}. Last time you said your customer would pay around now. Has the money come in?"',
        ],
        points: [
          '- Arrived: "Great. When could you arrange our {amount}, then?"',
          "- Not arrived: ask for the new date and whether their customer has confirmed it; find out whether they are chasing it.",
          "- Offer the middle way again: part now, the rest once their customer has paid.",
          "- Waiting has limits: if the date keeps moving, explain that you'll need to agree a new arrangement with your manager, such as a repayment plan.",
        ],
        ask: [
          '"Could we agree this: {promise_amount} by {promise_date}, and the rest within three days of your customer\'s payment?"',
        ],
        close: ['"Thank you! Whenever there\'s news, call me on {callback_phone}."'],
      }),
    },
  },
  {
    id: "call.fx_wait.latest_date",
    kind: "script",
    channel: null,
    causes: ["fx_wait"],
    excuse: null,
    tone: "firm",
    stage: "escalation",
    title: { zh: "约定最晚付款日(等汇率)", en: "Agree a latest payment date (waiting for the exchange rate)" },
    text: {
      zh: track("zh", {
        opening: [
          "“{contact}您好,我是{company}的{collector}。我们已经沟通过几次汇率的问题,这笔{amount}目前逾期{days_overdue}天了,今天想跟您定一个最晚的付款日期。”",
        ],
        points: [
          "- 理解对方的考虑,但讲清楚:发票按合同币种结算,金额不随汇率变化;账期本身不包含等待汇率的时间。",
          "- 新订单的报价有有效期,后续合作需要先把已到期的款项结清。",
          "- 提出办法:分两到三次换汇付款,每次的日期现在就定下来。",
        ],
        ask: ["“您看第一笔在{promise_date}付{promise_amount},余款最晚哪天付清?”"],
        close: ["“好的,我把日期整理好发邮件给您确认。有变化请提前打{callback_phone}。谢谢。”"],
      }),
      en: track("en", {
        opening: [
          "\"Hello {contact}, this is {collector} from {company}. We've talked about the exchange rate a few times; the {amount} is now {days_overdue} days overdue, and today I'd like to agree a latest payment date with you.\"",
        ],
        points: [
          "- Acknowledge their reasoning, but be clear: invoices are settled in the contract currency and don't change with the rate; the credit term doesn't include time to wait for a rate.",
          "- Quotes for new orders are valid for a limited time, and further orders need the overdue balance settled first.",
          "- Offer a way: convert and pay in two or three parts, with each date fixed now.",
        ],
        ask: [
          '"Could the first part be {promise_amount} on {promise_date}? And by which date at the latest would the rest follow?"',
        ],
        close: [
          '"Thank you. I\'ll email the dates for you to confirm. If anything changes, call me on {callback_phone} beforehand."',
        ],
      }),
    },
  },
  {
    id: "visit.collection_appointment",
    kind: "script",
    channel: null,
    causes: "*",
    excuse: null,
    tone: "friendly",
    stage: "follow_up",
    title: { zh: "按约上门收款", en: "Collection visit by appointment" },
    text: {
      zh: track("zh", {
        prep: [
          "- 前一天电话确认时间和对接人;带上对账单、{invoice_list}的发票复印件、收据和公司授权文件。",
          "- 比约定时间早一点到;在对方办公室或会议室单独谈,不在公共场合谈欠款。",
        ],
        opening: ["“{contact}您好,我是{company}的{collector},按我们约好的时间过来了。谢谢您安排。”"],
        points: [
          "- 先一起核对对账单,确认余额{amount}。",
          "- 当场付款的:核对金额,开具收据,确认付款方式和到账时间。",
          "- 只能付一部分的:先收这一部分,余款当场约定日期,写在对账单或还款计划上,双方签字。",
          "- 顺便了解对方近期的经营和采购计划,维护好与财务、采购同事的关系。",
        ],
        ask: ["“今天能先安排多少?余下的部分我们定在哪天?”"],
        close: ["“谢谢您!收据和签好的对账单双方各留一份。款项到账后我会告诉您。有事打{callback_phone}。”"],
      }),
      en: track("en", {
        prep: [
          "- Confirm the time and the person the day before; bring the statement, copies of {invoice_list}, a receipt book and your company authorisation.",
          "- Arrive a little early; talk in their office or a meeting room, never about the debt in a public place.",
        ],
        opening: [
          '"Hello {contact}, I\'m {collector} from {company}, here at the time we agreed. Thank you for making time."',
        ],
        points: [
          "- Go through the statement together first and confirm the balance of {amount}.",
          "- Payment today: check the amount, give a receipt, confirm the payment method and when it will arrive.",
          "- Part payment only: take that part, agree a date for the rest on the spot, and write it on the statement or plan, signed by both.",
          "- Ask about their business and purchasing plans, and keep good relations with the finance and purchasing staff.",
        ],
        ask: ['"How much can be arranged today? And which date shall we set for the rest?"'],
        close: [
          '"Thank you! We each keep a copy of the receipt and the signed statement. I\'ll let you know when the money has arrived. Anything else, call me on {callback_phone}."',
        ],
      }),
    },
  },
];
