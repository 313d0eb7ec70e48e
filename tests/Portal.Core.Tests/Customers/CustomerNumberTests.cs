using Portal.Core.Customers;

namespace Portal.Core.Tests.Customers;

public class CustomerNumberTests
{
    [Fact]
    public void New_numbers_are_ten_digits_without_a_leading_zero_and_pass_their_own_check()
    {
        for (var i = 0; i < 1_000; i++)
        {
            var n = CustomerNumber.NewRandom();
            Assert.Equal(10, n.Value.Length);
            Assert.NotEqual('0', n.Value[0]);
            Assert.True(CustomerNumber.TryParse(n.Value, out var parsed));
            Assert.Equal(n, parsed);
        }
    }

    [Fact]
    public void Every_single_mistyped_digit_is_rejected()
    {
        for (var i = 0; i < 200; i++)
        {
            var digits = CustomerNumber.NewRandom().Value.ToCharArray();
            for (var pos = 0; pos < digits.Length; pos++)
            {
                var original = digits[pos];
                for (var d = '0'; d <= '9'; d++)
                {
                    if (d == original) continue;
                    digits[pos] = d;
                    Assert.False(CustomerNumber.TryParse(new string(digits), out _), $"{new string(digits)} was accepted");
                }
                digits[pos] = original;
            }
        }
    }

    [Fact]
    public void Every_swap_of_two_different_neighbours_is_rejected_including_09_and_90()
    {
        // 09 <-> 90 is the swap Luhn misses; Damm does not.
        for (var i = 0; i < 500; i++)
        {
            var digits = CustomerNumber.NewRandom().Value.ToCharArray();
            for (var pos = 0; pos < digits.Length - 1; pos++)
            {
                if (digits[pos] == digits[pos + 1]) continue;
                var swapped = (char[])digits.Clone();
                (swapped[pos], swapped[pos + 1]) = (swapped[pos + 1], swapped[pos]);
                Assert.False(CustomerNumber.TryParse(new string(swapped), out _), $"{new string(swapped)} was accepted");
            }
        }
        var with09 = WithCheckDigit("109000000");
        var swapped09 = "190" + with09[3..];
        Assert.True(CustomerNumber.TryParse(with09, out _));
        Assert.False(CustomerNumber.TryParse(swapped09, out _));
    }

    [Theory]
    [InlineData(" {0} ")]
    [InlineData("{0:4-4-2}")]
    [InlineData("{0:grouped}")]
    public void Spaces_and_dashes_people_type_are_accepted(string shape)
    {
        var n = CustomerNumber.NewRandom();
        var typed = shape switch
        {
            "{0:4-4-2}" => $"{n.Value[..4]}-{n.Value[4..8]}-{n.Value[8..]}",
            "{0:grouped}" => n.Grouped,
            _ => string.Format(shape, n.Value),
        };
        Assert.True(CustomerNumber.TryParse(typed, out var parsed));
        Assert.Equal(n.Value, parsed.Value);
    }

    [Fact]
    public void Arabic_Indic_digits_are_read_as_digits()
    {
        var n = CustomerNumber.NewRandom();
        var arabic = new string(n.Value.Select(c => (char)('\u0660' + (c - '0'))).ToArray());
        Assert.True(CustomerNumber.TryParse(arabic, out var parsed));
        Assert.Equal(n.Value, parsed.Value);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("123456789")]
    [InlineData("12345678901")]
    [InlineData("12345a7890")]
    [InlineData("+1234567890")]
    public void Wrong_shapes_are_rejected(string? input) => Assert.False(CustomerNumber.TryParse(input, out _));

    [Fact]
    public void Grouped_form_reads_4_4_2()
    {
        var n = CustomerNumber.Parse(WithCheckDigit("482133901"));
        Assert.Equal($"4821 3390 1{n.Value[9]}", n.Grouped);
        Assert.Equal(n.Value, n.ToString());
    }

    [Fact]
    public void Parse_throws_on_an_invalid_number() =>
        Assert.Throws<FormatException>(() => CustomerNumber.Parse("1234567890" == WithCheckDigit("123456789") ? "1234567891" : "1234567890"));

    private static string WithCheckDigit(string nine) => nine + CustomerNumber.CheckDigit(nine);
}
