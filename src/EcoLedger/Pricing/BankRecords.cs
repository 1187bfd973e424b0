namespace EcoLedger.Pricing;

/// <summary>A loan secured on the credits of one pledge (the journal entry of the <c>credits.pledged</c> event).</summary>
/// <param name="PledgeSeq">Journal sequence number of the pledge.</param>
/// <param name="Borrower">The pledgor (holder of the credits).</param>
/// <param name="Bank">The pledgee.</param>
/// <param name="PrincipalFen">Outstanding principal in fen.</param>
/// <param name="HaircutBasisPoints">The bank's collateral haircut for this loan (null: the valuation's default).</param>
/// <param name="RecordedSeq">Journal entry that recorded the loan.</param>
public sealed record PledgeLoan(long PledgeSeq, string Borrower, string Bank, long PrincipalFen, int? HaircutBasisPoints, long RecordedSeq);

/// <summary>An ecological-bank asset package.</summary>
/// <param name="Id">Package id.</param>
/// <param name="OperatorId">The operator running the package (the actor that created it).</param>
/// <param name="Name">Display name.</param>
/// <param name="ShareBasis"><c>area</c> or <c>value</c>.</param>
/// <param name="Services">Chosen GEP services, comma-separated.</param>
/// <param name="CreatedSeq">Journal entry of the creation.</param>
public sealed record BankPackage(string Id, string OperatorId, string Name, string ShareBasis, string Services, long CreatedSeq);

/// <summary>A unit contributed to a package.</summary>
public sealed record BankPackageUnit(string PackageId, string UnitId, string Contributor, string Mode, int TermYears, decimal AreaHa,
    long AnnualGepFen, decimal CarbonTPerYear, long GuaranteedMinFen);

/// <summary>One certificate's line of one year's distribution.</summary>
public sealed record BankDistribution(string PackageId, int Year, string CertificateId, string HolderId, long MinimumFen, long PaidMinimumFen,
    long ProfitFen, long TotalFen, long OwedFen, long Seq);

