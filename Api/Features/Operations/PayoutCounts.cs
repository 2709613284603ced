namespace Faucet.Api.Features.Operations;

public sealed record PayoutCounts(long Pending, long Sent, long Failed, long DryRun);
