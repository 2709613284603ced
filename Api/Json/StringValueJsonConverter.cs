using System.Text.Json;
using System.Text.Json.Serialization;
using Faucet.Money;

namespace Faucet.Api.Json;

/// <summary>Block hashes and Banano addresses travel as their plain text.</summary>
public sealed class StringValueJsonConverter : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert == typeof(BlockHash) || typeToConvert == typeof(BananoAddress);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        typeToConvert == typeof(BlockHash)
            ? new Converter<BlockHash>(h => h.Value, BlockHash.Parse)
            : new Converter<BananoAddress>(a => a.Value, BananoAddress.Parse);

    private sealed class Converter<T>(Func<T, string> write, Func<string, T> read) : JsonConverter<T>
    {
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            try
            {
                return read(reader.GetString() ?? "");
            }
            catch (FormatException e)
            {
                throw new JsonValueException(e.Message, e);
            }
        }

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WriteStringValue(write(value));
    }
}
