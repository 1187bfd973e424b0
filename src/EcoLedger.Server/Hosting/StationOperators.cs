using EcoLedger.Storage;

namespace EcoLedger.Server.Hosting;

/// <summary>
/// Which participant operates each monitoring station: the one whose <c>monitor.stations_registered</c> entry last named it. A bureau
/// token posts readings and registers stations only for the stations its participant operates (<c>MonitoringEndpoints</c>). Kept in
/// memory and brought up to date from the journal's tail on each use (a range scan of the primary key after the last entry seen), so the
/// first use reads the registrations once and later ones read only what was journaled since, by this server or any other writer.
/// </summary>
public sealed class StationOperators
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, string> _operators = new(StringComparer.Ordinal);
    private long _seen;

    /// <summary>
    /// The stations of <paramref name="stations"/> that are registered and operated by another participant than
    /// <paramref name="participant"/>, each with its operator (ordered by station). Call under the ledger gate.
    /// </summary>
    public IReadOnlyList<(string Station, string Operator)> Foreign(LedgerDatabase db, string participant, IEnumerable<string> stations)
    {
        ArgumentNullException.ThrowIfNull(db);
        lock (_lock)
        {
            var (head, registered) = db.MonitoringStationRegistrations(_seen);
            foreach (var (station, by) in registered)
            {
                _operators[station] = by;
            }
            _seen = Math.Max(_seen, head);
            return stations.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
                .Select(s => (Station: s, Operator: _operators.GetValueOrDefault(s)))
                .Where(x => x.Operator is not null && x.Operator != participant)
                .Select(x => (x.Station, x.Operator!)).ToList();
        }
    }
}
