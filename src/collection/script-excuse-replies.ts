// Replies to the excuses customers give (one per excuse in the catalogue): what the customer says, the reply, the
// follow-up question and what the collector should leave the conversation with.

import { reply } from "./script-text.ts";
import type { Script } from "./scripts.ts";

export const EXCUSE_REPLIES: readonly Script[] = [
  {
    id: "reply.no_money_now",
    kind: "script",
    channel: null,
    causes: "*",
    excuse: "no_money_now",
    tone: "friendly",
    stage: "excuse_reply",
    title: { zh: "“现在没钱”", en: '"We have no money at the moment"' },
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
        says: "\"There's no money in the account at the moment, we can't pay.\"",
        answer: [
          '"I understand, cash gets tight for everyone at times. We don\'t need it all in one payment. How much could you manage now, even part of it? The rest can follow in a few installments that match your incoming payments."',
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
    stage: "excuse_reply",
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
    stage: "excuse_reply",
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
    stage: "excuse_reply",
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
    stage: "excuse_reply",
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
    stage: "excuse_reply",
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
    stage: "excuse_reply",
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
        says: "\"The exchange rate isn't good at the moment; we'll wait before converting and paying.\"",
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
    stage: "excuse_reply",
    title: { zh: "“下周付”", en: '"We\'ll pay next week"' },
    text: {
      zh: reply("zh", {
        says: "“下周付。”",
        answer: ["“好的,谢谢您!为了我这边好跟财务对账,能不能定一下是下周哪一天、付多少?”"],
        follow: [
          "“是全额{amount}吗?如果下周只能付一部分,也请告诉我,我们把余下部分的日期一起定了。”",
          "“好的,{promise_date}付{promise_amount},我记下了,到时候跟您确认到账。”",
        ],
        aim: "把“下周”变成具体的日期和金额,并在当天跟进。",
      }),
      en: reply("en", {
        says: '"We\'ll pay next week."',
        answer: ['"Great, thank you! So I can plan with our finance team, which day next week, and how much?"'],
        follow: [
          '"Is that the full {amount}? If only part is possible next week, just tell me and we\'ll set a date for the rest too."',
          '"Fine, {promise_amount} on {promise_date}, noted. I\'ll confirm with you when it arrives."',
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
    stage: "excuse_reply",
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
