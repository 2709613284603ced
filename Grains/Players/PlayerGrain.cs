using Faucet.Audit;
using Faucet.Clicker;
using Faucet.Configuration;
using Faucet.Hosting;
using Faucet.Identities;
using Faucet.Integrations.Yunite;
using Faucet.Money;
using Faucet.Persistence;
using Faucet.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Faucet.Players;

public sealed class PlayerGrain(
    [PersistentState("player", "faucet")] IPersistentState<PlayerState> state,
    IPlayerTables tables,
    PayoutOptions payout,
    IntegrationsOptions integrations,
    ProductOptions product,
    IYuniteLinks yunite,
    IAuditLog audit,
    [FromKeyedServices(FaucetClock.Key)] TimeProvider time,
    ILogger<PlayerGrain> logger) : Grain, IPlayerGrain
{
    private UserId Id => UserId.Parse(this.GetPrimaryKeyString());

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Players created before the directory existed get their row on their first activation since.
        if (state.State.Profile is { } profile && !state.State.Listed)
        {
            await tables.RecordProfileAsync(profile, cancellationToken);
            state.State.Listed = true;
            await state.WriteStateAsync(cancellationToken);
        }
    }

    public async Task<PlayerCreation> CreateAsync(string displayName, IdentityKey firstIdentity)
    {
        if (state.State.Profile is { } existing)
        {
            return PlayerCreation.Existing(existing);
        }

        var name = PlayerProfile.ValidDisplayName(displayName);
        var identity = IdentityKey.Parse(firstIdentity.Value);

        // Claim first, then persist: if the silo dies in between, a retry for this same user id finds the
        // claim already theirs and completes the creation.
        var claim = await GrainFactory.GetGrain<IIdentityGrain>(identity.Value).ClaimAsync(Id);
        if (!claim.Granted)
        {
            return PlayerCreation.IdentityTaken(claim.Owner);
        }

        var profile = new PlayerProfile(Id, name, [identity], time.GetUtcNow());
        await tables.RecordProfileAsync(profile, CancellationToken.None);
        state.State.Profile = profile;
        state.State.Listed = true;
        await state.WriteOrRetireAsync(this);
        return PlayerCreation.Created(profile);
    }

    public async Task<WalletLinkStatus> LinkWalletAsync(BananoAddress wallet)
    {
        if (state.State.Profile is not { } profile)
        {
            return WalletLinkStatus.NoSuchPlayer;
        }
        var now = time.GetUtcNow();
        if (profile.Wallet == wallet)
        {
            // Repeated, so the table is sure to have it (a link stored before the table existed gets its row here).
            await tables.RecordLinkAsync(Id, wallet, now, CancellationToken.None);
            return WalletLinkStatus.AlreadyLinked;
        }
        if (profile.Wallet is not null && now < (state.State.WalletLinkedAt ?? profile.CreatedAt) + TimeSpan.FromHours(payout.WalletChangeCooldownHours))
        {
            return WalletLinkStatus.ChangeTooSoon;
        }

        var claim = await GrainFactory.GetGrain<IIdentityGrain>(IdentityKey.Parse("wallet:" + wallet.Value).Value).ClaimAsync(Id);
        if (!claim.Granted)
        {
            return WalletLinkStatus.TakenByAnotherPlayer;
        }

        // The table first: a link stored on the grain is always one that settlement can read.
        await tables.RecordLinkAsync(Id, wallet, now, CancellationToken.None);
        state.State.Profile = profile with { Wallet = wallet };
        state.State.WalletLinkedAt = now;
        await state.WriteOrRetireAsync(this);
        var status = profile.Wallet is null ? WalletLinkStatus.Linked : WalletLinkStatus.Changed;
        await audit.RecordAsync(Id.Value, status == WalletLinkStatus.Linked ? "wallet.linked" : "wallet.changed", Id.Value,
            new { address = wallet.Value, previous = profile.Wallet?.Value }, CancellationToken.None);
        return status;
    }

    public async Task<bool> RecordEpicLinkAsync(EpicLink link)
    {
        if (state.State.Profile is not { } profile)
        {
            return false;
        }
        // The table first, as for wallets: settlement reads who is blocked from there.
        await tables.RecordEpicLinkAsync(Id, link, CancellationToken.None);
        state.State.Profile = profile with { Epic = link };
        await state.WriteOrRetireAsync(this);
        return true;
    }

    public async Task<EpicLinkRefresh> RefreshEpicLinkAsync(string? admin)
    {
        if (state.State.Profile is not { } profile)
        {
            return new EpicLinkRefresh(EpicLinkRefreshStatus.NoSuchPlayer, null);
        }
        if (profile.Identities.FirstOrDefault(i => i.Scheme == "discord") is not { Value: { } identity })
        {
            return new EpicLinkRefresh(EpicLinkRefreshStatus.NoDiscordAccount, null);
        }
        if (integrations.SimulatedWhereBanIsReal(integrations.Yunite.Mode))
        {
            // The simulated Yunite links everyone to a made-up account: never where BAN is real.
            return new EpicLinkRefresh(EpicLinkRefreshStatus.YuniteUnavailable, null,
                "Yunite is simulated here, which only a dry run allows; the operator sets yunite.mode: live.");
        }
        var discordId = identity["discord:".Length..];
        IReadOnlyDictionary<string, (EpicLinkStatus Status, string? EpicId, string? EpicName)> answers;
        try
        {
            answers = await yunite.LookupAsync([discordId], CancellationToken.None);
        }
        catch (YuniteUnavailableException e)
        {
            return new EpicLinkRefresh(EpicLinkRefreshStatus.YuniteUnavailable, null, e.Message);
        }
        var (status, epicId, epicName) = answers.TryGetValue(discordId, out var answer) ? answer : (EpicLinkStatus.NotFound, null, null);
        var link = new EpicLink(status, epicId, epicName, time.GetUtcNow());
        await RecordEpicLinkAsync(link);
        if (admin is not null)
        {
            await audit.RecordAsync(admin, "user.reverified", Id.Value, new { status = AuditWord(link), previous = AuditWord(profile.Epic) }, CancellationToken.None);
        }
        return new EpicLinkRefresh(EpicLinkRefreshStatus.Refreshed, link);
    }

    /// <summary>The words the Api shows a link's status in, so the audit log reads the same.</summary>
    private static string AuditWord(EpicLink? link) => link?.Status switch
    {
        null => "unchecked",
        EpicLinkStatus.Linked => "linked",
        EpicLinkStatus.NotLinked => "not_linked",
        _ => "not_found",
    };

    public async Task<PlayerProfile?> BanAsync(PlayerBan ban)
    {
        if (state.State.Profile is not { } profile)
        {
            return null;
        }
        var banned = await ChangeAsync(profile with { Ban = ban });
        await audit.RecordAsync(ban.By, "user.banned", Id.Value, new { reason = ban.Reason, until = ban.Until, previous = profile.Ban }, CancellationToken.None);
        await this.PublishWebhookAsync(WebhookEvents.UserBanned, $"user.banned:{Id.Value}:{ban.At.ToUnixTimeMilliseconds()}",
            new { userId = Id.Value, reason = ban.Reason, until = ban.Until, by = ban.By }, ban.At, logger);
        return banned;
    }

    public async Task RecordRegionAsync(string region)
    {
        if (state.State.Profile is { AnalyticsOptOut: false })
        {
            var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
            await tables.RecordRegionAsync(Id, region, today, today.AddDays(-integrations.Analytics.RetentionDays), CancellationToken.None);
        }
    }

    public async Task<PlayerProfile?> LiftBanAsync(string actor)
    {
        if (state.State.Profile is not { } profile)
        {
            return null;
        }
        var lifted = await ChangeAsync(profile with { Ban = null });
        await audit.RecordAsync(actor, "user.unbanned", Id.Value, new { previous = profile.Ban }, CancellationToken.None);
        return lifted;
    }

    public async Task<bool> SetAnalyticsOptOutAsync(bool optOut)
    {
        if (state.State.Profile is not { } profile)
        {
            return false;
        }
        await ChangeAsync(profile with { AnalyticsOptOut = optOut });
        return true;
    }

    public async Task<TermsAnswer> AcceptTermsAsync(string version, bool ageConfirmed)
    {
        var asked = Standing();
        if (state.State.Profile is not { } profile)
        {
            return new TermsAnswer(TermsAnswerStatus.NoSuchPlayer, asked);
        }
        if (version != asked.Version)
        {
            return new TermsAnswer(TermsAnswerStatus.WrongVersion, asked);
        }
        if (asked.GateOn && !ageConfirmed)
        {
            return new TermsAnswer(TermsAnswerStatus.AgeNotConfirmed, asked);
        }
        if (asked.Satisfied && profile.Terms?.Version == version)
        {
            return new TermsAnswer(TermsAnswerStatus.AlreadyAccepted, asked);
        }
        var acceptance = new TermsAcceptance(version, time.GetUtcNow(), ageConfirmed, ageConfirmed ? asked.MinimumAge : 0);
        // The record first: an acceptance the grain holds is always one the table can show.
        await tables.RecordTermsAcceptanceAsync(Id, acceptance, CancellationToken.None);
        state.State.Profile = profile with { Terms = acceptance };
        await state.WriteOrRetireAsync(this);
        return new TermsAnswer(TermsAnswerStatus.Accepted, Standing());
    }

    public Task<TermsStanding> GetTermsAsync() => Task.FromResult(Standing());

    private TermsStanding Standing() => new(product.Legal.Version, product.Legal.MinimumAge, state.State.Profile?.Terms);

    public Task<PlayerProfile?> GetProfileAsync() => Task.FromResult(state.State.Profile);

    /// <summary>The directory row first (settlement and the kill verifier read bans there), then the clicker, then
    /// the state. Every step is repeatable, so a call repeated after a crash part-way completes it.</summary>
    private async Task<PlayerProfile> ChangeAsync(PlayerProfile changed)
    {
        await tables.RecordProfileAsync(changed, CancellationToken.None);
        // Always: the clicker may hold a ban that a crash kept from reaching this grain's state.
        await GrainFactory.GetGrain<IClickerGrain>(Id.Value).SetOperatorBanAsync(changed.Ban);
        state.State.Profile = changed;
        state.State.Listed = true;
        await state.WriteOrRetireAsync(this);
        return changed;
    }
}
