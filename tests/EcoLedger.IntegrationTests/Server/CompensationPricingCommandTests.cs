using System.Net;
using EcoLedger.IntegrationTests.Ledger;
using EcoLedger.Storage;

namespace EcoLedger.IntegrationTests.Server;

/// <summary>
/// Compensation and price commands over HTTP are the CLI's commands: the Xin'an round and a price import, run through each host, leave
/// the same journal (entry by entry: sequence, actor, kind and payload), and the server's refusals name the request's own members.
/// </summary>
public sealed class CompensationPricingCommandTests
{
    private static readonly string Spec = CliRunner.Repo("samples", "xinan", "agreement.json");
    private static readonly string Samples = CliRunner.Repo("samples", "xinan", "jiekou-2024.csv");
    private static readonly string Prices = CliRunner.Repo("samples", "finance", "prices.csv");

    [Fact]
    public void The_xinan_round_and_a_price_import_journal_the_same_events_through_the_CLI_and_the_server()
    {
        // Given the registry and the two provinces, through the CLI ...
        using var cli = new LedgerTestDb();
        cli.Ok("ledger", "init");
        cli.Ok("ledger", "participant", "add", "--id", "reg", "--role", "registry", "--name", "Registry administrator");
        cli.Ok("ledger", "participant", "add", "--id", "zhejiang", "--role", "holder", "--actor", "reg");
        cli.Ok("ledger", "participant", "add", "--id", "anhui", "--role", "holder", "--actor", "reg");
        cli.Ok("compensation", "agreement", "create", "--id", "XINAN", "--spec", Spec, "--actor", "reg", "--request-id", "c1");
        cli.Ok("compensation", "agreement", "sign", "--id", "XINAN", "--actor", "zhejiang");
        cli.Ok("compensation", "agreement", "sign", "--id", "XINAN", "--actor", "anhui");
        cli.Ok("compensation", "agreement", "activate", "--id", "XINAN", "--actor", "reg");
        cli.Ok("compensation", "samples", "import", "--round", "XINAN_R1", Samples, "--actor", "anhui", "--request-id", "s1");
        cli.Ok("compensation", "round", "close-monitoring", "--round", "XINAN_R1", "--actor", "reg");
        cli.Ok("compensation", "round", "assess", "--round", "XINAN_R1", "--actor", "reg");
        cli.Ok("compensation", "round", "settle", "--round", "XINAN_R1", "--actor", "zhejiang");
        cli.Ok("price", "import", Prices, "--actor", "reg", "--request-id", "q1");

        // ... and through the server, each province with its own token
        using var server = new ServerTestHost();
        server.Ok("reg", HttpMethod.Post, "/api/participants", new { id = "zhejiang", role = "holder" });
        server.Ok("reg", HttpMethod.Post, "/api/participants", new { id = "anhui", role = "holder" });
        server.TokenFor("zhejiang", "holder");
        server.TokenFor("anhui", "holder");
        server.Ok("reg", HttpMethod.Post, "/api/compensation/agreements", new { id = "XINAN", spec = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Spec)).RootElement }, "c1");
        server.Ok("zhejiang", HttpMethod.Post, "/api/compensation/agreements/XINAN/sign");
        server.Ok("anhui", HttpMethod.Post, "/api/compensation/agreements/XINAN/sign");
        server.Ok("reg", HttpMethod.Post, "/api/compensation/agreements/XINAN/activate");
        var imported = server.Ok("anhui", HttpMethod.Post, "/api/compensation/rounds/XINAN_R1/samples?file=jiekou-2024.csv", ServerTestHost.Csv(Samples), "s1")!;
        server.Ok("reg", HttpMethod.Post, "/api/compensation/rounds/XINAN_R1/close-monitoring");
        server.Ok("reg", HttpMethod.Post, "/api/compensation/rounds/XINAN_R1/assess");
        server.Ok("zhejiang", HttpMethod.Post, "/api/compensation/rounds/XINAN_R1/settle");
        var quotes = server.Ok("reg", HttpMethod.Post, "/api/pricing/prices?file=prices.csv", ServerTestHost.Csv(Prices), "q1")!;

        // Then both journals hold the same entries, and the server's ledger verifies
        Assert.Equal("compensation.samples_imported", imported["kind"]!.GetValue<string>());
        Assert.Equal(96, imported["payload"]!["samples"]!.AsArray().Count);
        Assert.Equal("price.imported", quotes["kind"]!.GetValue<string>());
        var fromCli = HostJournal.Of(cli.Path);
        var fromServer = HostJournal.Of(server.DbPath);
        Assert.Equal(fromCli.Select(e => (e.Actor, e.Kind, e.Payload)).ToList(), HostJournal.WithoutCredentials(fromServer));
        Assert.All(HostJournal.Credentials(fromServer), e => Assert.StartsWith("token:", e.Credential));
        Assert.Equal(["compensation.agreement_created", "compensation.agreement_signed", "compensation.agreement_signed", "compensation.agreement_transitioned"],
            fromServer.Where(e => e.Kind.StartsWith("compensation.agreement", StringComparison.Ordinal)).Select(e => e.Kind).ToArray());
        Assert.True(server.Ok("auditor", HttpMethod.Get, "/api/audit/verify")!["verified"]!.GetValue<bool>());
        var payments = server.Ok("auditor", HttpMethod.Get, "/api/compensation/payments?agreement=XINAN")!.AsArray();
        Assert.Equal(10_000_000_000L, payments.Sum(p => p!["amount_fen"]!.GetValue<long>())); // 100,000,000.00 CNY: pay_if_not_met_fen
        Assert.All(payments, p => Assert.Equal("posted", p!["state"]!.GetValue<string>()));
    }

    [Fact]
    public void A_price_file_imported_again_answers_200_unchanged_and_journals_nothing()
    {
        // Before: 201 and a second price.imported event with "new": 0.
        using var server = new ServerTestHost();
        server.Seed();
        server.Ok("reg", HttpMethod.Post, "/api/pricing/prices?file=prices.csv", ServerTestHost.Csv(Prices), "q1");
        int before = HostJournal.Of(server.DbPath).Count;

        var again = server.Send(server.TokenOf("reg"), HttpMethod.Post, "/api/pricing/prices?file=prices.csv", ServerTestHost.Csv(Prices), "q2");

        Assert.Equal(System.Net.HttpStatusCode.OK, again.Status);
        Assert.Equal("true", again.Headers["EcoLedger-Unchanged"]);
        Assert.Equal(0, again.Json!["payload"]!["new"]!.GetValue<int>());
        Assert.Equal(before, HostJournal.Of(server.DbPath).Count);
    }

    [Fact]
    public void A_commands_answer_tells_a_banker_what_happened_in_english_or_chinese_with_money_to_the_fen()
    {
        using var server = new ServerTestHost();
        server.Seed();
        long pledge = server.Ok("farm", HttpMethod.Post, "/api/credits/pledge", new { counterparty = "bank", quantity = 100 }, "p-1")!["seq"]!.GetValue<long>();

        // When the bank records a loan of 6000.5 CNY (six thousand yuan and fifty fen) in English, and the same in Chinese
        var en = server.Send(server.TokenOf("bank"), HttpMethod.Post, "/api/pricing/loans", new { pledge_seq = pledge, principal = "6000.5" }, "l-1").Json!;
        var zh = server.Send(server.TokenOf("bank"), HttpMethod.Post, "/api/pricing/loans?lang=zh", new { pledge_seq = pledge, principal = "6000.5" }, "l-2").Json!;

        // Then the answer is a sentence naming the pledge and the principal with two decimals and the currency, and the same figures
        Assert.Equal($"Loan of 6,000.50 CNY from bank to farm recorded, secured on the pledge of journal event #{pledge}.", en["statement"]!["sentence"]!.GetValue<string>());
        var figures = en["statement"]!["figures"]!.AsArray().ToDictionary(f => f!["label"]!.GetValue<string>(), f => f!["value"]!.GetValue<string>());
        Assert.Equal("6,000.50 CNY", figures["Outstanding principal"]);
        Assert.Equal("#" + pledge, figures["Pledge"]);
        Assert.Equal("bank", figures["Recorded by"]);
        Assert.Equal($"已登记 bank 向 farm 发放的 6,000.50 元 贷款，以日志事件 #{pledge} 的质押担保。", zh["statement"]!["sentence"]!.GetValue<string>());
        Assert.Contains(zh["statement"]!["figures"]!.AsArray(), f => f!["label"]!.GetValue<string>() == "未偿本金" && f["value"]!.GetValue<string>() == "6,000.50 元");
        // the journal's data stays in the answer for API clients (integer fen: 6000.5 CNY = 600,050 fen)
        Assert.Equal(600_050L, en["payload"]!["principal_fen"]!.GetValue<long>());
    }

    [Fact]
    public void The_server_refuses_a_payee_settling_a_bad_spec_a_bad_amount_and_a_file_that_is_not_csv_naming_what_is_wrong()
    {
        using var server = new ServerTestHost();
        server.Ok("reg", HttpMethod.Post, "/api/participants", new { id = "zhejiang", role = "holder" });
        server.Ok("reg", HttpMethod.Post, "/api/participants", new { id = "anhui", role = "holder" });
        server.TokenFor("zhejiang", "holder");
        string anhui = server.TokenFor("anhui", "holder");

        var badSpec = server.Send(server.TokenOf("reg"), HttpMethod.Post, "/api/compensation/agreements", new { id = "X", spec = new { name = "no period" } });
        var notCsv = server.Send(anhui, HttpMethod.Post, "/api/compensation/rounds/X_R1/samples?file=a.csv", new { rows = 1 });
        var path = server.Send(anhui, HttpMethod.Post, "/api/compensation/rounds/X_R1/samples?file=../a.csv", ServerTestHost.Csv(Samples));
        var amount = server.Send(server.TokenOf("reg"), HttpMethod.Post, "/api/compensation/rounds/X_R1/resolve", new { outcome = "amended", amount = "1.005" });

        Assert.Equal(HttpStatusCode.BadRequest, badSpec.Status);
        Assert.StartsWith("spec is not a valid agreement spec: ", badSpec.Json!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("spec", badSpec.Json!["fields"]![0]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, notCsv.Status);
        Assert.Equal("The body must be the CSV file itself, sent as text/csv; got application/json; charset=utf-8.", notCsv.Json!["detail"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, path.Status);
        Assert.Equal("file", path.Json!["fields"]![0]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, amount.Status);
        Assert.Equal("amount must be an amount in CNY with at most two decimals (whole fen), 0 or more; got '1.005'.", amount.Json!["detail"]!.GetValue<string>());

        // a payee may call settle (its role is a participant's) but the engine refuses it with the CLI's sentence, and nothing is written
        server.Ok("reg", HttpMethod.Post, "/api/compensation/agreements", new { id = "XINAN", spec = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Spec)).RootElement });
        server.Ok("zhejiang", HttpMethod.Post, "/api/compensation/agreements/XINAN/sign");
        server.Ok("anhui", HttpMethod.Post, "/api/compensation/agreements/XINAN/sign");
        server.Ok("reg", HttpMethod.Post, "/api/compensation/agreements/XINAN/activate");
        server.Ok("anhui", HttpMethod.Post, "/api/compensation/rounds/XINAN_R1/samples?file=jiekou-2024.csv", ServerTestHost.Csv(Samples));
        server.Ok("reg", HttpMethod.Post, "/api/compensation/rounds/XINAN_R1/close-monitoring");
        server.Ok("reg", HttpMethod.Post, "/api/compensation/rounds/XINAN_R1/assess");
        int before = HostJournal.Of(server.DbPath).Count;
        var settle = server.Send(anhui, HttpMethod.Post, "/api/compensation/rounds/XINAN_R1/settle");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, settle.Status);
        Assert.Equal("Actor 'anhui' (role 'holder') may not fire trigger 'settle' on round 'XINAN_R1' in state 'assessed': " +
            "it requires the administrator 'reg' or a paying party ('zhejiang').", settle.Json!["detail"]!.GetValue<string>());
        Assert.Equal(before, HostJournal.Of(server.DbPath).Count);
    }
}
