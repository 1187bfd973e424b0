using System.Globalization;
using EcoLedger.Ledger;
using EcoLedger.Ledger.Compensation;
using EcoLedger.Pricing;

namespace EcoLedger.Reports;

/// <summary>One figure of an <see cref="EntryStatement"/>: its label and its value as text (money with two decimals and its currency).</summary>
public sealed record StatementFigure(string Label, string Value);

/// <summary>
/// A journal entry told for a person: one sentence saying what happened (which pledge, round, agreement or serial) and the figures a
/// banker or an auditor checks, in English or Chinese. Money is printed as the CLI prints it (<see cref="AssessmentRule.Yuan"/>:
/// <c>#,0.00</c> with the currency), never as raw fen or a JSON payload. Hosts (the server's command answers) call this; the figures
/// are read from the entry's typed payload, so nothing is recomputed. It lives with the reports (what people read), above the ledger and
/// its modules, which know nothing of one another's events.
/// </summary>
public sealed record EntryStatement(string Sentence, IReadOnlyList<StatementFigure> Figures)
{
    private static readonly CultureInfo Ci = CultureInfo.InvariantCulture;

    /// <summary>Describes the entry of kind <paramref name="kind"/> with <paramref name="payload"/> (its journal JSON) in <paramref name="lang"/> (<c>en</c> or <c>zh</c>).</summary>
    public static EntryStatement Of(long seq, string kind, string actor, string payload, string lang)
    {
        ArgumentNullException.ThrowIfNull(kind);
        bool zh = lang == "zh";
        string L(string en, string cn) => zh ? cn : en;
        string Cny(long fen) => AssessmentRule.Yuan(fen) + L(" CNY", " 元");
        string T(long t) => t.ToString("#,0", Ci) + L(" t CO₂e", " 吨二氧化碳当量");
        var f = new List<StatementFigure> { new(L("Journal event", "日志事件"), "#" + seq.ToString(Ci)), new(L("Recorded by", "记录方"), actor) };
        void Add(string en, string cn, string value) => f.Add(new StatementFigure(L(en, cn), value));
        object? p;
        try
        {
            p = Journal.ReadPayload(kind, payload);
        }
        catch (InvalidOperationException)
        {
            p = null;
        }
        string sentence;
        switch (p)
        {
            case CreditsMoved c:
                sentence = c.Operation switch
                {
                    "transfer" => L($"{c.Holder} transferred {T(c.Quantity)} to {c.Counterparty}.", $"{c.Holder} 向 {c.Counterparty} 转让 {T(c.Quantity)}。"),
                    "retire" => L($"{c.Holder} retired {T(c.Quantity)} for {c.Beneficiary} (purpose: {c.Purpose}).",
                        $"{c.Holder} 为 {c.Beneficiary} 注销 {T(c.Quantity)}（用途：{c.Purpose}）。"),
                    "pledge" => L($"{c.Holder} pledged {T(c.Quantity)} to the bank {c.Counterparty}; the pledge is journal event #{seq}.",
                        $"{c.Holder} 向银行 {c.Counterparty} 质押 {T(c.Quantity)}；质押为日志事件 #{seq}。"),
                    "release" => L($"{T(c.Quantity)} pledged by {c.Holder} were released.", $"{c.Holder} 质押的 {T(c.Quantity)} 已解除质押。"),
                    var op => L($"{op} of {T(c.Quantity)} from {c.Holder}.", $"{c.Holder} 的 {T(c.Quantity)}：{op}。"),
                };
                Add("Quantity", "数量", T(c.Quantity));
                if (c.PriceFen is long price)
                {
                    Add("Price", "价格", Cny(price));
                }
                foreach (var m in c.Moves)
                {
                    Add("Serials", "序列号", $"{m.Serial} ({m.Quantity.ToString("#,0", Ci)} t, {m.FromStatus} → {m.Status})");
                }
                break;
            case LoanRecorded l:
                sentence = L($"Loan of {Cny(l.PrincipalFen)} from {l.Bank} to {l.Borrower} recorded, secured on the pledge of journal event #{l.PledgeSeq}.",
                    $"已登记 {l.Bank} 向 {l.Borrower} 发放的 {Cny(l.PrincipalFen)} 贷款，以日志事件 #{l.PledgeSeq} 的质押担保。");
                Add("Pledge", "质押", "#" + l.PledgeSeq.ToString(Ci));
                Add("Outstanding principal", "未偿本金", Cny(l.PrincipalFen));
                Add("Bank", "银行", l.Bank);
                Add("Borrower", "借款方", l.Borrower);
                Add("Haircut", "折扣率", l.HaircutBasisPoints is int bp ? (bp / 100m).ToString("0.##", Ci) + " %" : L("the valuation's default", "按估值默认值"));
                break;
            case PricesImported pi:
                sentence = L($"{pi.Rows} quotes imported from {pi.File} ({pi.New} new) for {string.Join(", ", pi.Markets)}, {pi.First:yyyy-MM-dd} to {pi.Last:yyyy-MM-dd}.",
                    $"已从 {pi.File} 导入 {pi.Rows} 条报价（新增 {pi.New} 条），市场 {string.Join("、", pi.Markets)}，{pi.First:yyyy-MM-dd} 至 {pi.Last:yyyy-MM-dd}。");
                foreach (var q in (pi.Added ?? []).Take(20))
                {
                    f.Add(new StatementFigure($"{q.Market} {q.Date:yyyy-MM-dd}", AssessmentRule.Yuan(q.FenPerTonne) + L(" CNY/t", " 元/吨")));
                }
                Add("File SHA-256", "文件 SHA-256", pi.Sha256);
                break;
            case AgreementCreated ac:
                sentence = L($"Agreement {ac.Id} created as a draft; {ac.Administrator} administers it.", $"已创建协议 {ac.Id}（草案），管理方为 {ac.Administrator}。");
                Add("Rule", "规则", ac.Spec.Rule.Kind);
                Add("Parties", "协议方", ac.Spec.Parties.Count.ToString(Ci));
                Add("Funding sources", "资金来源", ac.Spec.Funding.Count.ToString(Ci));
                break;
            case AgreementSigned s:
                sentence = L($"{s.Party} signed agreement {s.Id} ({s.From} → {s.To}).", $"{s.Party} 已签署协议 {s.Id}（{s.From} → {s.To}）。");
                break;
            case AgreementTransitioned t:
                sentence = L($"Agreement {t.Id}: {t.From} → {t.To}.", $"协议 {t.Id}：{t.From} → {t.To}。");
                if (t.Rounds.Count > 0)
                {
                    Add("Rounds opened", "已开启轮次", string.Join(", ", t.Rounds.Select(r => r.Id)));
                }
                if (t.Voided.Count > 0)
                {
                    Add("Pending payments voided", "作废的待付款", t.Voided.Count.ToString(Ci));
                }
                break;
            case SamplesImported si:
                sentence = L($"{si.Samples.Count} samples recorded in round {si.Round}.", $"已在轮次 {si.Round} 记录 {si.Samples.Count} 个样本。");
                Add("Corrections", "更正", si.Samples.Count(x => x.Corrects is not null).ToString(Ci));
                if (si.Repeats is int repeats)
                {
                    Add("Already recorded (skipped)", "已记录（跳过）", repeats.ToString(Ci));
                }
                break;
            case RoundTransitioned rt:
                sentence = L($"Round {rt.Round}: {rt.From} → {rt.To}.", $"轮次 {rt.Round}：{rt.From} → {rt.To}。");
                if (rt.Reason is not null)
                {
                    Add("Reason", "理由", rt.Reason);
                }
                break;
            case RoundAssessed ra:
                string decision = ra.Assessment.Decision.TrimEnd('.'); // the rule's own sentence (English, as recorded)
                sentence = L($"Round {ra.Round} assessed: {decision}; {Cny(ra.Assessment.AmountFen)} reserved in {ra.Payments.Count} pending payments.",
                    $"轮次 {ra.Round} 已考核：{decision}；{ra.Payments.Count} 笔待付款共预留 {Cny(ra.Assessment.AmountFen)}。");
                Add("Compensation index P", "补偿指数 P", ra.Assessment.Index ?? "—");
                Add("Target met", "达标", ra.Assessment.Met ? L("yes", "是") : L("no", "否"));
                Add("Amount", "金额", Cny(ra.Assessment.AmountFen));
                foreach (var pay in ra.Payments)
                {
                    f.Add(new StatementFigure(pay.Id, L($"{pay.From} → {pay.To}: {Cny(pay.AmountFen)} (fund {pay.Source})", $"{pay.From} → {pay.To}：{Cny(pay.AmountFen)}（资金 {pay.Source}）")));
                }
                break;
            case RoundSettled rs:
                sentence = L($"Round {rs.Round} settled: {rs.Posted.Count} payments posted.", $"轮次 {rs.Round} 已结算：{rs.Posted.Count} 笔支付已入账。");
                Postings(rs.Postings);
                break;
            case RoundResolved rr:
                sentence = L($"Dispute on round {rr.Round} resolved: {rr.Outcome}, amount {Cny(rr.AmountFen)}.", $"轮次 {rr.Round} 的异议已裁决：{rr.Outcome}，金额 {Cny(rr.AmountFen)}。");
                Add("Payments voided", "作废支付", rr.Voided.Count.ToString(Ci));
                Add("New pending payments", "新的待付款", rr.Payments.Count.ToString(Ci));
                if (rr.Note is not null)
                {
                    Add("Note", "说明", rr.Note);
                }
                Postings(rr.Postings);
                break;
            case ParticipantKeyRegistered kr:
                sentence = L($"Signing key {ParticipantKeys.Short(kr.KeyId)} registered for {kr.Participant}: its commands must be signed with it from now on.",
                    $"已为 {kr.Participant} 登记签名密钥 {ParticipantKeys.Short(kr.KeyId)}：此后其命令须以该密钥签名。");
                break;
            case ParticipantKeyRevoked kv:
                sentence = L($"Signing key {ParticipantKeys.Short(kv.KeyId)} of {kv.Participant} revoked ({kv.Reason}).",
                    $"{kv.Participant} 的签名密钥 {ParticipantKeys.Short(kv.KeyId)} 已撤销（{kv.Reason}）。");
                break;
            default:
                sentence = L($"Event #{seq} ({kind}) recorded by {actor}.", $"已记录事件 #{seq}（{kind}），记录方 {actor}。");
                break;
        }
        return new EntryStatement(sentence, f);

        void Postings(IEnumerable<MoneyPosting> postings)
        {
            foreach (var x in postings)
            {
                f.Add(new StatementFigure(x.Account, Cny(x.AmountFen)));
            }
        }
    }
}
