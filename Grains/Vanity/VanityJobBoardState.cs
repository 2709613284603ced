namespace Faucet.Vanity;

[GenerateSerializer, Alias("faucet.VanityJobBoardState")]
public sealed class VanityJobBoardState
{
    [Id(0)] public List<string> Running { get; set; } = [];
}
