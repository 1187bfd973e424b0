using System.Globalization;
using EcoLedger.Ledger;

namespace EcoLedger.Pricing;

/// <summary>
/// Decides the pricing module's commands (prices, loans on credit pledges, ecological-bank packages): checks the actor, the state
/// machines and the money against a store and returns the event to append. It never changes the store; <see cref="PricingApplier"/>
/// does, with the returned event, both when a command runs and when the journal is replayed.
/// </summary>
public sealed class PricingEngine(IPricingStore store, ILedgerStore ledger)
{
    /// <summary>Decides a pricing command for an actor the runner has resolved (<see cref="Actor.Resolve"/>).</summary>
    public PendingEvent Decide(Actor actor, IPricingCommand command)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return command switch
        {
            ImportPrices c => Import(actor, c),
            RecordLoan c => Loan(actor, c),
            CreatePackage c => Create(actor, c),
            PledgeCertificate c => Pledge(actor, c),
            ReleaseCertificate c => Release(actor, c),
            DistributeIncome c => Distribute(actor, c),
            _ => throw new ArgumentException($"Unknown pricing command {command?.GetType().Name}.", nameof(command)),
        };
    }

    /// <summary>
    /// Quotes are reference data every valuation relies on, so only the registry enters them. A quote already stored (or earlier in the
    /// same file) with the same price is skipped; one with a different price is refused: a stored quote is never changed.
    /// </summary>
    private PendingEvent Import(Actor actor, ImportPrices c)
    {
        actor.Require("import prices", Role.Registry);
        if (c.Quotes.Count == 0)
        {
            throw new LedgerException($"{c.File} has no quotes.");
        }
        var seen = new Dictionary<(string, DateOnly), QuoteEntry>();
        var added = new List<QuoteEntry>();
        foreach (var q in c.Quotes)
        {
            Identifiers.Require(q.Market, "market");
            if (q.FenPerTonne <= 0)
            {
                throw new LedgerException($"The quote of market '{q.Market}' on {q.Date:yyyy-MM-dd} must be a positive price; got {q.FenPerTonne} fen.");
            }
            var stored = seen.TryGetValue((q.Market, q.Date), out var earlier)
                ? (earlier.FenPerTonne, earlier.Source)
                : store.FindQuote(q.Market, q.Date) is { } s ? (s.FenPerTonne, s.Source) : ((long, string)?)null;
            if (stored is { } x)
            {
                if (x.Item1 != q.FenPerTonne)
                {
                    throw new LedgerException($"Market '{q.Market}' already has a quote of {Cny(x.Item1)} CNY/t on {q.Date:yyyy-MM-dd} (source '{x.Item2}'); " +
                        $"a stored quote is never changed, so {Cny(q.FenPerTonne)} is refused.");
                }
                continue;
            }
            seen[(q.Market, q.Date)] = q;
            added.Add(q);
        }
        return new PendingEvent(PricingEventKinds.PricesImported, actor.Id, new PricesImported(Path.GetFileName(c.File), c.Sha256, c.Quotes.Count, added.Count,
            c.Quotes.Select(q => q.Market).Distinct().Order(StringComparer.Ordinal).ToList(), c.Quotes.Min(q => q.Date), c.Quotes.Max(q => q.Date), added))
        {
            Unchanged = added.Count == 0, // every quote already recorded: nothing to journal
        };
    }

    private PendingEvent Loan(Actor actor, RecordLoan c)
    {
        var (kind, payload) = store.FindJournal(c.PledgeSeq) ?? throw new LedgerException($"Journal entry {c.PledgeSeq} does not exist.");
        if (kind != EventKinds.ForOperation(CreditOperation.Pledge))
        {
            throw new LedgerException($"Journal entry {c.PledgeSeq} is a '{kind}' event, not a pledge (credits.pledged).");
        }
        var pledge = (CreditsMoved)Journal.ReadPayload(kind, payload);
        if (pledge.Counterparty != actor.Id)
        {
            throw new LedgerException($"Actor '{actor.Id}' may not record a loan on pledge {c.PledgeSeq}: it requires the bank '{pledge.Counterparty}'.");
        }
        if (c.HaircutBasisPoints is < 0 or > 10_000)
        {
            throw new LedgerException($"The haircut must be between 0 and 100 %; got {c.HaircutBasisPoints / 100m} %.");
        }
        // A loan on credits no longer pledged would secure nothing and vanish from the pledge book ('value pledges').
        if (NotInForce(c.PledgeSeq, pledge) is { } ended)
        {
            throw new LedgerException($"Pledge {c.PledgeSeq} is no longer in force: {ended}; a loan is recorded only on a pledge whose credits are still pledged to '{pledge.Counterparty}'.");
        }
        long fen = Fen.Exact(c.Principal, "The loan principal");
        // Recording the loan again (a new principal) keeps the haircut the bank set unless it names a new one: falling back to the
        // valuation's default would silently change the collateral, and with it a margin call.
        int? haircut = c.HaircutBasisPoints ?? store.FindLoan(c.PledgeSeq)?.HaircutBasisPoints;
        return new PendingEvent(PricingEventKinds.LoanRecorded, actor.Id, new LoanRecorded(c.PledgeSeq, pledge.Holder, actor.Id, fen, haircut));
    }

    /// <summary>
    /// Null while some of the pledge's credits are still pledged under it (same holder, same bank, not re-pledged by a later entry);
    /// otherwise what became of them. Pledged credits leave that state only by a release (<see cref="BlockTrigger.Release"/>).
    /// </summary>
    private string? NotInForce(long pledgeSeq, CreditsMoved pledge)
    {
        string kind = EventKinds.ForOperation(CreditOperation.Pledge);
        string release = EventKinds.ForOperation(CreditOperation.Release);
        var now = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var releases = new SortedDictionary<long, long>();
        long total = 0;
        foreach (var m in pledge.Moves)
        {
            for (long serial = m.Start; serial <= m.End;)
            {
                if (ledger.BlockContaining(m.Project, serial) is not { } b)
                {
                    break;
                }
                long n = Math.Min(b.End, m.End) - Math.Max(b.Start, serial) + 1;
                string? createdBy = b.CreatedSeq > pledgeSeq ? store.FindJournal(b.CreatedSeq)?.Kind : null;
                // Pledged again by a later entry: carved off by it, or released whole and then pledged whole again, which keeps the block
                // (the later pledge is then among the entries that changed the block, as the pledge book finds it).
                long? again = createdBy == kind ? b.CreatedSeq
                    : b.Status == BlockStatus.Pledged ? RepledgedBy(b.Id, Math.Max(pledgeSeq, b.CreatedSeq), kind) : null;
                if (b.Status == BlockStatus.Pledged && again is null && b.PledgeeId == pledge.Counterparty && b.HolderId == pledge.Holder)
                {
                    return null;
                }
                string state = again is { } repledge ? $"pledged again (journal entry {repledge})" : b.Status.Name();
                now[state] = now.GetValueOrDefault(state) + n;
                if (createdBy == release)
                {
                    releases[b.CreatedSeq] = releases.GetValueOrDefault(b.CreatedSeq) + n; // the release split the block: its entry is known
                }
                total += n;
                serial = b.End + 1;
            }
        }
        var ci = CultureInfo.InvariantCulture;
        string by = string.Concat(releases.Select(kv => $"{kv.Value.ToString("#,0", ci)} by journal entry {kv.Key.ToString(ci)}; "));
        return $"its {total.ToString("#,0", ci)} credits were released ({by}now {string.Join(", ", now.Select(kv => $"{kv.Value.ToString("#,0", ci)} {kv.Key}"))})";
    }

    /// <summary>The latest pledge entry after <paramref name="afterSeq"/> that changed the block as a whole (not by carving a piece off it), or null.</summary>
    private long? RepledgedBy(long blockId, long afterSeq, string pledgeKind)
    {
        long? last = null;
        foreach (long seq in ledger.TouchesAfter(blockId, afterSeq))
        {
            if (store.FindJournal(seq) is { } entry && entry.Kind == pledgeKind
                && ((CreditsMoved)Journal.ReadPayload(entry.Kind, entry.Payload)).Moves.Any(m => m.Block == blockId && m.NewBlock is null))
            {
                last = seq;
            }
        }
        return last;
    }

    /// <summary>Any participant may run a package (a cooperative, a forestry company, a township); the households must be registered.</summary>
    private PendingEvent Create(Actor actor, CreatePackage c)
    {
        Identifiers.Require(c.Id, "package id");
        if (store.FindPackage(c.Id) is not null)
        {
            throw new LedgerException($"Package '{c.Id}' already exists.");
        }
        _ = LedgerNames.Parse<ShareBasis>(c.ShareBasis);
        if (c.Units.Count == 0 || c.Certificates.Count == 0)
        {
            throw new LedgerException($"Package '{c.Id}' needs at least one unit and one certificate.");
        }
        foreach (var holder in c.Certificates.Select(x => x.Holder).Concat(c.Units.Select(u => u.Contributor)).Distinct(StringComparer.Ordinal))
        {
            RequireParticipant(holder, $"of package '{c.Id}'");
        }
        foreach (var cert in c.Certificates)
        {
            if (store.FindCertificate(cert.Id) is not null)
            {
                throw new LedgerException($"Share certificate '{cert.Id}' already exists.");
            }
            _ = new ShareCertificate(cert.Id, c.Id, cert.Holder, decimal.Parse(cert.Weight, CultureInfo.InvariantCulture), cert.GuaranteedMinFen);
        }
        return new PendingEvent(PricingEventKinds.PackageCreated, actor.Id,
            new PackageCreated(c.Id, actor.Id, c.Name, c.ShareBasis, c.Services, c.Units, c.Certificates));
    }

    private PendingEvent Pledge(Actor actor, PledgeCertificate c)
    {
        RequireParticipant(c.Bank, $"pledgee of share certificate '{c.Certificate}'");
        return ChangeCertificate(c.Certificate, actor, x => x.Pledge(actor.Id, c.Bank, c.Loan), PricingEventKinds.CertificatePledged);
    }

    private PendingEvent Release(Actor actor, ReleaseCertificate c) =>
        ChangeCertificate(c.Certificate, actor, x => x.Release(actor.Id), PricingEventKinds.CertificateReleased);

    private PendingEvent ChangeCertificate(string id, Actor actor, Action<ShareCertificate> change, string kind)
    {
        var stored = store.FindCertificate(id) ?? throw new LedgerException($"Unknown share certificate '{id}'.");
        // Decide on a copy: the store's certificate changes only when the applier applies the event.
        var c = ShareCertificate.Restore(stored.Id, stored.PackageId, stored.HolderId, stored.Weight, stored.GuaranteedMinimumFen, stored.Status,
            stored.PledgeeId, stored.LoanFen, stored.Version);
        string from = c.Status.Name();
        change(c);
        return new PendingEvent(kind, actor.Id, new CertificatePledgeChanged(c.Id, c.PackageId, c.HolderId,
            c.PledgeeId ?? (kind == PricingEventKinds.CertificateReleased ? null : ""), c.LoanFen, from, c.Status.Name()));
    }

    private PendingEvent Distribute(Actor actor, DistributeIncome c)
    {
        var package = store.FindPackage(c.Package) ?? throw new LedgerException($"Unknown package '{c.Package}'.");
        if (package.OperatorId != actor.Id)
        {
            throw new LedgerException($"Actor '{actor.Id}' may not distribute the income of package '{c.Package}': it requires the operator '{package.OperatorId}'.");
        }
        long incomeFen = Fen.Exact(c.Income, "The income");
        if (c.Year is < Valuation.Files.GepRun.MinYear or > Valuation.Files.GepRun.MaxYear)
        {
            throw LedgerException.ForFields(string.Create(CultureInfo.InvariantCulture,
                $"{{year}} must be an accounting year from {Valuation.Files.GepRun.MinYear} to {Valuation.Files.GepRun.MaxYear}; got {c.Year}."), "year");
        }
        if (store.HasDistribution(c.Package, c.Year))
        {
            throw new LedgerException($"The {c.Year} income of package '{c.Package}' has already been distributed.");
        }
        var certificates = store.CertificatesOf(c.Package);
        var lines = Distribution.Split(c.Income, certificates.Select(x => new DistributionShare(x.Id, x.HolderId, x.Weight, Money.Money.FromMinorUnits(x.GuaranteedMinimumFen))).ToList());
        var entries = lines.Select(l => new DistributionEntry(l.Share.CertificateId, l.Share.Holder, Fen.Of(l.Share.Minimum), Fen.Of(l.PaidMinimum),
            Fen.Of(l.Profit), Fen.Of(l.Total), Fen.Of(l.Owed))).ToList();
        return new PendingEvent(PricingEventKinds.Distributed, actor.Id, new Distributed(c.Package, c.Year, incomeFen,
            entries.Sum(e => e.MinimumFen), entries.Sum(e => e.OwedFen), entries));
    }

    private void RequireParticipant(string id, string what)
    {
        var p = ledger.FindParticipant(id) ?? throw new LedgerException($"Unknown participant '{id}' ({what}); add it with 'ledger participant add' first.");
        if (p.Role == Role.System)
        {
            throw new LedgerException($"System account '{id}' cannot be the {what}.");
        }
    }

    private static string Cny(long fen) => Money.Money.FromMinorUnits(fen).Amount.ToString("0.00", CultureInfo.InvariantCulture);
}
