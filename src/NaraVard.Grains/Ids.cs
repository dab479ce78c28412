using NaraVard.Domain;

namespace NaraVard.Grains;

/// <summary>New ids: a kind prefix and 12 random base32 characters (60 bits), easy to read aloud and to type.</summary>
public static class Ids
{
    private const string Alphabet = "abcdefghijkmnpqrstuvwxyz23456789";

    /// <summary>
    /// The id for a create: derived from the caller and its request id when there is one, so a retried create
    /// reaches the same grain and gets the first answer instead of making a second initiative.
    /// </summary>
    public static string ForCreate(string prefix, Actor by, string? requestId)
    {
        if (requestId is null)
        {
            return New(prefix);
        }

        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{by.Key}/{requestId}"));
        Span<char> chars = stackalloc char[12];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = Alphabet[hash[i] % Alphabet.Length];
        }

        return $"{prefix}-{chars}";
    }

    public static string New(string prefix)
    {
        Span<byte> bytes = stackalloc byte[12];
        System.Security.Cryptography.RandomNumberGenerator.Fill(bytes);
        Span<char> chars = stackalloc char[12];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = Alphabet[bytes[i] % Alphabet.Length];
        }

        return $"{prefix}-{chars}";
    }
}
