using Faucet.Cli;
using Spectre.Console.Testing;

namespace Faucet.Tests.Cli;

/// <summary>Shell completion: the script the tool prints asks the tool, and the tool answers with what fits.</summary>
public sealed class CompletionTests
{
    private static async Task<(int Exit, string Output)> RunAsync(params string[] args)
    {
        var console = new TestConsole();
        using var error = new StringWriter();
        return (await FaucetCommandLine.RunAsync(args, console, error), console.Output);
    }

    [Fact]
    public async Task The_bash_script_asks_the_tool_which_answers_the_verbs_and_options_that_fit()
    {
        var (scriptExit, script) = await RunAsync("completion", "bash");
        var (verbsExit, verbs) = await RunAsync("[suggest:11]", "faucet vani");
        var (grindExit, grind) = await RunAsync("[suggest:28]", "faucet vanity grind ab --for");

        Assert.Equal((0, 0, 0), (scriptExit, verbsExit, grindExit));
        Assert.Contains("complete -o default -F _faucet_complete faucet", script, StringComparison.Ordinal);
        Assert.Contains("[suggest:${COMP_POINT}]", script, StringComparison.Ordinal);
        Assert.Equal(["vanity"], verbs.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Equal(["--format"], grind.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }
}
