namespace Faucet.Players;

[GenerateSerializer, Alias("faucet.TermsAnswerStatus")]
public enum TermsAnswerStatus
{
    Accepted,

    /// <summary>This version was accepted before (with the age asked now): nothing changed.</summary>
    AlreadyAccepted,

    /// <summary>The version accepted is not the current one: nothing changed.</summary>
    WrongVersion,

    /// <summary>The gate asks for an age and the player did not confirm it: nothing changed.</summary>
    AgeNotConfirmed,

    NoSuchPlayer,
}

/// <summary>The outcome of <see cref="IPlayerGrain.AcceptTermsAsync"/>, with what is asked and accepted after it.</summary>
[GenerateSerializer, Immutable, Alias("faucet.TermsAnswer")]
public sealed record TermsAnswer(
    [property: Id(0)] TermsAnswerStatus Status,
    [property: Id(1)] TermsStanding Standing);
