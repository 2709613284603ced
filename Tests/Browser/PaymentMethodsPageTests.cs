using System.Text.RegularExpressions;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static Faucet.Tests.Browser.Pages;

namespace Faucet.Tests.Browser;

/// <summary>Saved payment methods on the Tokens page with the simulated provider: saved from its labelled test methods
/// (never a card number), listed, made the default, paid with, removed after asking once more, and a declined one's
/// problem shown. With Stripe: <see cref="StripeMethodsPageTests"/>.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PaymentMethodsPageTests(DryRunStack stack)
{
    [Fact]
    public async Task A_player_saves_two_methods_makes_the_second_the_default_pays_with_it_removes_the_first_and_sees_a_decline()
    {
        var key = Players.NewKey();
        var page = await stack.NewPageAsync();
        await SignInWithKeyAsync(page, key);
        await OpenAsync(page, "tokens");
        var section = page.GetByRole(AriaRole.Region, new() { Name = "Saved payment methods" });
        var saved = section.GetByRole(AriaRole.List, new() { Name = "Saved payment methods" }).GetByRole(AriaRole.Listitem);
        await Assertions.Expect(section.GetByText("No saved methods yet.")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Textbox)).ToHaveCountAsync(0);

        await SaveAsync(page, "Visa card 4242");
        await Assertions.Expect(section.GetByRole(AriaRole.Status)).ToHaveTextAsync("Visa card ending 4242 is saved as your default.");
        await SaveAsync(page, "Mastercard card 4444");
        await Assertions.Expect(section.GetByRole(AriaRole.Status)).ToHaveTextAsync("Mastercard card ending 4444 is saved.");

        await Assertions.Expect(saved).ToHaveCountAsync(2);
        await Assertions.Expect(saved.Nth(0)).ToContainTextAsync("Visa card ending 4242, expires 12/2034 (default)");
        await Assertions.Expect(saved.Nth(1)).ToContainTextAsync("Mastercard card ending 4444, expires 08/2033");
        await Assertions.Expect(saved.Nth(1)).Not.ToContainTextAsync("(default)");
        await Assertions.Expect(page.GetByLabel("Visa card ending 4242, expires 12/2034 (default)")).ToBeCheckedAsync();
        await Assertions.Expect(Button(page, "Make default: Visa card ending 4242")).ToHaveCountAsync(0);
        await AssertNoSeriousViolationAsync(page, "tokens with saved methods");
        var phone = await stack.NewPageAsync(Viewport.Phone);
        await SignInWithKeyAsync(phone, key, acceptTerms: false);
        await OpenAsync(phone, "tokens");
        await Assertions.Expect(phone.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Mastercard card ending 4444" })).ToBeVisibleAsync();
        await AssertNoSeriousViolationAsync(phone, "tokens with saved methods on a phone");
        await phone.ScreenshotAsync(new() { Path = Artifacts.Screenshot("tokens-payment-methods-phone"), FullPage = true });
        await phone.Context.CloseAsync();

        await Button(page, "Make default: Mastercard card ending 4444").ClickAsync();
        await Assertions.Expect(section.GetByRole(AriaRole.Status)).ToHaveTextAsync("Mastercard card ending 4444 is now your default.");
        await Assertions.Expect(saved.Nth(0)).ToContainTextAsync("Mastercard card ending 4444, expires 08/2033 (default)");
        await Assertions.Expect(saved.Nth(1)).ToContainTextAsync("Visa card ending 4242, expires 12/2034");
        await Assertions.Expect(saved.Nth(1)).Not.ToContainTextAsync("(default)");
        var mastercard = (await FetchAsync(page, "/api/v1/payment-methods"))[0].GetProperty("id").GetString();

        await page.GetByLabel("Starter: 100 tokens for $0.99").CheckAsync();
        await Assertions.Expect(page.GetByLabel("Mastercard card ending 4444, expires 08/2033 (default)")).ToBeCheckedAsync();
        var order = await page.RunAndWaitForRequestAsync(() => Button(page, "Pay (simulated)").ClickAsync(),
            request => request.Method == "POST" && request.Url.EndsWith("/api/v1/purchases", StringComparison.Ordinal));
        var body = order.PostDataJSON()!.Value;
        Assert.Equal(mastercard, body.GetProperty("paymentMethodId").GetString());
        Assert.False(body.TryGetProperty("method", out _));
        Assert.NotNull(await order.HeaderValueAsync("Idempotency-Key"));
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("#/purchase/[0-9a-f]+$"));
        await Assertions.Expect(page.Locator("#purchase-status")).ToHaveTextAsync("Completed", new() { Timeout = 20_000 });
        await Assertions.Expect(page.GetByText("Paid: 100 tokens are in your balance.")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Back to tokens" }).ClickAsync();
        await Assertions.Expect(page.Locator("#token-balance")).ToHaveTextAsync("100");
        await Button(page, "Remove Visa card ending 4242").ClickAsync();
        await Assertions.Expect(page.GetByText("Remove Visa card ending 4242?")).ToBeVisibleAsync();
        await Assertions.Expect(Button(page, "Yes, remove Visa card ending 4242")).ToBeFocusedAsync();
        await AssertNoSeriousViolationAsync(page, "tokens asking before a removal");
        await Button(page, "Yes, remove Visa card ending 4242").ClickAsync();
        await Assertions.Expect(section.GetByRole(AriaRole.Status)).ToHaveTextAsync("Visa card ending 4242 is removed.");
        await Assertions.Expect(saved).ToHaveCountAsync(1);
        await Assertions.Expect(section.GetByRole(AriaRole.Heading, new() { Name = "Saved payment methods" })).ToBeFocusedAsync();
        await Assertions.Expect(saved).ToContainTextAsync("Mastercard card ending 4444, expires 08/2033 (default)");
        await Assertions.Expect(page.GetByLabel("Visa card ending 4242, expires 12/2034")).ToHaveCountAsync(0);

        await SaveAsync(page, "A card the provider declines");
        await Assertions.Expect(section.GetByRole(AriaRole.Alert)).ToHaveTextAsync(
            "The payment provider declined this method (the simulated provider declines this card); nothing was saved.");
        await Assertions.Expect(saved).ToHaveCountAsync(1);
        await page.ScreenshotAsync(new() { Path = Artifacts.Screenshot("tokens-payment-methods"), FullPage = true });
    }

    private static async Task SaveAsync(IPage page, string method)
    {
        await page.GetByLabel("Method to save (simulated)").SelectOptionAsync(new SelectOptionValue { Label = method });
        await Button(page, "Save method (simulated)").ClickAsync();
    }

    internal static async Task AssertNoSeriousViolationAsync(IPage page, string state)
    {
        await page.EvaluateAsync("() => Promise.all(document.getAnimations().map(a => a.finished))");
        var serious = (await page.RunAxe()).Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{state}: {v.Id} {v.Help}: {string.Join("; ", v.Nodes.Select(n => n.Target?.ToString()))}");
        Assert.Empty(serious);
    }
}
