using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using EcoLedger.Cli.Hosting;
using EcoLedger.IO;
using EcoLedger.Ledger;

namespace EcoLedger.Cli.Commands;

/// <summary>Read-only ledger verbs: balance, blocks, history, supply, verify.</summary>
internal static class QueryCommands
{
    public static Command Balance(LedgerCli ctx)
    {
        var holder = LedgerCommands.Opt("--holder", "One holding account (default: every account).");
        var lang = CliLabels.LangOption();
        var c = new Command("balance", "Credits per holding account by status, with the double-entry balance.") { holder, lang };
        c.SetAction(r => ctx.Guard(() =>
        {
            using var db = ctx.Open(r);
            var rows = db.Balances(r.GetValue(holder));
            if (r.GetValue(ctx.Json))
            {
                LedgerCommands.WriteJson(ctx.Io, new JsonArray(rows.Select(b => (JsonNode)new JsonObject
                {
                    ["holder"] = b.Holder,
                    ["active"] = b.Active,
                    ["pledged"] = b.Pledged,
                    ["frozen"] = b.Frozen,
                    ["retired"] = b.Retired,
                    ["cancelled"] = b.Cancelled,
                    ["total"] = b.Total,
                    ["posted"] = b.Posted,
                }).ToArray()));
                return 0;
            }
            var l = CliLabels.For(r.GetValue(lang));
            Table(ctx.Io, [l["holder"], l["active"], l["pledged"], l["frozen"], l["retired"], l["cancelled"], l["total"], l["posted"]],
                rows.Select(b => new[] { b.Holder, N(b.Active), N(b.Pledged), N(b.Frozen), N(b.Retired), N(b.Cancelled), N(b.Total), N(b.Posted) }));
            return 0;
        }));
        return c;
    }

    public static Command Blocks(LedgerCli ctx)
    {
        var holder = LedgerCommands.Opt("--holder", "Only blocks of this holder.");
        var project = LedgerCommands.Opt("--project", "Only blocks of this project.");
        var c = new Command("blocks", "Credit blocks with their serials, holder and status.") { holder, project };
        c.SetAction(r => ctx.Guard(() =>
        {
            using var db = ctx.Open(r);
            var rows = db.Blocks(r.GetValue(holder), r.GetValue(project));
            if (r.GetValue(ctx.Json))
            {
                LedgerCommands.WriteJson(ctx.Io, new JsonArray(rows.Select(b => LedgerCommands.ToNode(b)).ToArray()));
                return 0;
            }
            Table(ctx.Io, ["block", "serial", "quantity", "holder", "status", "pledgee"],
                rows.Select(b => new[] { N(b.Id), b.Serial, N(b.Quantity), b.Holder, b.Status, b.Pledgee ?? "" }));
            return 0;
        }));
        return c;
    }

    /// <summary><c>project units --within FILE</c>: the "units in a polygon" query (PostGIS on PostgreSQL, NTS on SQLite).</summary>
    public static Command UnitsWithin(LedgerCli ctx)
    {
        var within = LedgerCommands.Req("--within", "Polygon(s): GeoJSON, GeoPackage or Shapefile, in CGCS2000/WGS 84 lon/lat or a CGCS2000 Gauss–Krüger zone (reprojected); their union is the area.");
        var project = LedgerCommands.Opt("--project", "Only this project's units.");
        var crs = LedgerCommands.Opt("--crs", "CRS of --within: auto (default: the file's, else detected), geographic or EPSG:<code> (4326, 4490; CGCS2000 Gauss–Krüger 4491–4554, reprojected).");
        var c = new Command("units", "Project units whose outline intersects a polygon, with each unit's area and the area inside (km², equal-area). " +
            "Runs in PostGIS on a PostgreSQL store.") { within, project, crs };
        c.SetAction(r => ctx.Guard(() =>
        {
            var area = UnitsCommands.ReadBoundary(r.GetValue(within)!, r.GetValue(crs));
            area.SRID = EcoLedger.Spatial.UnitsInArea.Srid;
            using var db = ctx.Open(r);
            var rows = db.UnitsIntersecting(area, r.GetValue(project));
            if (r.GetValue(ctx.Json))
            {
                LedgerCommands.WriteJson(ctx.Io, new JsonArray(rows.Select(u => (JsonNode)new JsonObject
                {
                    ["project"] = u.Project,
                    ["unit"] = u.Unit,
                    ["unit_area_km2"] = Math.Round(u.UnitAreaKm2, 6),
                    ["overlap_km2"] = Math.Round(u.OverlapKm2, 6),
                }).ToArray()));
                return 0;
            }
            Table(ctx.Io, ["project", "unit", "unit km²", "inside km²", "inside %"], rows.Select(u => new[]
            {
                u.Project, u.Unit, u.UnitAreaKm2.ToString("0.000000", CultureInfo.InvariantCulture), u.OverlapKm2.ToString("0.000000", CultureInfo.InvariantCulture),
                (100 * u.OverlapKm2 / u.UnitAreaKm2).ToString("0.00", CultureInfo.InvariantCulture),
            }));
            return 0;
        }));
        return c;
    }

    public static Command History(LedgerCli ctx)
    {
        var serial = LedgerCommands.Req("--serial", "A full serial (ECO-...) or a serial number with --project.");
        var project = LedgerCommands.Opt("--project", "Project of a bare serial number.");
        var c = new Command("history", "Every journal event that touched the block containing the serial, oldest first.") { serial, project };
        c.SetAction(r => ctx.Guard(() =>
        {
            string s = r.GetValue(serial)!;
            string? p = r.GetValue(project);
            long n;
            if (s.StartsWith("ECO-", StringComparison.Ordinal))
            {
                var parsed = SerialNumber.Parse(s);
                (p, n) = (parsed.Project, parsed.Range.Start);
            }
            else if (p is null || !long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out n))
            {
                throw new CliException($"Invalid --serial '{s}': give a full ECO-... serial, or a serial number with --project.");
            }
            using var db = ctx.Open(r);
            var entries = db.History(p, n);
            if (r.GetValue(ctx.Json))
            {
                LedgerCommands.WriteJson(ctx.Io, new JsonArray(entries.Select(e => (JsonNode)LedgerCli.EntryJson(e, false)).ToArray()));
                return 0;
            }
            // For people: each movement of the serial's credits, read from the event's block moves (the part that holds the serial).
            Table(ctx.Io, ["seq", "time (UTC)", "kind", "actor", "from", "to", "status", "tonnes", "serials"], entries.Select(e =>
            {
                var moves = Journal.ReadPayload(e.Kind, e.Payload) switch
                {
                    IssuanceIssued i => i.Moves,
                    CreditsMoved m => m.Moves,
                    ReversalReported rr => rr.Moves,
                    _ => [],
                };
                var move = moves.FirstOrDefault(m => m.Project == p && m.Start <= n && n <= m.End);
                string time = e.Time.Length >= 19 ? e.Time[..10] + " " + e.Time[11..19] : e.Time;
                return move is null
                    ? new[] { N(e.Seq), time, e.Kind, e.Actor, "-", "-", "-", "-", "-" }
                    : [N(e.Seq), time, e.Kind, e.Actor, move.FromHolder, move.Holder, move.FromStatus == move.Status ? move.Status : $"{move.FromStatus} -> {move.Status}",
                        N(move.Quantity), move.Serial];
            }));
            return 0;
        }));
        return c;
    }

    public static Command Supply(LedgerCli ctx)
    {
        var project = LedgerCommands.Opt("--project", "Only this project.");
        var lang = CliLabels.LangOption();
        var c = new Command("supply", "Supply per project and vintage: issued = buffer + active + pledged + frozen + retired + cancelled (checked).") { project, lang };
        c.SetAction(r => ctx.Guard(() =>
        {
            using var db = ctx.Open(r);
            var rows = db.Supply(r.GetValue(project));
            WriteSupply(ctx.Io, r.GetValue(ctx.Json), rows, CliLabels.For(r.GetValue(lang)));
            var bad = rows.FirstOrDefault(x => !x.AddsUp);
            if (bad is not null)
            {
                throw new CliException($"supply of {bad.Project} {bad.VintageStart:yyyy-MM-dd}..{bad.VintageEnd:yyyy-MM-dd} does not add up", 1);
            }
            return 0;
        }));
        return c;
    }

    /// <summary>Writes a supply table as the contract's JSON or as a text table.</summary>
    public static void Write(LedgerCli ctx, bool json, IReadOnlyList<SupplyRow> rows) => WriteSupply(ctx.Io, json, rows);

    /// <summary>Writes a supply table as the contract's JSON or as a text table.</summary>
    public static void WriteSupply(CliIo io, bool json, IReadOnlyList<SupplyRow> rows, CliLabels? labels = null)
    {
        if (json)
        {
            LedgerCommands.WriteJson(io, new JsonArray(rows.Select(x => (JsonNode)new JsonObject
            {
                ["project"] = x.Project,
                ["vintage_start"] = x.VintageStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["vintage_end"] = x.VintageEnd.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["issued"] = x.Issued,
                ["buffer"] = x.Buffer,
                ["active"] = x.Active,
                ["pledged"] = x.Pledged,
                ["frozen"] = x.Frozen,
                ["retired"] = x.Retired,
                ["cancelled"] = x.Cancelled,
            }).ToArray()));
            return;
        }
        var l = labels ?? CliLabels.En;
        Table(io, [l["project"], l["vintage"], l["issued"], l["buffer"], l["active"], l["pledged"], l["frozen"], l["retired"], l["cancelled"], l["check"]],
            rows.Select(x => new[] { x.Project, $"{x.VintageStart:yyyy-MM-dd}..{x.VintageEnd:yyyy-MM-dd}", N(x.Issued), N(x.Buffer), N(x.Active),
                N(x.Pledged), N(x.Frozen), N(x.Retired), N(x.Cancelled), x.AddsUp ? "ok" : "MISMATCH" }));
    }

    public static Command Verify(LedgerCli ctx)
    {
        var c = new Command("verify", "Verify the hash chain, replay the journal against the tables and check every invariant.");
        c.SetAction(r => ctx.Guard(() =>
        {
            using var db = ctx.Open(r);
            var problems = db.Verify();
            int events = db.JournalEntries().Count;
            if (r.GetValue(ctx.Json))
            {
                LedgerCommands.WriteJson(ctx.Io, new JsonObject { ["events"] = events, ["valid"] = problems.Count == 0, ["problems"] = new JsonArray(problems.Select(p => (JsonNode)p).ToArray()) });
            }
            else
            {
                ctx.Io.Out.WriteLine(problems.Count == 0 ? $"ledger verified: {events} events, hash chain intact, replay matches, supply adds up" : string.Join(Environment.NewLine, problems));
            }
            if (problems.Count > 0)
            {
                throw new CliException($"ledger verification failed: {problems[0]}", 1);
            }
            return 0;
        }));
        return c;
    }

    private static string N(long n) => n.ToString(CultureInfo.InvariantCulture);

    internal static void Table(CliIo io, string[] header, IEnumerable<string[]> rows)
    {
        var all = rows.Prepend(header).ToList();
        var widths = header.Select((_, i) => all.Max(r => TerminalColumns.Width(r[i]))).ToArray();
        foreach (var r in all)
        {
            io.Out.WriteLine(string.Join("  ", r.Select((c, i) => i == 0 || !long.TryParse(c, out _)
                ? TerminalColumns.PadRight(c, widths[i]) : TerminalColumns.PadLeft(c, widths[i]))).TrimEnd());
        }
    }
}
