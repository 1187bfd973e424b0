using System.Globalization;
using System.Net;
using System.Text;
using EcoLedger.Cli;
using EcoLedger.Cli.Hosting;
using EcoLedger.IntegrationTests.Ledger;

namespace EcoLedger.IntegrationTests.Server;

/// <summary>
/// The reads behind the web app's compensation, finance and audit pages, and the retirement certificate: each gives what the CLI gives for
/// the same ledger (the certificate byte for byte), with hand-computed figures.
/// </summary>
public sealed class WebPagesEndpointTests
{
    private static readonly string Spec = CliRunner.Repo("samples", "xinan", "agreement.json");
    private static readonly string Samples = CliRunner.Repo("samples", "xinan", "jiekou-2024.csv");
    private static readonly string Prices = CliRunner.Repo("samples", "finance", "prices.csv");

    [Fact]
    public async Task The_server_serves_the_retirement_certificate_the_CLI_writes_byte_for_byte_and_anyone_may_fetch_it_and_its_proof()
    {
        using var server = new ServerTestHost();
        server.Seed();
        long seq = server.Ok("farm", HttpMethod.Post, "/api/credits/retire", new { quantity = 50, beneficiary = "宜春市电力公司", purpose = "2024 offset" }, "r-1")!["seq"]!
            .GetValue<long>();

        using var anonymous = server.Client();
        byte[] served = await anonymous.GetByteArrayAsync(new Uri($"/api/public/retirements/{seq}/certificate", UriKind.Relative));
        byte[] again = await anonymous.GetByteArrayAsync(new Uri($"/api/public/retirements/{seq}/certificate", UriKind.Relative));
        string pdf = Path.Combine(server.Dir, "cli-certificate.pdf");
        var (code, _, err) = Cli("ledger", "certificate", "--retirement", seq.ToString(CultureInfo.InvariantCulture), "--out", pdf, "--db", server.DbPath);
        var proof = server.Send(null, HttpMethod.Get, $"/api/public/retirements/{seq}/proof");
        var notRetirement = server.Send(null, HttpMethod.Get, "/api/public/retirements/1/certificate");

        Assert.True(code == 0, err);
        Assert.Equal(File.ReadAllBytes(pdf), served);
        Assert.Equal(served, again);
        Assert.Equal("%PDF", Encoding.ASCII.GetString(served, 0, 4));
        Assert.Equal(HttpStatusCode.OK, proof.Status);
        Assert.Equal("ecoledger-inclusion-proof/v1", proof.Json!["type"]!.GetValue<string>());
        Assert.Equal(seq, proof.Json!["event"]!["seq"]!.GetValue<long>());
        Assert.Equal((HttpStatusCode)422, notRetirement.Status);
        Assert.StartsWith("event 1 is a ", notRetirement.Json!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        // the public registry page links both
        string page = server.Send(null, HttpMethod.Get, "/registry").Text;
        Assert.Contains($"href=\"/api/public/retirements/{seq}/certificate\"", page, StringComparison.Ordinal);
        Assert.Contains($"href=\"/api/public/retirements/{seq}/proof\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public void A_round_shows_its_sample_means_index_and_payments_and_a_participant_sees_only_its_own_agreements()
    {
        using var server = new ServerTestHost();
        server.Seed();
        server.Ok("reg", HttpMethod.Post, "/api/participants", new { id = "zhejiang", role = "holder" });
        server.Ok("reg", HttpMethod.Post, "/api/participants", new { id = "anhui", role = "holder" });
        server.TokenFor("zhejiang", "holder");
        server.TokenFor("anhui", "holder");
        server.Ok("reg", HttpMethod.Post, "/api/compensation/agreements", new { id = "XINAN", spec = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Spec)).RootElement });
        server.Ok("zhejiang", HttpMethod.Post, "/api/compensation/agreements/XINAN/sign");
        server.Ok("anhui", HttpMethod.Post, "/api/compensation/agreements/XINAN/sign");
        server.Ok("reg", HttpMethod.Post, "/api/compensation/agreements/XINAN/activate");
        server.Ok("anhui", HttpMethod.Post, "/api/compensation/rounds/XINAN_R1/samples?file=jiekou-2024.csv", ServerTestHost.Csv(Samples));
        server.Ok("reg", HttpMethod.Post, "/api/compensation/rounds/XINAN_R1/close-monitoring");
        var assessed = server.Ok("reg", HttpMethod.Post, "/api/compensation/rounds/XINAN_R1/assess")!;
        server.Ok("zhejiang", HttpMethod.Post, "/api/compensation/rounds/XINAN_R1/settle");

        var asAuditor = server.Ok("auditor", HttpMethod.Get, "/api/compensation/agreements")!.AsArray();
        var asAnhui = server.Ok("anhui", HttpMethod.Get, "/api/compensation/agreements")!.AsArray();
        var asBuyer = server.Ok("buyer", HttpMethod.Get, "/api/compensation/agreements")!.AsArray();
        var buyerRounds = server.Send(server.TokenOf("buyer"), HttpMethod.Get, "/api/compensation/agreements/XINAN/rounds");
        var rounds = server.Ok("anhui", HttpMethod.Get, "/api/compensation/agreements/XINAN/rounds")!.AsArray();

        var agreement = Assert.Single(asAuditor)!;
        Assert.Equal(("XINAN", "active", "reg"), (agreement["id"]!.GetValue<string>(), agreement["state"]!.GetValue<string>(), agreement["administrator"]!.GetValue<string>()));
        Assert.Equal(["zhejiang", "anhui"], agreement["parties"]!.AsArray().Select(p => p!["participant"]!.GetValue<string>()).ToArray());
        Assert.Equal([80L, 15L, 5L], agreement["funding"]!.AsArray().OrderBy(f => f!["source"]!.GetValue<string>() switch { "zj_fiscal" => 0, "hydro" => 1, _ => 2 })
            .Select(f => f!["share"]!.GetValue<long>()).ToArray());
        Assert.Single(asAnhui);
        Assert.Empty(asBuyer);
        Assert.Equal((HttpStatusCode)422, buyerRounds.Status); // as for an unknown agreement: a non-party learns nothing

        // 2024-2026 in rounds of 12 months: three rounds, the first settled
        Assert.Equal(["XINAN_R1", "XINAN_R2", "XINAN_R3"], rounds.Select(r => r!["id"]!.GetValue<string>()).ToArray());
        var r1 = rounds[0]!;
        Assert.Equal(("settled", 96, 96), (r1["state"]!.GetValue<string>(), r1["samples_recorded"]!.GetValue<int>(), r1["samples_used"]!.GetValue<int>()));
        // The means are the plain averages of the CSV's values per indicator, computed here from the file itself.
        var expected = File.ReadAllLines(Samples).Skip(1).Select(l => l.Split(','))
            .GroupBy(f => f[2]).ToDictionary(g => g.Key, g => g.Select(f => decimal.Parse(f[3], CultureInfo.InvariantCulture)).ToList());
        foreach (var m in r1["means"]!.AsArray())
        {
            var values = expected[m!["indicator"]!.GetValue<string>()];
            Assert.Equal(values.Count, m["samples"]!.GetValue<int>());
            Assert.Equal(values.Sum() / values.Count, m["mean"]!.GetValue<decimal>());
            Assert.Equal(values.Min(), m["min"]!.GetValue<decimal>());
        }
        Assert.Equal(4, r1["means"]!.AsArray().Count);
        // the index and decision are the assessment's, as journaled
        var a = r1["assessment"]!;
        Assert.Equal(assessed["payload"]!["assessment"]!["index"]!.GetValue<string>(), a["index"]!.GetValue<string>());
        Assert.Equal(10_000_000_000L, a["amount_fen"]!.GetValue<long>());
        Assert.Equal("100,000,000.00", a["amount_cny"]!.GetValue<string>());
        // funding split 80/15/5 of 100,000,000.00 CNY: 80,000,000.00 + 15,000,000.00 + 5,000,000.00
        Assert.Equal([8_000_000_000L, 1_500_000_000L, 500_000_000L], a["funding"]!.AsArray().Select(f => f!["amount_fen"]!.GetValue<long>()).OrderDescending().ToArray());
        Assert.All(r1["payments"]!.AsArray(), p => Assert.Equal("posted", p!["state"]!.GetValue<string>()));
        Assert.Equal(10_000_000_000L, r1["payments"]!.AsArray().Sum(p => p!["amount_fen"]!.GetValue<long>()));
        Assert.Equal("open", rounds[1]!["state"]!.GetValue<string>());
        Assert.Null(rounds[1]!["assessment"]);
    }

    [Fact]
    public void Finance_reads_give_prices_mark_to_market_pledge_LTV_with_margin_calls_and_forward_value()
    {
        using var server = new ServerTestHost();
        server.Seed();
        server.Ok("reg", HttpMethod.Post, "/api/pricing/prices?file=prices.csv", ServerTestHost.Csv(Prices), "q-1");
        long pledge = server.Ok("farm", HttpMethod.Post, "/api/credits/pledge", new { counterparty = "bank", quantity = 100 }, "p-1")!["seq"]!.GetValue<long>();
        server.Ok("bank", HttpMethod.Post, "/api/pricing/loans", new { pledge_seq = pledge, principal = "6000.00" }, "l-1");

        var quotes = server.Ok("buyer", HttpMethod.Get, "/api/pricing/prices?market=CEA")!.AsArray();
        var asOf = server.Ok("buyer", HttpMethod.Get, "/api/pricing/prices/as-of?as_of=2025-06-30&market=CEA")!.AsArray();
        var mtm = server.Ok("auditor", HttpMethod.Get, "/api/pricing/mark-to-market?market=CEA&as_of=2025-06-30&holder=farm")!;
        var ownMtm = server.Ok("farm", HttpMethod.Get, "/api/pricing/mark-to-market?market=CEA&as_of=2025-06-30")!;
        var othersMtm = server.Send(server.TokenOf("buyer"), HttpMethod.Get, "/api/pricing/mark-to-market?market=CEA&as_of=2025-06-30&holder=farm");
        var pledges = server.Ok("bank", HttpMethod.Get, "/api/pricing/pledges/valuation?market=CEA&as_of=2025-06-30")!;
        var forward = server.Ok("farm", HttpMethod.Get, "/api/pricing/projects/P1/forward-value?market=CEA&as_of=2025-06-30&tonnes_per_year=1000&years=2")!;
        var stale = server.Send(server.TokenOf("auditor"), HttpMethod.Get, "/api/pricing/mark-to-market?market=CEA&as_of=2026-06-30");
        var badHaircut = server.Send(server.TokenOf("auditor"), HttpMethod.Get, "/api/pricing/pledges/valuation?market=CEA&as_of=2025-06-30&haircut=1.5");
        var growthIgnored = server.Send(server.TokenOf("farm"), HttpMethod.Get, "/api/pricing/projects/P1/forward-value?market=CEA&as_of=2025-06-30&tonnes_per_year=1000&growth=0.05");

        Assert.Equal(8, quotes.Count); // the CEA rows of samples/finance/prices.csv
        // the last CEA quote on or before 2025-06-30 is 72.40 CNY/t of 2025-06-27, 3 days old
        var p = Assert.Single(asOf)!;
        Assert.Equal(("2025-06-27", 3, 72.40m), (p["quote_date"]!.GetValue<string>(), p["age_days"]!.GetValue<int>(), p["price_cny_per_t"]!.GetValue<decimal>()));
        // farm: 800 t active + 100 t pledged of vintage 2023, no discount: 900 × 72.40 = 65,160.00 CNY
        Assert.Equal(65_160.00m, mtm["total_cny"]!.GetValue<decimal>());
        Assert.Equal(65_160.00m, ownMtm["total_cny"]!.GetValue<decimal>());
        Assert.Equal([57_920.00m, 7_240.00m], mtm["rows"]!.AsArray().Select(r => r!["value_cny"]!.GetValue<decimal>()).OrderDescending().ToArray());
        Assert.Equal(HttpStatusCode.Forbidden, othersMtm.Status);
        // the pledge: market value 100 × 72.40 = 7,240.00; collateral round(7,240.00 × (1 − 0.3)) = 5,068.00;
        // LTV 6,000.00 / 5,068.00 = 1.183899 (6 dp) > 0.8: a margin call
        var v = Assert.Single(pledges["pledges"]!.AsArray())!;
        Assert.Equal($"credits@{pledge}", v["pledge"]!.GetValue<string>());
        Assert.Equal((7_240.00m, 5_068.00m, 6_000.00m, 1.183899m, true), (v["market_value_cny"]!.GetValue<decimal>(), v["collateral_cny"]!.GetValue<decimal>(),
            v["loan_cny"]!.GetValue<decimal>(), v["ltv"]!.GetValue<decimal>(), v["margin_call"]!.GetValue<bool>()));
        Assert.Equal([$"credits@{pledge}"], pledges["margin_calls"]!.AsArray().Select(x => x!.GetValue<string>()).ToArray());
        // forward value, P1's 10 % buffer, h = 0.1, r = 0.08, flat 72.40: q = 1000 × 0.9 × 0.9 = 810 t a year, worth 58,644.00 CNY;
        // PV 2026 = 58,644.00 / 1.08 = 54,300.00; PV 2027 = 58,644.00 / 1.1664 = 50,277.78; NPV = 104,577.78
        Assert.Equal([54_300.00m, 50_277.78m], forward["schedule"]!.AsArray().Select(r => r!["pv_cny"]!.GetValue<decimal>()).ToArray());
        Assert.Equal(104_577.78m, forward["npv_cny"]!.GetValue<decimal>());
        // the last quote (2025-06-27) is 365 + 3 = 368 days before 2026-06-30, over the 90-day limit: refused naming the query parameter;
        // a bad haircut names its parameter too
        Assert.Equal(HttpStatusCode.BadRequest, stale.Status);
        Assert.Equal("The last quote of market 'CEA' on or before 2026-06-30 is of 2025-06-27, 368 days old; the limit is 90 days (max_age_days).",
            stale.Json!["detail"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, badHaircut.Status);
        Assert.Equal("haircut", badHaircut.Json!["fields"]![0]!.GetValue<string>());
        // a growth rate without path=growth was ignored in silence (the value on the flat path); it is refused naming both parameters
        Assert.Equal(HttpStatusCode.BadRequest, growthIgnored.Status);
        Assert.Equal("growth applies to the growth path only, and this valuation uses the flat path: set path to growth, or drop growth.",
            growthIgnored.Json!["detail"]!.GetValue<string>());
    }

    [Fact]
    public void An_auditor_verifies_an_uploaded_bundle_and_proof_sees_a_tampered_bundle_fail_and_reads_the_checkpoint_history()
    {
        using var server = new ServerTestHost();
        server.Seed();
        long seq = server.Ok("farm", HttpMethod.Post, "/api/credits/retire", new { quantity = 5, beneficiary = "Yichun", purpose = "offset" }, "r-1")!["seq"]!.GetValue<long>();
        string bundle = server.Send(server.TokenOf("auditor"), HttpMethod.Get, "/api/audit/export").Text;
        string tampered = bundle.Replace("\"beneficiary\":\"Yichun\"", "\"beneficiary\":\"Someone\"", StringComparison.Ordinal);
        string proof = server.Send(null, HttpMethod.Get, $"/api/public/retirements/{seq}/proof").Text;
        string forged = proof.Replace("\"beneficiary\":\"Yichun\"", "\"beneficiary\":\"Someone\"", StringComparison.Ordinal);

        var good = server.Ok("auditor", HttpMethod.Post, "/api/audit/bundles/verify", new StringContent(bundle, Encoding.UTF8, "application/x-ndjson"))!;
        var bad = server.Ok("auditor", HttpMethod.Post, "/api/audit/bundles/verify", new StringContent(tampered, Encoding.UTF8, "application/x-ndjson"))!;
        var proofOk = server.Ok("buyer", HttpMethod.Post, "/api/audit/proofs/verify", new StringContent(proof, Encoding.UTF8, "application/json"))!;
        var proofBad = server.Ok("buyer", HttpMethod.Post, "/api/audit/proofs/verify", new StringContent(forged, Encoding.UTF8, "application/json"))!;
        var notProof = server.Send(server.TokenOf("buyer"), HttpMethod.Post, "/api/audit/proofs/verify", new StringContent("{\"type\":\"x\"}", Encoding.UTF8, "application/json"));
        var history = server.Ok("auditor", HttpMethod.Get, "/api/audit/checkpoints")!.AsArray();

        Assert.NotEqual(bundle, tampered);
        Assert.True(good["verified"]!.GetValue<bool>(), good.ToJsonString());
        Assert.Equal(Encoding.UTF8.GetByteCount(bundle), good["bytes"]!.GetValue<long>());
        Assert.False(bad["verified"]!.GetValue<bool>());
        Assert.False(string.IsNullOrEmpty(bad["failure"]!.GetValue<string>()));
        Assert.True(proofOk["verified"]!.GetValue<bool>());
        Assert.StartsWith($"event {seq} (credits.retired) is included in the tree of size ", proofOk["statement"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.False(proofBad["verified"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.BadRequest, notProof.Status);
        // every command ends with a checkpoint: the history grows with the journal, each signature verifies
        Assert.True(history.Count >= 2);
        Assert.All(history, c => Assert.True(c!["signature_verifies"]!.GetValue<bool>()));
        var sizes = history.Select(c => c!["tree_size"]!.GetValue<long>()).ToList();
        Assert.Equal(sizes.Order().ToList(), sizes);
    }

    private static (int Code, string Out, string Err) Cli(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = Program.Run(args, new CliIo(o, e, false));
        return (code, o.ToString(), e.ToString());
    }
}
