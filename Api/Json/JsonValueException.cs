using System.Text.Json;

namespace Faucet.Api.Json;

/// <summary>A JSON value of the right kind whose content is refused (an amount of BAN with a sign, an address with a
/// wrong checksum), with a message already in the API's words: <see cref="BindingProblems"/> passes it on.</summary>
public sealed class JsonValueException(string message, Exception? inner = null) : JsonException(message, inner);
