namespace Faucet.Tests.Browser;

/// <summary>The two widths every page is tried at: a phone's 390 pixels and a desktop's 1280.</summary>
public enum Viewport
{
    Phone,
    Desktop,
}
