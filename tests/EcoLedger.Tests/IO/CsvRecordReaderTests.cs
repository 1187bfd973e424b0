using System.Text;
using EcoLedger.IO;

namespace EcoLedger.Tests.IO;

public sealed class CsvRecordReaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ecoledger-csv-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private static List<(int Row, int Line, string[] Fields)> ReadAll(CsvRecordReader csv)
    {
        var records = new List<(int, int, string[])>();
        while (csv.Read())
        {
            records.Add((csv.Row, csv.Line, Enumerable.Range(0, csv.FieldCount).Select(csv.GetString).ToArray()));
        }
        return records;
    }

    private static List<(int Row, int Line, string[] Fields)> ReadText(string text)
    {
        using var csv = new CsvRecordReader(new StringReader(text), "t.csv");
        return ReadAll(csv);
    }

    [Fact]
    public void Should_unquote_fields_holding_commas_doubled_quotes_and_line_breaks()
    {
        var records = ReadText("name,note\n\"Yichun, forest farm\",\"the \"\"old\"\" stand\"\n\"two\nlines\",x\n");

        Assert.Equal(["name", "note"], records[0].Fields);
        Assert.Equal(["Yichun, forest farm", "the \"old\" stand"], records[1].Fields);
        Assert.Equal(["two\nlines", "x"], records[2].Fields);
    }

    [Fact]
    public void Should_number_records_as_spreadsheet_rows_and_keep_the_physical_line_where_each_starts()
    {
        // Line 1 header; the record of row 2 spans lines 2-4; row 3 starts on line 5; line 6 is empty (row 4, skipped); row 5 is line 7.
        using var csv = new CsvRecordReader(new StringReader("a,b\n\"x\ny\nz\",1\nc,2\n\nd,3\n"), "t.csv");
        var seen = new List<(int, int, string)>();
        while (csv.Read())
        {
            seen.Add((csv.Row, csv.Line, csv.Location));
        }

        Assert.Equal([(1, 1, "row 1"), (2, 2, "row 2"), (3, 5, "row 3 (line 5)"), (5, 7, "row 5 (line 7)")], seen);
    }

    [Theory]
    [InlineData("a,b\r\n1,2\r\n3,4\r\n")]
    [InlineData("a,b\r1,2\r3,4")]
    [InlineData("a,b\n1,2\n3,4")]
    [InlineData("\uFEFFa,b\n1,2\n3,4\n")]
    public void Should_read_crlf_cr_and_lf_line_ends_and_a_byte_order_mark_alike(string text)
    {
        Assert.Equal([["a", "b"], ["1", "2"], ["3", "4"]], ReadText(text).Select(r => r.Fields));
    }

    [Fact]
    public void Should_skip_the_byte_order_mark_of_a_file_and_keep_a_crlf_inside_a_quoted_field()
    {
        string path = Path.Combine(_dir, "bom.csv");
        File.WriteAllText(path, "unit_id,note\r\nA,\"first\r\nsecond\"\r\n", new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        using var csv = CsvRecordReader.Open(path, "bom.csv");

        var records = ReadAll(csv);
        Assert.Equal([(1, 1), (2, 2)], records.Select(r => (r.Row, r.Line)));
        Assert.Equal([["unit_id", "note"], ["A", "first\r\nsecond"]], records.Select(r => r.Fields));
    }

    [Fact]
    public void Should_refuse_an_unclosed_quote_naming_the_row_where_it_opens()
    {
        using var csv = new CsvRecordReader(new StringReader("a,b\n1,2\n\"open,3\n4,5\n"), "t.csv");
        Assert.True(csv.Read());
        Assert.True(csv.Read());

        var e = Assert.Throws<CsvFormatException>(() => csv.Read());

        Assert.Equal("t.csv: row 3: a quoted field is not closed; expected a closing quote \" (a quote inside a field is written as \"\" and the field enclosed in quotes).", e.Message);
        Assert.Equal("row 3", e.Location);
    }

    [Fact]
    public void Should_refuse_bytes_that_are_not_utf8_instead_of_replacing_them()
    {
        string path = Path.Combine(_dir, "gbk.csv");
        // "伊春" in GBK (D2 C1 B4 BA) is not UTF-8.
        File.WriteAllBytes(path, [.. "unit_id,region\nA,"u8, 0xD2, 0xC1, 0xB4, 0xBA, (byte)'\n']);
        var e = Assert.Throws<CsvFormatException>(() =>
        {
            using var csv = CsvRecordReader.Open(path, "gbk.csv");
            ReadAll(csv);
        });

        Assert.StartsWith("gbk.csv: the file is not valid UTF-8 text (D2", e.Message);
        Assert.EndsWith("; expected UTF-8. Excel's \"CSV (逗号分隔)\" on Chinese Windows is GBK: save the file as \"CSV UTF-8 (逗号分隔)\", or convert it with iconv -f GBK -t UTF-8.", e.Message);
    }

    [Fact]
    public void Should_refuse_bytes_that_are_not_utf8_through_a_reader_from_OpenUtf8()
    {
        string path = Path.Combine(_dir, "latin1.csv");
        File.WriteAllBytes(path, [.. "date,market\n2025-01-02,"u8, 0xE9, (byte)'\n']);
        using var csv = new CsvRecordReader(CsvRecordReader.OpenUtf8(path), "latin1.csv");

        var e = Assert.Throws<CsvFormatException>(() => ReadAll(csv));

        Assert.Equal("latin1.csv: the file is not valid UTF-8 text (E9); expected UTF-8. Excel's \"CSV (逗号分隔)\" on Chinese Windows is GBK: save the file as " +
            "\"CSV UTF-8 (逗号分隔)\", or convert it with iconv -f GBK -t UTF-8.", e.Message);
    }

    [Fact]
    public void Should_stream_records_without_reading_the_whole_input()
    {
        using var csv = new CsvRecordReader(new EndlessRows(), "endless.csv");

        for (int i = 1; i <= 3; i++)
        {
            Assert.True(csv.Read());
            Assert.Equal(i.ToString(System.Globalization.CultureInfo.InvariantCulture), csv.GetString(0));
        }
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("with, comma")]
    [InlineData("with \"quotes\"")]
    [InlineData("two\r\nlines")]
    [InlineData("")]
    public void Should_read_back_what_CsvField_escapes(string value)
    {
        var records = ReadText($"x,{CsvField.Escape(value)},y\n");

        Assert.Equal(["x", value, "y"], Assert.Single(records).Fields);
    }

    /// <summary>An input that never ends: "1,a", "2,a", ...; reading it whole would never return.</summary>
    private sealed class EndlessRows : TextReader
    {
        private int _row;
        private string _pending = "";

        public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

        public override int Read(Span<char> buffer)
        {
            if (_pending.Length == 0)
            {
                _pending = $"{++_row},a\n";
            }
            int n = Math.Min(buffer.Length, _pending.Length);
            _pending.AsSpan(0, n).CopyTo(buffer);
            _pending = _pending[n..];
            return n;
        }
    }
}
