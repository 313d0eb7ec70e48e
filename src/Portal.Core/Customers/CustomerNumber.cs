using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Portal.Core.Common;

namespace Portal.Core.Customers;

/// <summary>
/// A Customer ID: ten digits, the last a Damm check digit. Damm (unlike Luhn) catches every
/// single-digit error and every swap of two neighbouring digits, including 09/90.
/// </summary>
public readonly record struct CustomerNumber
{
    public const int Length = 10;

    private static readonly byte[,] DammTable =
    {
        { 0, 3, 1, 7, 5, 9, 8, 6, 4, 2 },
        { 7, 0, 9, 2, 1, 5, 4, 8, 6, 3 },
        { 4, 2, 0, 6, 8, 7, 1, 3, 5, 9 },
        { 1, 7, 5, 0, 9, 8, 3, 4, 2, 6 },
        { 6, 1, 2, 3, 0, 4, 5, 9, 7, 8 },
        { 3, 6, 7, 4, 2, 0, 9, 5, 8, 1 },
        { 5, 8, 6, 9, 7, 2, 0, 1, 3, 4 },
        { 8, 9, 4, 5, 3, 6, 2, 0, 1, 7 },
        { 9, 4, 3, 8, 6, 1, 7, 2, 0, 5 },
        { 2, 5, 8, 1, 4, 3, 6, 7, 9, 0 },
    };

    private CustomerNumber(string digits) => Value = digits;

    /// <summary>The ten digits, no spaces: what is stored and encoded in the QR code.</summary>
    public string Value { get; }

    /// <summary>Grouped for reading aloud and typing: <c>4821 3390 17</c>.</summary>
    public string Grouped => $"{Value[..4]} {Value[4..8]} {Value[8..]}";

    public override string ToString() => Value;

    /// <summary>A new random number with a leading non-zero digit and a valid check digit.</summary>
    public static CustomerNumber NewRandom()
    {
        Span<char> digits = stackalloc char[Length];
        digits[0] = (char)('1' + RandomNumberGenerator.GetInt32(9));
        for (var i = 1; i < Length - 1; i++)
            digits[i] = (char)('0' + RandomNumberGenerator.GetInt32(10));
        digits[Length - 1] = (char)('0' + CheckDigit(digits[..(Length - 1)]));
        return new CustomerNumber(new string(digits));
    }

    /// <summary>
    /// Accepts what people type: spaces, dashes and Arabic-Indic digits are fine; anything else,
    /// a wrong length or a failed check digit is not.
    /// </summary>
    public static bool TryParse([NotNullWhen(true)] string? input, out CustomerNumber number)
    {
        number = default;
        if (string.IsNullOrWhiteSpace(input)) return false;
        Span<char> digits = stackalloc char[Length];
        var count = 0;
        foreach (var c in input)
        {
            if (c is ' ' or '-' or '\u00A0') continue;
            var d = Digits.Value(c);
            if (d < 0 || count == Length) return false;
            digits[count++] = (char)('0' + d);
        }
        if (count != Length || !IsValid(digits)) return false;
        number = new CustomerNumber(new string(digits));
        return true;
    }

    public static CustomerNumber Parse(string input) =>
        TryParse(input, out var n) ? n : throw new FormatException("Not a valid Customer ID.");

    internal static int CheckDigit(ReadOnlySpan<char> digits)
    {
        var interim = 0;
        foreach (var c in digits) interim = DammTable[interim, c - '0'];
        return interim;
    }

    private static bool IsValid(ReadOnlySpan<char> digits) => CheckDigit(digits) == 0;
}
