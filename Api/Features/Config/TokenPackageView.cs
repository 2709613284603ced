namespace Faucet.Api.Features.Config;

public sealed record TokenPackageView(string Id, string Name, long Tokens, long PriceMinor, string Currency);
