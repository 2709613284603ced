using System.Text.Json;
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
}
