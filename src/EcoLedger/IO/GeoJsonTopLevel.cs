using System.Text.Json;

namespace EcoLedger.IO;

/// <summary>
/// The one check that a GeoJSON input file is a FeatureCollection, made before a reader deserialises it, so that a single Feature, a
/// bare geometry or an array is refused with what was found instead of the GeoJSON library's message. The file is streamed and the
/// check stops as soon as the top-level <c>"type"</c> decides it (usually the first member), so a large layer is not read twice.
/// </summary>
public static class GeoJsonTopLevel
{
    /// <summary>What a GeoJSON input must be, the end of every sentence <see cref="Problem(string)"/> returns.</summary>
    public const string Expected = "expected a GeoJSON FeatureCollection (\"type\": \"FeatureCollection\" with a \"features\" array).";

    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];

    /// <summary>
    /// Null when the file's top level is an object with <c>"type": "FeatureCollection"</c> and a <c>"features"</c> array, or when it is
    /// not valid JSON (the reader then places the syntax error); else one sentence saying what was found and what is expected, e.g.
    /// <c>found "type": "Feature"; expected a GeoJSON FeatureCollection (…).</c>
    /// </summary>
    /// <param name="path">The GeoJSON file.</param>
    public static string? Problem(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        return Problem(stream);
    }

    /// <summary>As <see cref="Problem(string)"/>, for a stream read from its current position.</summary>
    /// <param name="stream">The GeoJSON text, UTF-8 (a byte-order mark is skipped).</param>
    public static string? Problem(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var top = new TopLevel();
        byte[] buffer = new byte[16 * 1024];
        int length = 0;
        bool final = false, first = true;
        var state = new JsonReaderState();
        while (true)
        {
            if (length == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2); // one token longer than the buffer
            }
            int read = stream.Read(buffer, length, buffer.Length - length);
            final = read == 0;
            length += read;
            int start = 0;
            if (first && (length >= Utf8Bom.Length || final))
            {
                first = false;
                start = buffer.AsSpan(0, length).StartsWith(Utf8Bom) ? Utf8Bom.Length : 0;
            }
            else if (first)
            {
                continue;
            }
            var reader = new Utf8JsonReader(buffer.AsSpan(start, length - start), final, state);
            try
            {
                while (reader.Read())
                {
                    if (top.Decide(ref reader) is { } decided)
                    {
                        return decided.Length == 0 ? null : $"{decided}; {Expected}";
                    }
                }
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException)
            {
                return null; // not valid JSON or not UTF-8: the reader says where
            }
            if (final)
            {
                return null; // the text ended inside the top-level value: a syntax error, placed by the reader
            }
            int consumed = start + (int)reader.BytesConsumed;
            Buffer.BlockCopy(buffer, consumed, buffer, 0, length - consumed);
            length -= consumed;
            state = reader.CurrentState;
        }
    }

    /// <summary>What has been seen of the top-level value so far.</summary>
    private sealed class TopLevel
    {
        private string? _member;
        private bool _hasType;
        private string? _type;
        private JsonTokenType _typeToken;
        private bool _hasFeatures;
        private JsonTokenType _featuresToken;

        /// <summary>Empty when the file is a FeatureCollection, what was found when it is not, null while undecided.</summary>
        public string? Decide(ref Utf8JsonReader reader)
        {
            if (reader.CurrentDepth == 0)
            {
                return reader.TokenType switch
                {
                    JsonTokenType.StartObject => null,
                    JsonTokenType.EndObject => Verdict(ended: true),
                    var t => $"found {Kind(t)}",
                };
            }
            if (reader.CurrentDepth != 1)
            {
                return null;
            }
            if (reader.TokenType == JsonTokenType.PropertyName)
            {
                _member = reader.GetString();
                return null;
            }
            if (reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray)
            {
                return null; // the end of a member's value
            }
            if (_member == "type" && !_hasType)
            {
                (_hasType, _typeToken) = (true, reader.TokenType);
                _type = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
            else if (_member == "features" && !_hasFeatures)
            {
                (_hasFeatures, _featuresToken) = (true, reader.TokenType);
            }
            return Verdict(ended: false);
        }

        private string? Verdict(bool ended)
        {
            if (_hasType && _typeToken != JsonTokenType.String)
            {
                return $"found a \"type\" that is {Kind(_typeToken)}";
            }
            if (_hasType && _type != "FeatureCollection")
            {
                return $"found \"type\": \"{_type}\"";
            }
            if (_hasType && _hasFeatures)
            {
                return _featuresToken == JsonTokenType.StartArray ? "" : "found a FeatureCollection without a \"features\" array";
            }
            if (!ended)
            {
                return null;
            }
            return _hasType ? "found a FeatureCollection without a \"features\" array" : "found an object without a \"type\" member";
        }

        private static string Kind(JsonTokenType token) => token switch
        {
            JsonTokenType.StartArray => "a JSON array",
            JsonTokenType.StartObject => "a JSON object",
            JsonTokenType.String => "a JSON string",
            JsonTokenType.Number => "a JSON number",
            JsonTokenType.True or JsonTokenType.False => "a JSON boolean",
            _ => "JSON null",
        };
    }
}
