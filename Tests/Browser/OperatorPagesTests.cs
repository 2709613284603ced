using System.Net;
using System.Text.Json;
using Faucet.Tests.Api;
using Faucet.Tests.Infrastructure;
using Microsoft.Playwright;
using static Faucet.Tests.Browser.Pages;

namespace Faucet.Tests.Browser;

/// <summary>The operator pages as an admin uses them against the shipped configuration.</summary>
[Collection(BrowserCollection.Name)]
public sealed class OperatorPagesTests(DryRunStack stack)
{
    [Fact]
    public async Task A_player_opens_under_their_own_row_and_is_banned_only_once_the_admin_confirms()
    {
        var player = await NewPlayerAsync(stack);
        var userId = await UserIdAsync(player);
        var admin = await stack.NewPageAsync();
        await SignInWithKeyAsync(admin, Players.Admin);
        await OpenAsync(admin, "operator/users");
        await admin.GetByRole(AriaRole.Searchbox).FillAsync(userId);
        await Button(admin, "Find").ClickAsync();
        var row = admin.Locator("tr").Filter(new() { Has = admin.Locator($"button[data-user='{userId}']") });
        await Assertions.Expect(row).ToHaveCountAsync(1);

        await row.GetByRole(AriaRole.Button, new() { Name = "Open" }).ClickAsync();

        var detail = admin.Locator("tr.user-detail");
        await Assertions.Expect(detail).ToContainTextAsync(userId);
        Assert.True(await row.EvaluateAsync<bool>("row => row.nextElementSibling?.classList.contains('user-detail') === true"));
        await detail.GetByLabel("Ban reason").FillAsync("browser test");
        await detail.GetByRole(AriaRole.Button, new() { Name = "Ban", Exact = true }).ClickAsync();
        await Assertions.Expect(detail.GetByText("for “browser test”?")).ToBeVisibleAsync();
        Assert.Equal(JsonValueKind.Null, (await FetchAsync(player, "/api/v1/me/status")).GetProperty("ban").ValueKind);
        await detail.GetByRole(AriaRole.Button, new() { Name = "Keep them" }).ClickAsync();
        await detail.GetByRole(AriaRole.Button, new() { Name = "Ban", Exact = true }).ClickAsync();
        await detail.GetByRole(AriaRole.Button, new() { Name = "Yes, ban" }).ClickAsync();

        await Assertions.Expect(admin.Locator("tr.user-detail").GetByText("Banned.")).ToBeVisibleAsync();
        await Assertions.Expect(admin.Locator("tr.user-detail").GetByRole(AriaRole.Button, new() { Name = "Lift ban" })).ToBeVisibleAsync();
        Assert.Equal("browser test", (await FetchAsync(player, "/api/v1/me/status")).GetProperty("ban").GetProperty("reason").GetString());
    }

    [Fact]
    public async Task An_admin_approves_one_manual_payout_and_rejects_another_that_the_operator_asked_for()
    {
        var player = await NewPlayerAsync(stack);
        var userId = await UserIdAsync(player);
        var linked = await player.EvaluateAsync<int>(
            "async address => (await fetch('/api/v1/me/wallet', { method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ address }) })).status",
            Players.NewWallet());
        Assert.Equal(200, linked);
        async Task<long> AskAsync(string amount, string reason)
        {
            var (status, answer) = await ApiCalls.CallAsync(stack.Api.Http, HttpMethod.Post, "/api/v1/admin/payouts", FaucetProcessArgs.OperatorToken,
                new { userId, amountBan = amount, reason }, key: $"{reason}-{userId}");
            Assert.Equal(HttpStatusCode.Accepted, status);
            return answer.GetProperty("request").GetProperty("number").GetInt64();
        }
        var prize = await AskAsync("250", "season prize");
        var typo = await AskAsync("3000", "typo");
        var admin = await stack.NewPageAsync();
        await SignInWithKeyAsync(admin, Players.Admin);
        await OpenAsync(admin, "operator/manual");

        await Button(admin, $"Approve manual payout {prize}").ClickAsync();
        await Button(admin, "Yes, approve").ClickAsync();
        await Assertions.Expect(admin.Locator("#manual-status")).ToContainTextAsync($"Manual payout {prize}: approved.");
        await Button(admin, $"Reject manual payout {typo}").ClickAsync();
        await Button(admin, "Yes, reject").ClickAsync();
        await Assertions.Expect(admin.Locator("#manual-status")).ToContainTextAsync($"Manual payout {typo}: rejected.");

        await Assertions.Expect(Button(admin, $"Approve manual payout {prize}")).ToHaveCountAsync(0);
        await Assertions.Expect(Button(admin, $"Reject manual payout {typo}")).ToHaveCountAsync(0);
        var (_, all) = await ApiCalls.CallAsync(stack.Api.Http, HttpMethod.Get, "/api/v1/admin/payouts/manual?limit=100", FaucetProcessArgs.OperatorToken);
        var statuses = all.GetProperty("items").EnumerateArray().ToDictionary(r => r.GetProperty("number").GetInt64(), r => r.GetProperty("status").GetString());
        Assert.Equal(("approved", "rejected"), (statuses[prize], statuses[typo]));
    }
}
