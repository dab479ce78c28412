namespace NaraVard.Domain.Tests;

/// <summary>What a title or a comment may contain, and how long it is as people count.</summary>
public sealed class TextRuleTests
{
    [Theory]
    [InlineData("Kommunal\u0000primärvård", "control characters")]
    [InlineData("Rad ett\nrad två", "control characters or line breaks")]
    [InlineData("\u001B[31mRöd\u001B[0m", "control characters")]
    [InlineData("Avtal \u202Egnidnib", "bidirectional override")]
    [InlineData("Hemsjuk\u200Bvård", "zero-width")]
    [InlineData("Rad ett\u2028rad två", "line breaks")]
    [InlineData("Avtal\u200F 2027", "bidirectional marks")]
    [InlineData("Genom\u00ADförande", "soft hyphens")]
    [InlineData("Hemtjänst\U000E0041\U000E0042", "tag characters")]
    [InlineData("\u3164", "invisible filler")]
    [InlineData("Mo\u0301\u0302\u0303\u0304\u0305\u0306tala", "combining marks")]
    public void Line_WithHiddenOrReorderingCharacters_IsRefusedNamingTheFieldAndTheRule(string title, string rule)
    {
        var error = Assert.Throws<DomainException>(() => Limits.Line(title, "title", Limits.Title));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.StartsWith("title: must not contain ", error.Message, StringComparison.Ordinal);
        Assert.Contains(rule, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_WithNewlinesAndTabs_IsKept_ButOtherControlsAreRefused()
    {
        Assert.Equal("Rad ett\n\tRad två", Limits.Text("Rad ett\n\tRad två", "comment", Limits.Comment));

        var error = Assert.Throws<DomainException>(() => Limits.Text("Klart\u0007", "comment", Limits.Comment));
        Assert.StartsWith("comment: must not contain control characters other than newlines and tabs", error.Message, StringComparison.Ordinal);
        Assert.Throws<DomainException>(() => Limits.Text("\u2066isolerat\u2069", "comment", Limits.Comment));
    }

    [Fact]
    public void Length_IsCountedInCharactersAsPeopleSeeThem()
    {
        var emoji = string.Concat(Enumerable.Repeat("😀", 200));  // 400 UTF-16 units
        var accented = string.Concat(Enumerable.Repeat("e\u0301", 200)); // é as e + combining accent

        Assert.Equal(emoji, Limits.Line(emoji, "title", Limits.Title));
        Assert.Equal(accented, Limits.Line(accented, "title", Limits.Title));
        var error = Assert.Throws<DomainException>(() => Limits.Line(emoji + "😀", "title", Limits.Title));
        Assert.Equal("title: must be at most 200 characters (was 201)", error.Message);
    }
}
