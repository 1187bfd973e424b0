using System.Text;
using System.Text.Json;
using EcoLedger.Audit;

namespace EcoLedger.Tests.Audit;

public class JournalEventTests
{
    private static readonly JsonElement V = JsonDocument.Parse(File.ReadAllText(TestJournal.SourceFile("vectors.json"))).RootElement.GetProperty("event");

    private static JournalEvent VectorEvent() => JournalEvent.Seal(V.GetProperty("seq").GetInt64(), V.GetProperty("time").GetString()!,
        V.GetProperty("actor").GetString()!, V.GetProperty("kind").GetString()!, V.GetProperty("payload").GetString()!, V.GetProperty("prev_hash").GetString()!);

    [Fact]
    public void Event_hash_body_record_and_leaf_match_the_python_vectors()
    {
        var e = VectorEvent();
        Assert.Equal(V.GetProperty("body").GetString(), Encoding.UTF8.GetString(JournalEvent.CanonicalBody(e.Seq, e.Time, e.Actor, e.Kind, e.Payload)));
        Assert.Equal(V.GetProperty("hash").GetString(), e.Hash);
        Assert.Equal(V.GetProperty("record").GetString(), Encoding.UTF8.GetString(e.CanonicalRecord()));
        Assert.Equal(V.GetProperty("leaf_hash").GetString(), Convert.ToHexStringLower(e.LeafHash()));
        Assert.True(CanonicalJson.IsCanonical(e.CanonicalRecord()));
    }

    [Fact]
    public void Body_is_the_canonical_json_of_the_five_hashed_fields()
    {
        var e = VectorEvent();
        string viaCanonicalizer = CanonicalJson.Canonicalize(
            $"{{\"time\":\"{e.Time}\",\"seq\":{e.Seq},\"payload\":{e.Payload},\"kind\":\"{e.Kind}\",\"actor\":\"{e.Actor}\"}}");
        Assert.Equal(viaCanonicalizer, Encoding.UTF8.GetString(JournalEvent.CanonicalBody(e.Seq, e.Time, e.Actor, e.Kind, e.Payload)));
    }
}
