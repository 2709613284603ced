using Faucet.Money;

namespace Faucet.Integrations.Banano;

public sealed record AccountInfo(BlockHash Frontier, BanAmount Balance, long BlockCount);
