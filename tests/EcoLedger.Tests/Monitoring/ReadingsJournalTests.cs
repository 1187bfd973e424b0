using EcoLedger.Ledger;
using EcoLedger.Monitoring;
using FsCheck.Xunit;

namespace EcoLedger.Tests.Monitoring;

public class ReadingsJournalTests
{
    private static readonly ReadingsAccepted Batch = new("r.csv",
    [
        new ReadingRecord(7, "T1", "nee", "2024-05-31T16:30:00Z", 480, "-10", "umol m-2 s-1", null, "-10", -792_180_000),
        new ReadingRecord(8, "T1", "nee", "2024-05-31T17:00:00Z", 480, "-8.5", "umol m-2 s-1", "ok \"A\" ☂", "-8.5", -673_353_000, 3),
    ], 2);

    [Fact]
    public void Readings_are_journaled_as_columns_in_canonical_json()
    {
        string json = Journal.WritePayload(Batch);

        Assert.Equal("""{"readings":{"amount":[-792180000,-673353000],"corrects":[null,3],"id":[7,8],"offset_minutes":[480,480],"qc_value":["-10","-8.5"],"quality":[null,"ok \"A\" ☂"],"station":["T1","T1"],"time":["2024-05-31T16:30:00Z","2024-05-31T17:00:00Z"],"unit":["umol m-2 s-1","umol m-2 s-1"],"value":["-10","-8.5"],"variable":["nee","nee"]},"repeats":2,"source":"r.csv"}""", json);
        Assert.Equal(json, EcoLedger.Audit.CanonicalJson.Canonicalize(json));
    }

    [Fact]
    public void A_columnar_payload_reads_back_to_the_same_readings()
    {
        var back = (ReadingsAccepted)Journal.ReadPayload(MonitoringEventKinds.ReadingsAccepted, Journal.WritePayload(Batch));

        Assert.Equal(Batch.Readings, back.Readings);
        Assert.Equal((Batch.Source, Batch.Repeats), (back.Source, back.Repeats));
    }

    [Fact]
    public void Columns_without_a_correction_or_quality_leave_those_columns_out()
    {
        var plain = new ReadingsAccepted("s", [Batch.Readings[0]], 0);

        string json = Journal.WritePayload(plain);

        Assert.DoesNotContain("corrects", json, StringComparison.Ordinal);
        Assert.DoesNotContain("quality", json, StringComparison.Ordinal);
        Assert.Equal(plain.Readings, ((ReadingsAccepted)Journal.ReadPayload(MonitoringEventKinds.ReadingsAccepted, json)).Readings);
    }

    [Fact]
    public void A_journal_written_with_one_object_per_reading_still_reads()
    {
        // The layout before the columns (journals written until December 2026).
        const string Old = """{"readings":[{"amount":-792180000,"id":7,"offset_minutes":480,"qc_value":"-10","station":"T1","time":"2024-05-31T16:30:00Z","unit":"umol m-2 s-1","value":"-10","variable":"nee"},{"amount":-673353000,"corrects":3,"id":8,"offset_minutes":480,"qc_value":"-8.5","quality":"ok \"A\" ☂","station":"T1","time":"2024-05-31T17:00:00Z","unit":"umol m-2 s-1","value":"-8.5","variable":"nee"}],"repeats":2,"source":"r.csv"}""";

        var back = (ReadingsAccepted)Journal.ReadPayload(MonitoringEventKinds.ReadingsAccepted, Old);

        Assert.Equal(Batch.Readings, back.Readings);
        Assert.Equal((Batch.Source, Batch.Repeats), (back.Source, back.Repeats));
    }

    [Fact]
    public void Columns_of_different_lengths_are_refused()
    {
        const string Short = """{"readings":{"amount":[1,2],"id":[7,8],"offset_minutes":[480,480],"qc_value":["1","2"],"station":["T1","T1"],"time":["2024-05-31T16:30:00Z"],"unit":["mm","mm"],"value":["1","2"],"variable":["precipitation","precipitation"]},"repeats":0,"source":"s"}""";

        var e = Assert.Throws<System.Text.Json.JsonException>(() => Journal.ReadPayload(MonitoringEventKinds.ReadingsAccepted, Short));
        Assert.Contains("Column 'time'", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2024-05-31T16:30:00Z")]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("2024-02-29T23:59:59Z")]
    public void Journal_times_format_and_parse_by_position_as_iso_8601(string text)
    {
        var t = MonitoringRecords.ParseTime(text);

        Assert.Equal(DateTimeKind.Utc, t.Kind);
        Assert.Equal(DateTime.ParseExact(text, "yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal), t);
        Assert.Equal(text, MonitoringRecords.Time(t));
    }

    [Fact]
    public void A_malformed_journal_time_is_still_refused()
    {
        Assert.Throws<FormatException>(() => MonitoringRecords.ParseTime("2024-02-30T00:00:00Z"));
        Assert.Throws<FormatException>(() => MonitoringRecords.ParseTime("2024-05-31 16:30:00"));
    }

    [Property(MaxTest = 500)]
    public bool Decimal_text_is_the_normalised_invariant_text(long mantissa, byte scale)
    {
        var d = new decimal((int)(mantissa & 0x7FFFFFFF), (int)((mantissa >> 31) & 0xFFFF), 0, mantissa < 0, (byte)(scale % 29));
        return MonitoringRecords.Text(d) == (d / 1.0000000000000000000000000000m).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    [Theory]
    [InlineData("1.50", "1.5")]
    [InlineData("-0.000", "0")]
    [InlineData("100", "100")]
    [InlineData("100.0", "100")]
    [InlineData("0.000120", "0.00012")]
    public void Decimal_text_drops_trailing_zeros(string given, string expected) =>
        Assert.Equal(expected, MonitoringRecords.Text(decimal.Parse(given, System.Globalization.CultureInfo.InvariantCulture)));
}
