using System.Globalization;
using EcoLedger.Ledger;
using EcoLedger.Pricing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace EcoLedger.Storage;

using Money = EcoLedger.Money.Money;

/// <summary>Credits currently pledged under one pledge (journal entry of the <c>credits.pledged</c> event), by credit class.</summary>
/// <param name="PledgeSeq">Journal entry of the pledge.</param>
/// <param name="Borrower">The holder that pledged.</param>
/// <param name="Bank">The pledgee.</param>
/// <param name="Classes">Still-pledged tonnes by project and vintage.</param>
public sealed record PledgedCredits(long PledgeSeq, string Borrower, string Bank,
    IReadOnlyList<(string Project, DateOnly VintageStart, DateOnly VintageEnd, long Tonnes)> Classes);

/// <summary>
/// The pricing module's commands and reads. Each command runs in one <c>BEGIN IMMEDIATE</c> transaction that writes its rows and
/// appends its journal entry (kinds <c>price.*</c>, <c>bank.*</c>), with the same request-id idempotency as ledger commands.
/// </summary>
public sealed partial class LedgerDatabase
{
    /// <summary>Runs a pricing command: <paramref name="apply"/> checks and writes within the transaction and returns the event to journal.</summary>
    public CommandResult ExecutePricing(string? requestId, string fingerprint, Func<SqliteTransaction, PendingEvent> apply)
    {
        ArgumentNullException.ThrowIfNull(apply);
        using var tx = _connection.BeginTransaction(deferred: false);
        _statements.Transaction = tx; // the signed checkpoint below reads the journal through the prepared statements
        if (requestId is not null)
        {
            using var seen = Cmd(tx, "SELECT fingerprint, seq FROM requests WHERE request_id = $p0", requestId).ExecuteReader();
            if (seen.Read())
            {
                if (seen.GetString(0) != fingerprint)
                {
                    throw new LedgerException($"Request id '{requestId}' was already used for a different command (journal entry {seen.GetInt64(1)}); nothing was written.");
                }
                long seq = seen.GetInt64(1);
                seen.Close();
                using var j = Cmd(tx, "SELECT time, actor, kind, payload, prev_hash, hash FROM journal WHERE seq = $p0", seq).ExecuteReader();
                j.Read();
                return new CommandResult(new JournalEntry(seq, j.GetString(0), j.GetString(1), j.GetString(2), j.GetString(3), j.GetString(4), j.GetString(5)), true);
            }
        }
        var pending = apply(tx);
        long head = 0;
        string prev = Journal.GenesisHash;
        using (var r = Cmd(tx, "SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1").ExecuteReader())
        {
            if (r.Read())
            {
                (head, prev) = (r.GetInt64(0), r.GetString(1));
            }
        }
        var entry = Journal.Seal(head + 1, _time.GetUtcNow(), pending, prev);
        Exec(tx, "INSERT INTO journal (seq, time, actor, kind, payload, prev_hash, hash) VALUES ($p0, $p1, $p2, $p3, $p4, $p5, $p6)",
            entry.Seq, entry.Time, entry.Actor, entry.Kind, entry.Payload, entry.PrevHash, entry.Hash);
        if (requestId is not null)
        {
            Exec(tx, "INSERT INTO requests (request_id, fingerprint, seq) VALUES ($p0, $p1, $p2)", requestId, fingerprint, entry.Seq);
        }
        AppendCheckpoint();
        tx.Commit();
        return new CommandResult(entry, false);
    }

    /// <summary>
    /// Imports quotes. A quote already stored with the same price is skipped; one with a different price is refused (a stored quote
    /// is never changed). Journals <c>price.imported</c> with the file's SHA-256.
    /// </summary>
    public CommandResult ImportPrices(string actor, string file, string sha256, IReadOnlyList<PriceQuote> quotes, string? requestId = null) =>
        ExecutePricing(requestId, Fingerprint("price import", [new("actor", actor), new("sha256", sha256)]), tx =>
        {
            if (quotes.Count == 0)
            {
                throw new LedgerException($"{file} has no quotes.");
            }
            int added = 0;
            foreach (var q in quotes)
            {
                using var r = Cmd(tx, "SELECT fen_per_tonne, source FROM price_quotes WHERE market = $p0 AND date = $p1", q.Market, Iso(q.Date)).ExecuteReader();
                if (r.Read())
                {
                    if (r.GetInt64(0) != q.FenPerTonne)
                    {
                        throw new LedgerException($"Market '{q.Market}' already has a quote of {Money.FromMinorUnits(r.GetInt64(0)).Amount.ToString("0.00", CultureInfo.InvariantCulture)} " +
                            $"CNY/t on {q.Date:yyyy-MM-dd} (source '{r.GetString(1)}'); a stored quote is never changed, so {q.Price.Amount.ToString("0.00", CultureInfo.InvariantCulture)} is refused.");
                    }
                    continue;
                }
                r.Close();
                Exec(tx, "INSERT INTO price_quotes (market, date, fen_per_tonne, source) VALUES ($p0, $p1, $p2, $p3)", q.Market, Iso(q.Date), q.FenPerTonne, q.Source);
                added++;
            }
            return new PendingEvent(PricingEventKinds.PricesImported, actor, new PricesImported(System.IO.Path.GetFileName(file), sha256, quotes.Count, added,
                quotes.Select(q => q.Market).Distinct().Order(StringComparer.Ordinal).ToList(), quotes.Min(q => q.Date), quotes.Max(q => q.Date)));
        });

    /// <summary>All stored quotes as a series.</summary>
    public PriceSeries Prices()
    {
        using var ctx = NewContext();
        return new PriceSeries(ctx.PriceQuotes.AsNoTracking().ToList());
    }

    /// <summary>Credits held by participants (not system accounts) that still have value: active, pledged or frozen.</summary>
    public IReadOnlyList<Holding> Holdings(string? holderId = null, string? projectId = null)
    {
        using var ctx = NewContext();
        var statuses = new[] { BlockStatus.Active, BlockStatus.Pledged, BlockStatus.Frozen };
        return ctx.Blocks.AsNoTracking()
            .Where(b => (holderId == null || b.HolderId == holderId) && (projectId == null || b.ProjectId == projectId))
            .ToList()
            .Where(b => statuses.Contains(b.Status) && !SystemAccounts.IsSystem(b.HolderId))
            .GroupBy(b => (b.HolderId, b.ProjectId, b.VintageStart, b.VintageEnd, b.Status))
            .Select(g => new Holding(g.Key.HolderId, g.Key.ProjectId, g.Key.VintageStart, g.Key.VintageEnd, g.Key.Status.Name(), g.Sum(b => b.Quantity)))
            .OrderBy(h => h.Holder, StringComparer.Ordinal).ThenBy(h => h.Project, StringComparer.Ordinal).ThenBy(h => h.VintageStart).ThenBy(h => h.Status, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// The credits still pledged, grouped by the pledge that pledged them: for each pledged block, the latest <c>credits.pledged</c> entry in
    /// its history (its own events and its ancestors' up to its split) is the pledge it belongs to.
    /// </summary>
    public IReadOnlyList<PledgedCredits> PledgedCredits()
    {
        List<CreditBlock> pledged;
        using (var ctx = NewContext())
        {
            pledged = ctx.Blocks.AsNoTracking().Where(b => b.Status == BlockStatus.Pledged).ToList();
        }
        string kind = EventKinds.ForOperation(CreditOperation.Pledge);
        var groups = new SortedDictionary<long, (string Borrower, string Bank, Dictionary<(string, DateOnly, DateOnly), long> Classes)>();
        foreach (var b in pledged)
        {
            var pledge = History(b.ProjectId, b.Start).Where(j => j.Kind == kind).MaxBy(j => j.Seq)
                ?? throw new InvalidOperationException($"Pledged {b.Subject} has no pledge in its history.");
            if (!groups.TryGetValue(pledge.Seq, out var g))
            {
                groups.Add(pledge.Seq, g = (b.HolderId, b.PledgeeId ?? "", new()));
            }
            var key = (b.ProjectId, b.VintageStart, b.VintageEnd);
            g.Classes[key] = g.Classes.GetValueOrDefault(key) + b.Quantity;
        }
        return groups.Select(kv => new PledgedCredits(kv.Key, kv.Value.Borrower, kv.Value.Bank,
            kv.Value.Classes.OrderBy(c => c.Key.Item1, StringComparer.Ordinal).ThenBy(c => c.Key.Item2)
                .Select(c => (c.Key.Item1, c.Key.Item2, c.Key.Item3, c.Value)).ToList())).ToList();
    }

    /// <summary>Records (or updates) the loan secured on a credits pledge; the actor must be the pledge's bank.</summary>
    public CommandResult RecordLoan(string actor, long pledgeSeq, Money principal, int? haircutBasisPoints, string? requestId = null) =>
        ExecutePricing(requestId, Fingerprint("bank loan record", [new("actor", actor), new("pledge", pledgeSeq.ToString(CultureInfo.InvariantCulture)),
            new("principal_fen", Fen.Exact(principal, "The loan principal").ToString(CultureInfo.InvariantCulture)), new("haircut_bp", haircutBasisPoints?.ToString(CultureInfo.InvariantCulture))]), tx =>
        {
            string kind, payload;
            using (var r = Cmd(tx, "SELECT kind, payload FROM journal WHERE seq = $p0", pledgeSeq).ExecuteReader())
            {
                if (!r.Read())
                {
                    throw new LedgerException($"Journal entry {pledgeSeq} does not exist.");
                }
                (kind, payload) = (r.GetString(0), r.GetString(1));
            }
            if (kind != EventKinds.ForOperation(CreditOperation.Pledge))
            {
                throw new LedgerException($"Journal entry {pledgeSeq} is a '{kind}' event, not a pledge (credits.pledged).");
            }
            var pledge = (CreditsMoved)Journal.ReadPayload(kind, payload);
            if (pledge.Counterparty != actor)
            {
                throw new LedgerException($"Actor '{actor}' may not record a loan on pledge {pledgeSeq}: it requires the bank '{pledge.Counterparty}'.");
            }
            if (haircutBasisPoints is < 0 or > 10_000)
            {
                throw new LedgerException($"The haircut must be between 0 and 100 %; got {haircutBasisPoints / 100m} %.");
            }
            long fen = Fen.Exact(principal, "The loan principal");
            Exec(tx, "INSERT INTO pledge_loans (pledge_seq, borrower, bank, principal_fen, haircut_basis_points, recorded_seq) VALUES ($p0, $p1, $p2, $p3, $p4, " +
                "(SELECT COALESCE(MAX(seq), 0) + 1 FROM journal)) ON CONFLICT (pledge_seq) DO UPDATE SET principal_fen = excluded.principal_fen, " +
                "haircut_basis_points = excluded.haircut_basis_points, recorded_seq = excluded.recorded_seq",
                pledgeSeq, pledge.Holder, actor, fen, haircutBasisPoints);
            return new PendingEvent(PricingEventKinds.LoanRecorded, actor, new LoanRecorded(pledgeSeq, pledge.Holder, actor, fen, haircutBasisPoints));
        });

    /// <summary>Loans by pledge.</summary>
    public IReadOnlyDictionary<long, PledgeLoan> Loans()
    {
        using var ctx = NewContext();
        return ctx.PledgeLoans.AsNoTracking().ToDictionary(l => l.PledgeSeq);
    }

    /// <summary>Creates a package with its units and certificates; the actor becomes its operator.</summary>
    public CommandResult CreatePackage(string actor, string id, string name, ShareBasis basis, IReadOnlyList<string> services,
        IReadOnlyList<PackageUnit> units, IReadOnlyList<ShareCertificate> certificates, string? requestId = null)
    {
        var ci = CultureInfo.InvariantCulture;
        var unitEntries = units.Select(u => new PackageUnitEntry(u.Contribution.UnitId, u.Contribution.Contributor, u.Contribution.Mode.Name(),
            u.Contribution.TermYears, u.Contribution.AreaHa.ToString(ci), Fen.Of(u.AnnualGep), u.CarbonTonnes.ToString(ci), Fen.Of(u.Contribution.GuaranteedMinimum))).ToList();
        var certEntries = certificates.Select(c => new CertificateEntry(c.Id, c.HolderId, c.Weight.ToString(ci), c.GuaranteedMinimumFen)).ToList();
        var payload = new PackageCreated(id, actor, name, basis.Name(), services, unitEntries, certEntries);
        string fp = Fingerprint("bank package create", [new("actor", actor), new("payload", System.Text.Json.JsonSerializer.Serialize(payload, Journal.PayloadOptions))]);
        return ExecutePricing(requestId, fp, tx =>
        {
            if (Cmd(tx, "SELECT EXISTS (SELECT 1 FROM bank_packages WHERE id = $p0)", id).ExecuteScalar() is 1L)
            {
                throw new LedgerException($"Package '{id}' already exists.");
            }
            Exec(tx, "INSERT INTO bank_packages (id, operator_id, name, share_basis, services, created_seq) VALUES ($p0, $p1, $p2, $p3, $p4, " +
                "(SELECT COALESCE(MAX(seq), 0) + 1 FROM journal))", id, actor, name, basis.Name(), string.Join(',', services));
            foreach (var u in units)
            {
                Exec(tx, "INSERT INTO bank_package_units (package_id, unit_id, contributor, mode, term_years, area_ha, annual_gep_fen, carbon_t_per_year, guaranteed_min_fen) " +
                    "VALUES ($p0, $p1, $p2, $p3, $p4, $p5, $p6, $p7, $p8)", id, u.Contribution.UnitId, u.Contribution.Contributor, u.Contribution.Mode.Name(),
                    u.Contribution.TermYears, u.Contribution.AreaHa.ToString(ci), Fen.Of(u.AnnualGep), u.CarbonTonnes.ToString(ci), Fen.Of(u.Contribution.GuaranteedMinimum));
            }
            foreach (var c in certificates)
            {
                Exec(tx, "INSERT INTO bank_certificates (id, package_id, holder_id, weight, guaranteed_minimum_fen, status, pledgee_id, loan_fen, version) " +
                    "VALUES ($p0, $p1, $p2, $p3, $p4, $p5, NULL, NULL, 0)", c.Id, id, c.HolderId, c.Weight.ToString(ci), c.GuaranteedMinimumFen, c.Status.Name());
            }
            return new PendingEvent(PricingEventKinds.PackageCreated, actor, payload);
        });
    }

    /// <summary>A package, its units and its certificates.</summary>
    public (BankPackage Package, IReadOnlyList<BankPackageUnit> Units, IReadOnlyList<ShareCertificate> Certificates) Package(string id)
    {
        using var ctx = NewContext();
        var p = ctx.BankPackages.AsNoTracking().FirstOrDefault(x => x.Id == id) ?? throw new LedgerException($"Unknown package '{id}'.");
        var units = ctx.BankPackageUnits.AsNoTracking().Where(u => u.PackageId == id).ToList().OrderBy(u => u.UnitId, StringComparer.Ordinal).ToList();
        var certs = ctx.BankCertificates.AsNoTracking().Where(c => c.PackageId == id).ToList().OrderBy(c => c.Id, StringComparer.Ordinal).ToList();
        return (p, units, certs);
    }

    /// <summary>Every certificate currently pledged, of every package.</summary>
    public IReadOnlyList<ShareCertificate> PledgedCertificates()
    {
        using var ctx = NewContext();
        return ctx.BankCertificates.AsNoTracking().Where(c => c.Status == CertificateStatus.Pledged).ToList().OrderBy(c => c.Id, StringComparer.Ordinal).ToList();
    }

    /// <summary>Pledges a certificate (actor: the holder) to a bank for a loan.</summary>
    public CommandResult PledgeCertificate(string actor, string certificateId, string bank, Money loan, string? requestId = null) =>
        ChangeCertificate("bank certificate pledge", actor, certificateId, requestId, [new("to", bank), new("loan_fen", Fen.Exact(loan, "The loan").ToString(CultureInfo.InvariantCulture))],
            c => c.Pledge(actor, bank, loan), PricingEventKinds.CertificatePledged);

    /// <summary>Releases a certificate's pledge (actor: the bank).</summary>
    public CommandResult ReleaseCertificate(string actor, string certificateId, string? requestId = null) =>
        ChangeCertificate("bank certificate release", actor, certificateId, requestId, [], c => c.Release(actor), PricingEventKinds.CertificateReleased);

    private CommandResult ChangeCertificate(string command, string actor, string id, string? requestId, KeyValuePair<string, string?>[] args,
        Action<ShareCertificate> change, string kind) =>
        ExecutePricing(requestId, Fingerprint(command, args.Prepend(new("certificate", id)).Prepend(new("actor", actor))), tx =>
        {
            var c = LoadCertificate(tx, id);
            string from = c.Status.Name();
            long version = c.Version;
            change(c);
            if (Exec(tx, "UPDATE bank_certificates SET status = $p0, pledgee_id = $p1, loan_fen = $p2, version = $p3 WHERE id = $p4 AND version = $p5",
                    c.Status.Name(), c.PledgeeId, c.LoanFen, c.Version, c.Id, version) != 1)
            {
                throw new LedgerException($"Share certificate '{id}' was changed by another writer; nothing was written. Retry the command.");
            }
            return new PendingEvent(kind, actor, new CertificatePledgeChanged(c.Id, c.PackageId, c.HolderId, c.PledgeeId ?? (kind == PricingEventKinds.CertificateReleased ? null : ""),
                c.LoanFen, from, c.Status.Name()));
        });

    private static ShareCertificate LoadCertificate(SqliteTransaction tx, string id)
    {
        using var r = Cmd(tx, "SELECT package_id, holder_id, weight, guaranteed_minimum_fen, status, pledgee_id, loan_fen, version FROM bank_certificates WHERE id = $p0", id).ExecuteReader();
        if (!r.Read())
        {
            throw new LedgerException($"Unknown share certificate '{id}'.");
        }
        return ShareCertificate.Restore(id, r.GetString(0), r.GetString(1), decimal.Parse(r.GetString(2), CultureInfo.InvariantCulture), r.GetInt64(3),
            LedgerNames.Parse<CertificateStatus>(r.GetString(4)), r.IsDBNull(5) ? null : r.GetString(5), r.IsDBNull(6) ? null : r.GetInt64(6), r.GetInt64(7));
    }

    /// <summary>
    /// Distributes one year's income of a package (actor: its operator): minimums first, the rest by shares; below the minimums,
    /// pro rata with the shortfall recorded as owed. One distribution per package and year.
    /// </summary>
    public CommandResult Distribute(string actor, string packageId, int year, Money income, string? requestId = null) =>
        ExecutePricing(requestId, Fingerprint("bank distribute", [new("actor", actor), new("package", packageId),
            new("year", year.ToString(CultureInfo.InvariantCulture)), new("income_fen", Fen.Exact(income, "The income").ToString(CultureInfo.InvariantCulture))]), tx =>
        {
            string operatorId = Cmd(tx, "SELECT operator_id FROM bank_packages WHERE id = $p0", packageId).ExecuteScalar() as string
                ?? throw new LedgerException($"Unknown package '{packageId}'.");
            if (operatorId != actor)
            {
                throw new LedgerException($"Actor '{actor}' may not distribute the income of package '{packageId}': it requires the operator '{operatorId}'.");
            }
            var ids = new List<string>();
            using (var r = Cmd(tx, "SELECT id FROM bank_certificates WHERE package_id = $p0", packageId).ExecuteReader())
            {
                while (r.Read())
                {
                    ids.Add(r.GetString(0));
                }
            }
            var certificates = ids.Order(StringComparer.Ordinal).Select(id => LoadCertificate(tx, id)).ToList();
            if (Cmd(tx, "SELECT EXISTS (SELECT 1 FROM bank_distributions WHERE package_id = $p0 AND year = $p1)", packageId, year).ExecuteScalar() is 1L)
            {
                throw new LedgerException($"The {year} income of package '{packageId}' has already been distributed.");
            }
            var lines = Distribution.Split(income, certificates.Select(c => new DistributionShare(c.Id, c.HolderId, c.Weight, Money.FromMinorUnits(c.GuaranteedMinimumFen))).ToList());
            var entries = lines.Select(l => new DistributionEntry(l.Share.CertificateId, l.Share.Holder, Fen.Of(l.Share.Minimum), Fen.Of(l.PaidMinimum),
                Fen.Of(l.Profit), Fen.Of(l.Total), Fen.Of(l.Owed))).ToList();
            foreach (var e in entries)
            {
                Exec(tx, "INSERT INTO bank_distributions (package_id, year, certificate_id, holder_id, minimum_fen, paid_minimum_fen, profit_fen, total_fen, owed_fen, seq) " +
                    "VALUES ($p0, $p1, $p2, $p3, $p4, $p5, $p6, $p7, $p8, (SELECT COALESCE(MAX(seq), 0) + 1 FROM journal))",
                    packageId, year, e.Certificate, e.Holder, e.MinimumFen, e.PaidMinimumFen, e.ProfitFen, e.TotalFen, e.OwedFen);
            }
            return new PendingEvent(PricingEventKinds.Distributed, actor, new Distributed(packageId, year, Fen.Of(income),
                entries.Sum(e => e.MinimumFen), entries.Sum(e => e.OwedFen), entries));
        });

    /// <summary>A package's distributions, by year and certificate.</summary>
    public IReadOnlyList<BankDistribution> Distributions(string packageId)
    {
        using var ctx = NewContext();
        return ctx.BankDistributions.AsNoTracking().Where(d => d.PackageId == packageId).ToList()
            .OrderBy(d => d.Year).ThenBy(d => d.CertificateId, StringComparer.Ordinal).ToList();
    }

    /// <summary>The units of a project (ids) and its buffer share.</summary>
    public (IReadOnlyList<string> Units, int BufferBasisPoints, DateOnly PeriodEnd) ProjectUnits(string projectId)
    {
        using var ctx = NewContext();
        var p = ctx.Projects.AsNoTracking().FirstOrDefault(x => x.Id == projectId) ?? throw new LedgerException($"Unknown project '{projectId}'.");
        var units = ctx.Set<ProjectUnit>().AsNoTracking().Where(u => u.ProjectId == projectId).Select(u => u.UnitId).ToList();
        return (units, p.BufferBasisPoints, p.PeriodEnd);
    }

    private static SqliteCommand Cmd(SqliteTransaction tx, string sql, params object?[] values)
    {
        var cmd = tx.Connection!.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        for (int i = 0; i < values.Length; i++)
        {
            cmd.Parameters.AddWithValue("$p" + i.ToString(CultureInfo.InvariantCulture), values[i] ?? DBNull.Value);
        }
        return cmd;
    }

    private static int Exec(SqliteTransaction tx, string sql, params object?[] values)
    {
        using var cmd = Cmd(tx, sql, values);
        return cmd.ExecuteNonQuery();
    }

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
