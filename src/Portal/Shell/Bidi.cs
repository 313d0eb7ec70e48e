namespace Portal.Shell;

/// <summary>
/// Text people typed (a ticket's subject, a name) or a code ("#1004") dropped into a sentence of the other direction
/// would reorder its neighbours: isolate it with Unicode's isolates, for plain text where no &lt;bdi&gt; can go
/// (notification titles and bodies, push, SMS, email subjects and text parts).
/// </summary>
public static class Bidi
{
    /// <summary>First-strong isolate: the text takes the direction of its own first letter.</summary>
    public static string Isolate(string? text) => "\u2068" + text + "\u2069";

    /// <summary>Left-to-right isolate, for numbers with signs, codes and ticket numbers.</summary>
    public static string Ltr(string? text) => "\u2066" + text + "\u2069";
}
