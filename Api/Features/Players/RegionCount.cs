namespace Faucet.Api.Features.Players;

public sealed record RegionCount(string Region, int Players);
