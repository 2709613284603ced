using System.Text.Json;
using System.Text.Json.Serialization;
using Faucet.Money;

namespace Faucet.Api.Json;

/// <summary>BAN travels as a decimal string ("2.1"): exact, and safe from clients that read numbers as doubles.</summary>
public sealed class BanAmountJsonConverter : JsonConverter<BanAmount>
{
    public override BanAmount Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException("an amount of BAN is a decimal string such as \"2.1\"");
        }
        return BanAmount.TryParse(reader.GetString(), out var amount, out var error) ? amount : throw new JsonValueException(error);
    }

    public override void Write(Utf8JsonWriter writer, BanAmount value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
}
