using System.Text;
using System.Text.RegularExpressions;
using Faucet.Tests.Fakes;
using Microsoft.Playwright;
using static Faucet.Tests.Browser.Pages;

namespace Faucet.Tests.Browser;

/// <summary>Saved payment methods on the Tokens page of a faucet that sells through Stripe (the wire-level fake): a card
/// is added on Stripe's own page (Checkout in setup mode), shows up once Stripe's webhook tells of it, and pays at once;
/// a player who leaves Stripe's page is told nothing was added.</summary>
[Collection(BrowserCollection.Name)]
public sealed class StripeMethodsPageTests(PayingStack stack)
{
    [Fact]
    public async Task A_player_adds_a_card_on_Stripes_page_sees_it_once_Stripe_confirms_it_and_pays_with_it()
    {
        var page = await NewPlayerAsync(stack);
        // Stripe's page is not on this machine: the browser is shown a stand-in where Checkout would be.
        await page.RouteAsync("https://checkout.stripe.test/**", route => route.FulfillAsync(new()
        {
            ContentType = "text/html",
            Body = "<!doctype html><html lang=en><title>Stripe Checkout</title><h1>Stripe Checkout (stand-in)</h1></html>",
        }));
        await OpenAsync(page, "tokens");
        var section = page.GetByRole(AriaRole.Region, new() { Name = "Saved payment methods" });
        await Assertions.Expect(section.GetByText("No saved methods yet.")).ToBeVisibleAsync();
        // Nothing saved: nothing to choose, Stripe's checkout asks.
        await Assertions.Expect(page.GetByRole(AriaRole.Group, new() { Name = "Pay with" })).ToHaveCountAsync(0);
        await Assertions.Expect(Button(page, "Continue to checkout")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Textbox)).ToHaveCountAsync(0);
        await PaymentMethodsPageTests.AssertNoSeriousViolationAsync(page, "tokens with Stripe");

        await page.GetByLabel("Kind of method").SelectOptionAsync(new SelectOptionValue { Label = "Card" });
        await Button(page, "Continue to Stripe").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("^https://checkout\\.stripe\\.test/c/setup/cs_test_[0-9]+$"));
        var session = page.Url.Split('/')[^1];
        Assert.Equal(("setup", "card"), (stack.Stripe.SetupSessions[session].Form["mode"], stack.Stripe.SetupSessions[session].Form["metadata[faucet_method_type]"]));

        // Stripe sends the player back before its webhook arrives: the page waits for the method.
        await page.GotoAsync("/?payment-method=saved");
        await Assertions.Expect(section.GetByRole(AriaRole.Status)).ToHaveTextAsync("Stripe is confirming your new method; it shows here in a moment.");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/#/tokens$"));
        var completed = stack.Stripe.FinishSetup("evt_browser_setup", session, "pm_card_visa__browser");
        using (var delivery = new HttpRequestMessage(HttpMethod.Post, "/webhooks/stripe") { Content = new StringContent(completed, Encoding.UTF8, "application/json") })
        {
            delivery.Headers.Add("Stripe-Signature", FakeStripe.Sign(completed, DateTimeOffset.UtcNow));
            using var answer = await stack.Api.Http.SendAsync(delivery);
            Assert.Contains("method_saved", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        await Assertions.Expect(section.GetByRole(AriaRole.Status)).ToHaveTextAsync("Visa card ending 4242 is saved as your default.", new() { Timeout = 20_000 });
        await Assertions.Expect(section.GetByRole(AriaRole.Listitem)).ToContainTextAsync("Visa card ending 4242, expires 12/2034 (default)");
        await PaymentMethodsPageTests.AssertNoSeriousViolationAsync(page, "tokens with a card saved through Stripe");

        // The saved card is preselected and pays at once; another choice goes to Stripe's checkout.
        await page.GetByLabel("Starter: 100 tokens for $0.99").CheckAsync();
        await Assertions.Expect(page.GetByLabel("Visa card ending 4242, expires 12/2034 (default)")).ToBeCheckedAsync();
        await page.GetByLabel("Another card or account, on Stripe's checkout page").CheckAsync();
        await Assertions.Expect(Button(page, "Continue to checkout")).ToBeVisibleAsync();
        await page.GetByLabel("Visa card ending 4242, expires 12/2034 (default)").CheckAsync();
        await Button(page, "Pay now").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("#/purchase/[0-9a-f]+$"));
        await Assertions.Expect(page.Locator("#purchase-status")).ToHaveTextAsync("Completed", new() { Timeout = 20_000 });
        var intent = stack.Stripe.Intents.Last();
        Assert.Equal(("pm_card_visa__browser", "99"), (intent["payment_method"], intent["amount"]));

        // Leaving Stripe's page adds nothing, and says so.
        await page.GotoAsync("/?payment-method=cancelled");
        await Assertions.Expect(section.GetByRole(AriaRole.Status)).ToHaveTextAsync("You left Stripe's page: no method was added.");
        await Assertions.Expect(section.GetByRole(AriaRole.Listitem)).ToHaveCountAsync(1);
    }
}
