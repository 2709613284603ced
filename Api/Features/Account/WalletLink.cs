using Faucet.Players;

namespace Faucet.Api.Features.Account;

/// <param name="Status">linked, changed or already_linked.</param>
public sealed record WalletLink(string Wallet, WalletLinkStatus Status);
