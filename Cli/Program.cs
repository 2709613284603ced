using Faucet.Cli;
using Spectre.Console;

return await FaucetCommandLine.RunAsync(args, AnsiConsole.Console, Console.Error);
