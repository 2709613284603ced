using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Faucet.Tests.Browser.Pages;

namespace Faucet.Tests.Browser;

/// <summary>The sign-up proof of work in the player app: the ALTCHA widget, served from this site, solves the faucet's
/// challenge in the browser; the solution makes one player and is refused when sent again.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SignUpProofPageTests(DryRunStack stack)
{
    [Fact]
    public async Task A_new_player_registers_through_the_widget_and_its_solution_sent_again_is_refused()
    {
        var page = await stack.NewPageAsync();
        var email = $"widget-{Guid.NewGuid():N}@example.org";
        await OpenAsync(page, "signin");
        await Button(page, "New here? Create an account").ClickAsync();
        await page.GetByRole(AriaRole.Textbox, new() { Name = "E-mail" }).FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync("long enough password");

        var register = await page.RunAndWaitForRequestAsync(() => Button(page, "Create account").ClickAsync(),
            request => request.Url.EndsWith("/api/v1/auth/register", StringComparison.Ordinal), new() { Timeout = SolveTimeout });
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My faucet", Level = 1 })).ToBeVisibleAsync(new() { Timeout = SolveTimeout });
        var proof = register.PostDataJSON()!.Value.GetProperty("proof").GetString()!;
        var solved = JsonDocument.Parse(Convert.FromBase64String(proof)).RootElement;
        using var replay = await stack.Api.Http.PostAsJsonAsync("/api/v1/auth/register", new { email = "again-" + email, password = "long enough password", proof });

        Assert.Equal("SHA-256", solved.GetProperty("algorithm").GetString());
        Assert.True(solved.GetProperty("took").GetDouble() > 0, "the widget reports how long the solve took");
        Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);
        Assert.Equal("Proof of work already used", (await replay.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_returning_key_signs_in_without_a_puzzle()
    {
        var key = Players.NewKey();
        var first = await stack.NewPageAsync();
        await SignInWithKeyAsync(first, key, acceptTerms: false);

        var again = await stack.NewPageAsync();
        var requests = new List<string>();
        again.Request += (_, request) => requests.Add(new Uri(request.Url).AbsolutePath);
        await SignInWithKeyAsync(again, key, acceptTerms: false);

        Assert.DoesNotContain("/api/v1/auth/proof-of-work", requests);
        await Assertions.Expect(again.Locator("altcha-widget#proof-key")).ToBeHiddenAsync();
    }
}
