using System.Net;
using System.Text;
using EcoLedger.IntegrationTests.Ledger;
using EcoLedger.Storage;

namespace EcoLedger.IntegrationTests.Server;

/// <summary>
/// Monitoring over HTTP is <c>monitor stations import</c> and <c>monitor ingest</c>: the same readers, records and runner, so the same
/// journal, the same status JSON and the same sentences; refused rows come back as problem details naming row and field.
/// </summary>
public sealed class MonitoringEndpointTests : IDisposable
{
    // The fixture of MonitoringCliTests, on the seeded project P1's units: station T1 represents YC-0001 (100 ha) and YC-0002 (50 ha).
    internal const string Units = "unit_id,region,ecosystem,subtype,area_ha\nYC-0001,YC,forest,mixed,100\nYC-0002,YC,forest,mixed,50\n";
    internal static readonly string Stations = EcoLedger.Monitoring.StationFile.Header + "\nT1,flux_tower,128.9,47.7,nee,umol m-2 s-1,30,-50,50,,,4,,,YC-0001:1;YC-0002:1\n";

    // Two half hours on 1 June 2024 (UTC+8): −10 and −8 µmol m-2 s-1.
    internal const string Readings = "station,variable,time,value,unit\n" +
        "T1,nee,2024-06-01T00:30:00+08:00,-10,umol m-2 s-1\n" +
        "T1,nee,2024-05-31T17:00:00Z,-8,umol m-2 s-1\n";

    private readonly ServerTestHost _server = new();

    public MonitoringEndpointTests() => _server.Seed();

    public void Dispose() => _server.Dispose();

    internal static MultipartFormDataContent Upload(string stations, string units)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(stations, Encoding.UTF8, "text/csv"), "stations", "stations.csv" },
            { new StringContent(units, Encoding.UTF8, "text/csv"), "units", "units.csv" },
        };
        return form;
    }

    internal static StringContent Csv(string text) => new(text, Encoding.UTF8, "text/csv");

    /// <summary>The seeded ledger with station T1 registered on P1's units, as the live-stream and browser tests start from it.</summary>
    internal static void SeedWithStation(ServerTestHost server)
    {
        server.Seed();
        server.Ok("reg", HttpMethod.Post, "/api/monitoring/stations", Upload(Stations, Units));
    }

    private void Setup()
    {
        var registered = _server.Ok("reg", HttpMethod.Post, "/api/monitoring/stations", Upload(Stations, Units))!;
        Assert.Equal("monitor.stations_registered", registered["kind"]!.GetValue<string>());
    }

    [Fact]
    public void Readings_posted_as_csv_are_ingested_and_the_status_is_the_live_account()
    {
        Setup();
        var r = _server.Send(_server.TokenOf("ver"), HttpMethod.Post, "/api/monitoring/readings?file=r.csv", Csv(Readings), "i1");

        Assert.Equal(HttpStatusCode.Created, r.Status);
        Assert.Equal("monitor.readings_accepted", r.Json!["kind"]!.GetValue<string>());
        Assert.Equal("ver", r.Json!["actor"]!.GetValue<string>());
        Assert.Equal("r.csv", r.Json!["payload"]!["source"]!.GetValue<string>());
        Assert.Equal(2, r.Json!["payload"]!["readings"]!["id"]!.AsArray().Count);
        var s = _server.Ok("auditor", HttpMethod.Get, "/api/monitoring/status?haircut=0.1")!;
        // (−10 − 8) × 792,180,000 µg/ha = −14,259,240,000 µg CO2/ha; YC-0001 100 ha → −1,425,924 g; YC-0002 50 ha → −712,962 g;
        // region −2,138,886 g, so P1's year-to-date is 2.138886 t CO2 (methodology/monitoring.md §5)
        Assert.Equal(-14_259_240_000L, (long)s["series"]![0]!["total"]!);
        Assert.Equal(-2_138_886L, (long)s["regions"]![0]!["total"]!);
        Assert.Equal(2L, (long)s["readings"]!);
        Assert.Equal("P1", s["projects"]![0]!["project"]!.GetValue<string>());
        Assert.Equal(2.138886m, (decimal)s["projects"]![0]!["ytd_t_co2"]!);
        Assert.Equal(0.1m, (decimal)s["projects"]![0]!["haircut"]!);
    }

    [Fact]
    public void The_same_idempotency_key_and_body_replays_the_answer_and_another_body_is_409()
    {
        Setup();
        var first = _server.Send(_server.TokenOf("ver"), HttpMethod.Post, "/api/monitoring/readings?file=r.csv", Csv(Readings), "i1");
        var again = _server.Send(_server.TokenOf("ver"), HttpMethod.Post, "/api/monitoring/readings?file=r.csv", Csv(Readings), "i1");
        var other = _server.Send(_server.TokenOf("ver"), HttpMethod.Post, "/api/monitoring/readings?file=r.csv", Csv(Readings.Replace("-8,", "-7,", StringComparison.Ordinal)), "i1");
        // without a key, the same readings are repeats: nothing is journaled, as monitor ingest twice
        var repeat = _server.Send(_server.TokenOf("ver"), HttpMethod.Post, "/api/monitoring/readings?file=r.csv", Csv(Readings));

        Assert.Equal(HttpStatusCode.Created, again.Status);
        Assert.Equal("true", again.Headers["Idempotent-Replayed"]);
        Assert.Equal(first.Json!["seq"]!.GetValue<long>(), again.Json!["seq"]!.GetValue<long>());
        Assert.Equal(HttpStatusCode.Conflict, other.Status);
        Assert.Equal("urn:ecoledger:problem:idempotency-conflict", other.Json!["type"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, repeat.Status);
        Assert.Equal("true", repeat.Headers["EcoLedger-Unchanged"]);
        Assert.Empty(repeat.Json!["payload"]!["readings"]!["id"]!.AsArray()); // the entry it would have been: readings as columns
        Assert.Equal(2, repeat.Json!["payload"]!["repeats"]!.GetValue<int>());
        Assert.Equal(2L, (long)_server.Ok("ver", HttpMethod.Get, "/api/monitoring/status")!["readings"]!);
    }

    [Fact]
    public void Readings_posted_again_answer_200_unchanged_and_journal_nothing_and_a_mixed_body_journals_only_its_new_reading()
    {
        // Before: 201 and a second monitor.readings_accepted entry with no readings.
        Setup();
        _server.Ok("ver", HttpMethod.Post, "/api/monitoring/readings?file=r.csv", Csv(Readings), "r-1");
        int before = Journal().Count;

        var again = _server.Send(_server.TokenOf("ver"), HttpMethod.Post, "/api/monitoring/readings?file=r.csv", Csv(Readings), "r-2");

        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Equal("true", again.Headers["EcoLedger-Unchanged"]);
        Assert.Equal("monitor.readings_accepted", again.Json!["kind"]!.GetValue<string>());
        Assert.Equal(2, again.Json!["payload"]!["repeats"]!.GetValue<int>());
        Assert.Equal(before, Journal().Count);

        // A body with the two stored readings and a new one at 01:30 is journaled with the new reading only.
        var mixed = _server.Send(_server.TokenOf("ver"), HttpMethod.Post, "/api/monitoring/readings?file=r2.csv",
            Csv(Readings + "T1,nee,2024-06-01T01:30:00+08:00,-7,umol m-2 s-1\n"), "r-3");

        Assert.Equal(HttpStatusCode.Created, mixed.Status);
        Assert.False(mixed.Headers.ContainsKey("EcoLedger-Unchanged"));
        // The batch's entry, after the acceptance of the signed-in request that produced it.
        Assert.Equal(["command.accepted", "monitor.readings_accepted"], Journal().Skip(before).Select(e => e.Kind).ToArray());
        Assert.Equal(mixed.Json!["seq"]!.GetValue<long>(), Journal()[^1].Seq);
        Assert.Equal(["2024-05-31T17:30:00Z"], mixed.Json!["payload"]!["readings"]!["time"]!.AsArray().Select(t => t!.GetValue<string>()).ToArray());
        Assert.Equal(2, mixed.Json!["payload"]!["repeats"]!.GetValue<int>());
        Assert.True(_server.Ok("auditor", HttpMethod.Get, "/api/audit/verify")!["verified"]!.GetValue<bool>());
    }

    [Fact]
    public void Stations_posted_again_answer_200_unchanged_and_journal_nothing_and_a_file_with_a_new_station_journals_only_that_one()
    {
        // Before: 201 and a second monitor.stations_registered entry with no stations.
        Setup();
        int before = Journal().Count;

        var again = _server.Send(_server.TokenOf("reg"), HttpMethod.Post, "/api/monitoring/stations", Upload(Stations, Units));

        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Equal("true", again.Headers["EcoLedger-Unchanged"]);
        Assert.Equal("monitor.stations_registered", again.Json!["kind"]!.GetValue<string>());
        Assert.Empty(again.Json!["payload"]!["stations"]!.AsArray()); // the entry it would have been
        Assert.Equal(before, Journal().Count);

        // T1 as registered and a new T2: journaled with T2 only.
        var withNew = _server.Send(_server.TokenOf("reg"), HttpMethod.Post, "/api/monitoring/stations",
            Upload(Stations + "T2,flux_tower,128.9,47.7,nee,umol m-2 s-1,30,-50,50,,,4,,,YC-0001:1\n", Units));

        Assert.Equal(HttpStatusCode.Created, withNew.Status);
        Assert.False(withNew.Headers.ContainsKey("EcoLedger-Unchanged"));
        Assert.Equal(withNew.Json!["seq"]!.GetValue<long>(), Journal()[^1].Seq);
        Assert.Equal(["T2"], withNew.Json!["payload"]!["stations"]!.AsArray().Select(s => s!["id"]!.GetValue<string>()).ToArray());

        // T1 on YC-0001 only, where the ledger has it on both units: another definition, refused as before.
        var moved = _server.Send(_server.TokenOf("reg"), HttpMethod.Post, "/api/monitoring/stations",
            Upload(Stations.Replace(";YC-0002:1", "", StringComparison.Ordinal), Units));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, moved.Status);
        // Only the new station's entry, after the acceptance of the signed-in request that produced it.
        Assert.Equal(["command.accepted", "monitor.stations_registered"], Journal().Skip(before).Select(e => e.Kind).ToArray());
        Assert.True(_server.Ok("auditor", HttpMethod.Get, "/api/audit/verify")!["verified"]!.GetValue<bool>());
    }

    [Fact]
    public void A_changed_value_in_json_lines_is_a_correction_that_keeps_the_old_reading()
    {
        Setup();
        _server.Ok("ver", HttpMethod.Post, "/api/monitoring/readings?file=r.csv", Csv(Readings));
        var fix = new StringContent("{\"station\":\"T1\",\"variable\":\"nee\",\"time\":\"2024-06-01T01:00:00+08:00\",\"value\":-6,\"unit\":\"umol m-2 s-1\"}\n",
            Encoding.UTF8, "application/x-ndjson");

        var r = _server.Ok("ver", HttpMethod.Post, "/api/monitoring/readings?file=fix.jsonl", fix)!;

        Assert.Equal(2L, r["payload"]!["readings"]!["corrects"]![0]!.GetValue<long>());
        var s = _server.Ok("auditor", HttpMethod.Get, "/api/monitoring/status")!;
        // −10 − 6 = −16 × 792,180,000 = −12,674,880,000 µg/ha
        Assert.Equal(-12_674_880_000L, (long)s["series"]![0]!["total"]!);
        Assert.Equal((3L, 1L), ((long)s["readings"]!, (long)s["superseded"]!));
    }

    [Fact]
    public void A_status_year_outside_1900_to_2100_is_bad_input_naming_the_parameter()
    {
        Setup();
        var r = _server.Send(_server.TokenOf("auditor"), HttpMethod.Get, "/api/monitoring/status?year=99999");
        Assert.Equal(HttpStatusCode.BadRequest, r.Status);
        Assert.Equal("year: expected a year from 1900 to 2100; got 99999.", r.Json!["detail"]!.GetValue<string>());
    }

    [Fact]
    public void Syntax_and_station_problems_of_one_body_are_listed_together_row_by_row()
    {
        Setup();
        int before = Journal().Count;
        var r = _server.Send(_server.TokenOf("ver"), HttpMethod.Post, "/api/monitoring/readings?file=bad.csv",
            Csv("station,variable,time,value,unit\nT9,nee,2024-06-01T00:30:00+08:00,-10,umol m-2 s-1\nT1,nee,2024-06-01T01:00:00+08:00,ten,umol m-2 s-1\n"));
        Assert.Equal(HttpStatusCode.BadRequest, r.Status);
        Assert.Equal("2 problems in bad.csv; this batch was not written: " +
            "bad.csv: row 2, field 'station': station 'T9' is not registered (monitor stations import). " +
            "bad.csv: row 3, field 'value': Expected a decimal number; got 'ten'.", r.Json!["detail"]!.GetValue<string>());
        Assert.Equal(before, Journal().Count);
    }

    [Fact]
    public void Bad_rows_are_a_problem_naming_row_field_and_expectation_and_nothing_is_written()
    {
        Setup();
        int before = Journal().Count;
        var bad = _server.Send(_server.TokenOf("ver"), HttpMethod.Post, "/api/monitoring/readings?file=bad.csv",
            Csv("station,variable,time,value,unit\nT1,nee,2024-06-01 00:30,-10,umol m-2 s-1\nT1,nee,2024-06-01T01:00:00+08:00,ten,umol m-2 s-1\n"));
        var unknown = _server.Send(_server.TokenOf("ver"), HttpMethod.Post, "/api/monitoring/readings?file=bad.csv",
            Csv("station,variable,time,value,unit\nT9,nee,2024-06-01T00:30:00+08:00,-10,umol m-2 s-1\nT1,nee,2024-06-01T01:00:00+08:00,-1,g m-2 d-1\n"));
        var json = _server.Send(_server.TokenOf("ver"), HttpMethod.Post, "/api/monitoring/readings", new { station = "T1" });

        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
        Assert.Equal("application/problem+json", bad.Headers["Content-Type"]);
        Assert.Equal("2 problems in bad.csv; this batch was not written: " +
            "bad.csv: row 2, field 'time': Expected ISO 8601 with an offset, e.g. 2024-06-01T08:30:00+08:00; got '2024-06-01 00:30'. " +
            "bad.csv: row 3, field 'value': Expected a decimal number; got 'ten'.", bad.Json!["detail"]!.GetValue<string>());
        Assert.Equal(["time", "value"], bad.Json!["fields"]!.AsArray().Select(f => f!.GetValue<string>()).ToArray());
        Assert.Equal(("row 3", "value"), (bad.Json!["problems"]![1]!["location"]!.GetValue<string>(), bad.Json!["problems"]![1]!["field"]!.GetValue<string>()));
        // the engine's refusal is the CLI's sentence, row by row
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown.Status);
        Assert.Equal("bad.csv: row 2, field 'station': station 'T9' is not registered (monitor stations import).\n" +
            "bad.csv: row 3, field 'unit': Unit 'g m-2 d-1' is not known for variable 'nee'; expected 'umol m-2 s-1' (also 'µmol m-2 s-1', 'umol/m2/s') or 'mg m-2 s-1' (mg CO2).\n" +
            "Nothing was written.", unknown.Json!["detail"]!.GetValue<string>().ReplaceLineEndings("\n"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, json.Status);
        Assert.Equal(before, Journal().Count);
    }

    [Fact]
    public void A_body_over_the_limit_is_413_and_a_stations_upload_with_a_bad_row_names_it()
    {
        var huge = new string('x', (int)EcoLedger.Server.Endpoints.MonitoringEndpoints.MaxReadingsBodyBytes + 1);
        var tooLarge = _server.Send(_server.TokenOf("reg"), HttpMethod.Post, "/api/monitoring/readings?file=big.csv", Csv(huge));
        var badStation = _server.Send(_server.TokenOf("reg"), HttpMethod.Post, "/api/monitoring/stations",
            Upload(EcoLedger.Monitoring.StationFile.Header + "\nT2,rain_gauge,128.9,47.7,precipitation,mm,10,,50,off,,off,,,YC-0001:1\n", Units));
        var missing = _server.Send(_server.TokenOf("reg"), HttpMethod.Post, "/api/monitoring/stations",
            new MultipartFormDataContent { { new StringContent(Stations, Encoding.UTF8, "text/csv"), "stations", "stations.csv" } });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.Status);
        Assert.StartsWith("A readings request carries at most 8 MiB", tooLarge.Json!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, badStation.Status);
        Assert.Equal("1 problem; nothing was registered: stations.csv: row 2, station 'T2', field 'range_min': Expected a decimal number; the field is empty and has no default.",
            badStation.Json!["detail"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, missing.Status);
        Assert.Equal("units", missing.Json!["fields"]![0]!.GetValue<string>());
    }

    [Fact]
    public void A_bureau_operates_only_the_stations_its_participant_registered_and_a_bureau_token_without_a_participant_is_refused()
    {
        Setup(); // T1, registered by the registry 'reg'
        _server.Ok("reg", HttpMethod.Post, "/api/participants", new { id = "yc_bureau", role = "verifier" });
        string bureau = _server.TokenFor("yc_bureau", "bureau");
        string t2 = EcoLedger.Monitoring.StationFile.Header + "\nT2,flux_tower,128.9,47.7,nee,umol m-2 s-1,30,-50,50,,,4,,,YC-0001:1\n";
        string t2Readings = Readings.Replace("T1,", "T2,", StringComparison.Ordinal);

        var registered = _server.Send(bureau, HttpMethod.Post, "/api/monitoring/stations", Upload(t2, Units));
        var own = _server.Send(bureau, HttpMethod.Post, "/api/monitoring/readings?file=r2.csv", Csv(t2Readings));
        var others = _server.Send(bureau, HttpMethod.Post, "/api/monitoring/readings?file=r.csv", Csv(Readings + t2Readings.Split('\n', 2)[1]));
        var takeover = _server.Send(bureau, HttpMethod.Post, "/api/monitoring/stations", Upload(Stations, Units));
        var anonymousBureau = _server.Send(_server.TokenOf("bureau"), HttpMethod.Post, "/api/monitoring/readings?file=r.csv", Csv(Readings));
        var farm = _server.Send(_server.TokenOf("farm"), HttpMethod.Post, "/api/monitoring/readings?file=r.csv", Csv(Readings));
        var verifier = _server.Send(_server.TokenOf("ver"), HttpMethod.Post, "/api/monitoring/readings?file=r.csv", Csv(Readings));

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (registered.Status, own.Status));
        Assert.Equal("yc_bureau", own.Json!["actor"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Forbidden, others.Status);
        Assert.Equal("A bureau token of 'yc_bureau' may post readings for only the stations 'yc_bureau' registered; not T1 (operated by 'reg'). Nothing was written.",
            others.Json!["detail"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Forbidden, takeover.Status);
        Assert.Equal("A bureau token of 'yc_bureau' may register only the stations 'yc_bureau' registered; not T1 (operated by 'reg'). Nothing was written.",
            takeover.Json!["detail"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Forbidden, anonymousBureau.Status);
        Assert.StartsWith("'token:", anonymousBureau.Json!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, farm.Status);
        // a verifier is not scoped: it posts for any station; the refused batch wrote nothing (2 of T2, then 2 of T1)
        Assert.Equal(HttpStatusCode.Created, verifier.Status);
        Assert.Equal(4L, (long)_server.Ok("auditor", HttpMethod.Get, "/api/monitoring/status")!["readings"]!);
    }

    [Fact]
    public void The_same_stations_and_readings_through_the_CLI_and_the_server_journal_the_same_payloads()
    {
        using var cli = new LedgerTestDb();
        File.WriteAllText(Path.Combine(cli.Dir, "units.csv"), Units);
        File.WriteAllText(Path.Combine(cli.Dir, "stations.csv"), Stations);
        File.WriteAllText(Path.Combine(cli.Dir, "r.csv"), Readings);
        cli.Ok("ledger", "init");
        cli.Ok("ledger", "participant", "add", "--id", "reg", "--role", "registry", "--name", "Registry administrator");
        cli.Ok("ledger", "participant", "add", "--id", "ver", "--role", "verifier", "--actor", "reg");
        cli.Ok("monitor", "stations", "import", Path.Combine(cli.Dir, "stations.csv"), "--units", Path.Combine(cli.Dir, "units.csv"), "--actor", "reg");
        cli.Ok("monitor", "ingest", Path.Combine(cli.Dir, "r.csv"), "--actor", "ver");

        using var server = new ServerTestHost();
        server.Ok("reg", HttpMethod.Post, "/api/participants", new { id = "ver", role = "verifier" });
        server.Ok("reg", HttpMethod.Post, "/api/monitoring/stations", Upload(Stations, Units));
        server.Ok("ver", HttpMethod.Post, "/api/monitoring/readings?file=r.csv", Csv(Readings));

        var fromCli = HostJournal.WithoutCredentials(HostJournal.Of(cli.Path));
        var fromServer = HostJournal.WithoutCredentials(HostJournal.Of(server.DbPath));
        Assert.Equal(fromCli, fromServer);
        Assert.Equal(["monitor.stations_registered", "monitor.readings_accepted"], fromServer.Where(e => e.Kind.StartsWith("monitor.", StringComparison.Ordinal)).Select(e => e.Kind).ToArray());
        // and the status is the same JSON as monitor status --json
        var cliStatus = cli.Json("monitor", "status");
        var serverStatus = server.Ok("ver", HttpMethod.Get, "/api/monitoring/status")!;
        Assert.Equal(cliStatus.ToJsonString(), serverStatus.ToJsonString());
    }

    [Fact]
    public void The_yichun_sample_through_the_CLI_and_the_server_gives_the_same_journal_and_status()
    {
        string dir = CliRunner.Repo("samples", "yichun", "monitoring");
        string stations = Path.Combine(dir, "stations.csv"), units = CliRunner.Repo("samples", "yichun", "units.geojson"), readings = Path.Combine(dir, "readings.csv");
        using var cli = new LedgerTestDb();
        cli.Ok("ledger", "init");
        cli.Ok("ledger", "participant", "add", "--id", "reg", "--role", "registry", "--name", "Registry administrator");
        cli.Ok("monitor", "stations", "import", stations, "--units", units, "--actor", "reg");
        // one batch, as one HTTP request is one transaction
        cli.Ok("monitor", "ingest", readings, "--batch", "10000", "--actor", "reg");

        using var server = new ServerTestHost();
        var form = new MultipartFormDataContent
        {
            { new StringContent(File.ReadAllText(stations), Encoding.UTF8, "text/csv"), "stations", "stations.csv" },
            { new StringContent(File.ReadAllText(units), Encoding.UTF8, "application/geo+json"), "units", "units.geojson" },
        };
        server.Ok("reg", HttpMethod.Post, "/api/monitoring/stations", form);
        var ingested = server.Ok("reg", HttpMethod.Post, "/api/monitoring/readings?file=readings.csv", ServerTestHost.Csv(readings))!;

        Assert.Equal(6_692, ingested["payload"]!["readings"]!["id"]!.AsArray().Count); // every row of the sample (6,693 lines with the header)
        Assert.Equal(HostJournal.WithoutCredentials(HostJournal.Of(cli.Path)), HostJournal.WithoutCredentials(HostJournal.Of(server.DbPath)));
        var serverStatus = server.Ok("auditor", HttpMethod.Get, "/api/monitoring/status")!;
        Assert.Equal(cli.Json("monitor", "status").ToJsonString(), serverStatus.ToJsonString());
        // the sample's injected faults are flagged the same way on both (spike, stuck run)
        Assert.Contains(serverStatus["series"]!.AsArray(), x => (int)x!["spike_flags"]! > 0 || (int)x!["stuck_flags"]! > 0);
    }

    [Fact]
    public void Status_refuses_a_bad_haircut_and_an_unknown_project_naming_the_parameter()
    {
        Setup();
        _server.Ok("ver", HttpMethod.Post, "/api/monitoring/readings?file=r.csv", Csv(Readings));
        var haircut = _server.Send(_server.TokenOf("auditor"), HttpMethod.Get, "/api/monitoring/status?haircut=1.5");
        var project = _server.Send(_server.TokenOf("auditor"), HttpMethod.Get, "/api/monitoring/status?project=P404");

        Assert.Equal(HttpStatusCode.BadRequest, haircut.Status);
        Assert.Equal("haircut: expected a decimal between 0 and 1; got '1.5'.", haircut.Json!["detail"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, project.Status);
        Assert.Equal("Unknown project 'P404' (project).", project.Json!["detail"]!.GetValue<string>());
    }

    [Fact]
    public void The_map_gives_each_station_at_its_location_with_the_units_it_represents()
    {
        Setup();
        var map = _server.Ok("auditor", HttpMethod.Get, "/api/monitoring/map")!;

        Assert.Equal("FeatureCollection", map["type"]!.GetValue<string>());
        var station = map["features"]!.AsArray().Single(f => f!["properties"]!["layer"]!.GetValue<string>() == "station")!;
        Assert.Equal("Point", station["geometry"]!["type"]!.GetValue<string>());
        Assert.Equal([128.9, 47.7], station["geometry"]!["coordinates"]!.AsArray().Select(c => c!.GetValue<double>()).ToArray());
        var p = station["properties"]!;
        Assert.Equal(("T1", "flux_tower", "YC-0001 (1); YC-0002 (1)", "nee (umol m-2 s-1, 30 min)"),
            (p["station"]!.GetValue<string>(), p["kind"]!.GetValue<string>(), p["units"]!.GetValue<string>(), p["variables"]!.GetValue<string>()));
    }

    [Fact]
    public void Two_readings_of_a_year_are_not_projected_under_a_minimum_and_flagged_unqualified_without_one()
    {
        Setup();
        _server.Ok("ver", HttpMethod.Post, "/api/monitoring/readings?file=r.csv", Csv(Readings));
        var floored = _server.Ok("auditor", HttpMethod.Get, "/api/monitoring/status?haircut=0.1&min_observed=0.05&max_filled=0.2")!["projects"]![0]!;
        var open = _server.Ok("auditor", HttpMethod.Get, "/api/monitoring/status?haircut=0.1")!["projects"]![0]!;
        var bad = _server.Send(_server.TokenOf("auditor"), HttpMethod.Get, "/api/monitoring/status?min_observed=5");

        // 2 half hours on each of YC-0001 and YC-0002 of 2 × 17,568 in 2024 = 0.0114 % observed, against a minimum of 5 %
        Assert.Equal("not_projected", floored["qualification"]!.GetValue<string>());
        Assert.Equal("not projected: observed 0.01 % < minimum 5.00 %", floored["note"]!.GetValue<string>());
        Assert.Equal((0.05m, 0.2m), ((decimal)floored["min_observed_share"]!, (decimal)floored["max_filled_share"]!));
        Assert.Null(floored["projected_t_co2"]);
        Assert.Null(floored["gross"]);
        Assert.Null(floored["issuable"]);
        Assert.Equal(2.138886m, (decimal)floored["ytd_t_co2"]!);
        Assert.Equal("unqualified", open["qualification"]!.GetValue<string>());
        Assert.Equal("unqualified: no minimum observed share is configured (--min-observed)", open["note"]!.GetValue<string>());
        Assert.NotNull(open["projected_t_co2"]);
        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
        Assert.Equal("min_observed: expected a decimal between 0 and 1; got '5'.", bad.Json!["detail"]!.GetValue<string>());
    }

    private List<(long Seq, string Actor, string Kind, string Payload)> Journal() => Journal(_server.DbPath);

    private static List<(long Seq, string Actor, string Kind, string Payload)> Journal(string path)
    {
        using var db = LedgerDatabase.Open(path);
        return db.JournalEntries().Select(e => (e.Seq, e.Actor, e.Kind, e.Payload)).ToList();
    }
}
