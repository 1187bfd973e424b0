namespace EcoLedger.Ledger;

/// <summary>A ledger held in memory: the target of journal replay and the store of unit tests.</summary>
public sealed class InMemoryLedgerStore : ILedgerStore
{
    private readonly Dictionary<string, Participant> _participants = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Project> _projects = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IssuanceRequest> _requests = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<IssuanceRequest>> _requestsByProject = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _projectsByUnit = new(StringComparer.Ordinal);
    private readonly Dictionary<long, CreditBlock> _blocks = [];
    private readonly Dictionary<string, SortedSet<CreditBlock>> _byHolder = new(StringComparer.Ordinal);
    private readonly List<Posting> _postings = [];
    private readonly List<(long Block, long Seq)> _touches = [];
    private readonly Dictionary<long, List<long>> _touchesByBlock = [];
    private readonly Dictionary<string, ParticipantKey> _keys = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _reversed = new(StringComparer.Ordinal);
    private long _lastBlockId;

    /// <summary>All registered participant keys.</summary>
    public IReadOnlyCollection<ParticipantKey> ParticipantKeys => _keys.Values;

    /// <summary>All participants and system accounts.</summary>
    public IReadOnlyCollection<Participant> Participants => _participants.Values;

    /// <summary>All projects.</summary>
    public IReadOnlyCollection<Project> Projects => _projects.Values;

    /// <summary>All issuance requests.</summary>
    public IReadOnlyCollection<IssuanceRequest> Requests => _requests.Values;

    /// <summary>All blocks.</summary>
    public IReadOnlyCollection<CreditBlock> Blocks => _blocks.Values;

    /// <summary>All postings in order.</summary>
    public IReadOnlyList<Posting> Postings => _postings;

    /// <summary>All (block, event) touches in order.</summary>
    public IReadOnlyList<(long Block, long Seq)> Touches => _touches;

    /// <summary>Balance of each account per credit class, from the postings.</summary>
    public IReadOnlyDictionary<(string Account, string Project, DateOnly VintageStart), long> Balances =>
        _postings.GroupBy(p => (p.Account, p.ProjectId, p.VintageStart)).ToDictionary(g => g.Key, g => g.Sum(p => p.Amount));

    /// <inheritdoc/>
    public Participant? FindParticipant(string id) => _participants.GetValueOrDefault(id);

    /// <inheritdoc/>
    public bool AnyParticipantWithRole(Role role) => _participants.Values.Any(p => p.Role == role);

    /// <inheritdoc/>
    public Project? FindProject(string id) => _projects.GetValueOrDefault(id);

    /// <inheritdoc/>
    public IssuanceRequest? FindRequest(string id) => _requests.GetValueOrDefault(id);

    /// <inheritdoc/>
    public IReadOnlyList<IssuanceRequest> RequestsOf(string projectId) =>
        _requestsByProject.TryGetValue(projectId, out var list) ? list.ToList() : [];

    /// <inheritdoc/>
    public IReadOnlyList<SharedUnit> ProjectsSharingUnits(string projectId) =>
        _projects.TryGetValue(projectId, out var project)
            ? SharedUnit.FirstPerProject(project.Units.SelectMany(u => _projectsByUnit[u.UnitId].Where(p => p != projectId).Select(p => (p, u.UnitId))))
            : [];

    /// <inheritdoc/>
    public long ReversedTonnes(string projectId) => _reversed.GetValueOrDefault(projectId);

    /// <inheritdoc/>
    public void AddReversed(string projectId, long tonnes) => _reversed[projectId] = checked(_reversed.GetValueOrDefault(projectId) + tonnes);

    /// <inheritdoc/>
    public CreditBlock? FindBlock(long id) => _blocks.GetValueOrDefault(id);

    /// <inheritdoc/>
    public CreditBlock? BlockContaining(string projectId, long serial) =>
        _blocks.Values.FirstOrDefault(b => b.ProjectId == projectId && b.Start <= serial && serial <= b.End);

    /// <inheritdoc/>
    public IReadOnlyCollection<CreditBlock> BlocksOf(string holderId) =>
        _byHolder.TryGetValue(holderId, out var set) ? set : [];

    /// <inheritdoc/>
    public long AllocateBlockId() => ++_lastBlockId;

    /// <inheritdoc/>
    public void AddParticipant(Participant participant) => _participants.Add(participant.Id, participant);

    /// <inheritdoc/>
    public void AddProject(Project project)
    {
        _projects.Add(project.Id, project);
        foreach (var u in project.Units)
        {
            if (!_projectsByUnit.TryGetValue(u.UnitId, out var list))
            {
                list = [];
                _projectsByUnit.Add(u.UnitId, list);
            }
            list.Add(project.Id);
        }
    }

    /// <inheritdoc/>
    public void AddRequest(IssuanceRequest request)
    {
        _requests.Add(request.Id, request);
        if (!_requestsByProject.TryGetValue(request.ProjectId, out var list))
        {
            list = [];
            _requestsByProject.Add(request.ProjectId, list);
        }
        list.Add(request);
    }

    /// <inheritdoc/>
    public void AddBlock(CreditBlock block)
    {
        _blocks.Add(block.Id, block);
        _lastBlockId = Math.Max(_lastBlockId, block.Id);
        Holder(block.HolderId).Add(block);
    }

    /// <inheritdoc/>
    public void BlockChanging(CreditBlock block) => Holder(block.HolderId).Remove(block);

    /// <inheritdoc/>
    public void BlockChanged(CreditBlock block) => Holder(block.HolderId).Add(block);

    /// <inheritdoc/>
    public void AddTouch(long blockId, long seq)
    {
        _touches.Add((blockId, seq));
        if (!_touchesByBlock.TryGetValue(blockId, out var seqs))
        {
            seqs = [];
            _touchesByBlock.Add(blockId, seqs);
        }
        seqs.Add(seq);
    }

    /// <inheritdoc/>
    public IReadOnlyList<long> TouchesAfter(long blockId, long afterSeq) =>
        _touchesByBlock.TryGetValue(blockId, out var seqs) ? [.. seqs.Where(s => s > afterSeq).Distinct()] : [];

    /// <inheritdoc/>
    public void AddPosting(Posting posting) => _postings.Add(posting);

    private SortedSet<CreditBlock> Holder(string id)
    {
        if (!_byHolder.TryGetValue(id, out var set))
        {
            set = new SortedSet<CreditBlock>(CreditBlock.SpendingOrder);
            _byHolder.Add(id, set);
        }
        return set;
    }

    /// <inheritdoc/>
    public ParticipantKey? FindParticipantKey(string keyId) => _keys.GetValueOrDefault(keyId);

    /// <inheritdoc/>
    public IReadOnlyList<ParticipantKey> ActiveKeysOf(string participantId) =>
        _keys.Values.Where(k => k.ParticipantId == participantId && k.IsActive).ToList();

    /// <inheritdoc/>
    public void AddParticipantKey(ParticipantKey key) => _keys.Add(key.KeyId, key);

    /// <inheritdoc/>
    public void ParticipantKeyChanged(ParticipantKey key)
    {
    }

    /// <inheritdoc/>
    public long? SignaturesRequiredSince { get; private set; }

    /// <inheritdoc/>
    public void SetSignaturesRequired(long? since) => SignaturesRequiredSince = since;
}
