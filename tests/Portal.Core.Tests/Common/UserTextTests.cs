using Portal.Core.Common;

namespace Portal.Core.Tests.Common;

public class UserTextTests
{
    [Theory]
    [InlineData("invoice\u202Egnp.exe", "invoicegnp.exe")]
    [InlineData("\u202ASam\u202C \u202BCarter\u202D", "Sam Carter")]
    [InlineData("\u2066Nour\u2067\u2068\u2069", "Nour")]
    [InlineData("Na\u200Bme\u200C\u200D\u200E\u200F", "Name")]
    [InlineData("\uFEFFليلى\u061C الحربي", "ليلى الحربي")]
    [InlineData("a\u0000b\u0007c\u001Fd\u007Fe\u0085f\u009Fg", "abcde fg")]
    [InlineData("two\r\nlines\tand\u2028more\u2029end", "two  lines and more end")]
    [InlineData("  padded  ", "padded")]
    [InlineData(null, "")]
    public void Single_line_text_loses_invisible_formatting_controls_and_breaks(string? input, string expected) =>
        Assert.Equal(expected, UserText.SingleLine(input));

    [Theory]
    [InlineData("line one\r\nline two\n\ttabbed", "line one\r\nline two\n\ttabbed")]
    [InlineData("para\u2029next\u2028line", "para\nnext\nline")]
    [InlineData("see \u202Eevil\u202C here\u0000", "see evil here")]
    public void Multi_line_text_keeps_its_line_breaks_and_tabs(string input, string expected) =>
        Assert.Equal(expected, UserText.MultiLine(input));

    [Theory]
    [InlineData("Sam Carter")]
    [InlineData("مرحبا بكم 😀 — “quoted”")]
    [InlineData("👩‍💻")]
    public void Ordinary_text_comes_back_as_the_same_string(string input)
    {
        // U+200D joins emoji sequences; the policy drops it too, so a joined emoji becomes its parts.
        var expected = input.Replace("\u200D", "");
        Assert.Equal(expected, UserText.MultiLine(input));
        if (expected == input) Assert.Same(input, UserText.MultiLine(input));
    }
}
