namespace Faucet.Api.Features.Purchases;

/// <summary>A purchase in the buyer's list (its full history is at <c>GET /api/v1/purchases/{id}</c>).</summary>
public sealed record PurchaseSummary(string PurchaseId, string PackageId, long Tokens, long AmountMinor, string Currency, string Method, string Status,
    string? FailureReason, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
