using System.CommandLine;
using Spectre.Console;

namespace Faucet.Cli;

/// <summary>
/// The <c>faucet</c> command line. Every verb answers <c>--help</c>; data comes as tables, or as one JSON document with
/// <c>--json</c>; the exit code says what happened: 0 done, 1 it failed (a key that is not the did's, a search that
/// found nothing), 2 the command line itself was wrong (an unknown verb, a pattern no did:key can show). A problem is
/// one line on standard error, never a stack trace.
/// </summary>
public static class FaucetCommandLine
{
    public const int Done = 0;
    public const int Failed = 1;
    public const int BadUsage = 2;

    /// <param name="environment">Where settings such as FAUCET_URL come from (the process's environment).</param>
    public static RootCommand Build(IAnsiConsole console, TextWriter error, Func<string, string?>? environment = null)
    {
        var root = new RootCommand("Faucet: vanity did:keys offline, the operator's console over the admin API, and backups that are checked on restore.");
        root.Subcommands.Add(VanityCommands.Build(console, error));
        root.Subcommands.Add(Completion(console));
        foreach (var command in OperatorCommands.Build(console, environment ?? Environment.GetEnvironmentVariable)
            .Concat(BackupCommands.Build(console, environment ?? Environment.GetEnvironmentVariable)))
        {
            root.Subcommands.Add(command);
        }
        return root;
    }

    /// <summary>
    /// Completion for bash (and zsh after <c>bashcompinit</c>): the shell asks the tool itself, through the parser's
    /// <c>[suggest:position]</c> directive, which verbs and options fit where the cursor is, so it is never out of step
    /// with the commands.
    /// </summary>
    private const string BashCompletion = """
        # faucet's completion for bash: add  eval "$(faucet completion bash)"  to ~/.bashrc
        _faucet_complete() {
          local IFS=$'\n'
          COMPREPLY=($(compgen -W "$(faucet "[suggest:${COMP_POINT}]" "${COMP_LINE}" 2>/dev/null)" -- "${COMP_WORDS[COMP_CWORD]}"))
        }
        complete -o default -F _faucet_complete faucet

        """;

    private static Command Completion(IAnsiConsole console)
    {
        var shell = new Argument<string>("shell") { Description = "The shell: bash (zsh: after autoload bashcompinit; bashcompinit)." };
        shell.AcceptOnlyFromAmong("bash");
        var completion = new Command("completion", "Prints the shell script that completes faucet's verbs and options.") { shell };
        completion.SetAction(_ =>
        {
            console.Profile.Out.Writer.Write(BashCompletion);
            return Done;
        });
        return completion;
    }

    public static async Task<int> RunAsync(string[] args, IAnsiConsole console, TextWriter error,
        Func<string, string?>? environment = null, CancellationToken cancellationToken = default)
    {
        var parsed = Build(console, error, environment).Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var problem in parsed.Errors)
            {
                await error.WriteLineAsync("faucet: " + problem.Message);
            }
            await error.WriteLineAsync("faucet: see faucet --help");
            return BadUsage;
        }
        // A problem the commands raise is one line here, never the parser's stack trace.
        var invocation = new InvocationConfiguration { Output = console.Profile.Out.Writer, Error = error, EnableDefaultExceptionHandler = false };
        try
        {
            return await parsed.InvokeAsync(invocation, cancellationToken);
        }
        catch (UsageException e)
        {
            await error.WriteLineAsync("faucet: " + e.Message);
            return BadUsage;
        }
        catch (FailedException e)
        {
            await error.WriteLineAsync("faucet: " + e.Message);
            return Failed;
        }
        catch (OperationCanceledException)
        {
            await error.WriteLineAsync("faucet: interrupted.");
            return Failed;
        }
        catch (Npgsql.NpgsqlException e)
        {
            await error.WriteLineAsync("faucet: the database: " + FirstLine(e.Message));
            return Failed;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Whatever else went wrong (a file that cannot be written, an answer of an unexpected shape) is still one
            // line, never a stack trace or a dump of the process with its token in it.
            await error.WriteLineAsync("faucet: " + FirstLine(e.Message));
            return Failed;
        }
    }

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();
}

/// <summary>The command line asked for something that cannot be (exit 2).</summary>
public sealed class UsageException(string message) : Exception(message);

/// <summary>What was asked could not be done (exit 1).</summary>
public sealed class FailedException(string message) : Exception(message);
