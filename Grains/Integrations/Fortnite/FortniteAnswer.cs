namespace Faucet.Integrations.Fortnite;

/// <param name="Kills">Lifetime kills (all modes, overall), when <see cref="Kind"/> is Kills.</param>
public sealed record FortniteAnswer(FortniteAnswerKind Kind, long? Kills = null, TimeSpan? RetryAfter = null);
