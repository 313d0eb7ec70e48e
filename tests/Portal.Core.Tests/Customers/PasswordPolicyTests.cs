using Portal.Core.Customers;

namespace Portal.Core.Tests.Customers;

public class PasswordPolicyTests
{
    [Fact]
    public void The_shipped_list_holds_the_ten_thousand_most_common_passwords()
    {
        // The file has 10,000 lines; a few differ only in letter case ("Password", "PASSWORD"), which count once.
        Assert.InRange(PasswordPolicy.CommonPasswordCount, 9_500, 10_000);
        Assert.True(PasswordPolicy.IsCommon("123456"));
        Assert.True(PasswordPolicy.IsCommon("brady"));
    }

    [Theory]
    [InlineData("password1")]
    [InlineData("PASSWORD1")]
    [InlineData("Sunshine")]
    [InlineData("qwertyuiop")]
    [InlineData("iloveyou")]
    public void Common_passwords_are_refused_whatever_their_case(string password) =>
        Assert.True(PasswordPolicy.IsCommon(password));

    [Theory]
    [InlineData("correct horse battery")]
    [InlineData("كلمةالسر")]
    [InlineData("password1 but longer")]
    public void Uncommon_passwords_pass(string password) => Assert.False(PasswordPolicy.IsCommon(password));

    [Theory]
    [InlineData("nour.haddad@example.test", "nour.haddad2026")]
    [InlineData("nour.haddad@example.test", "my NOUR.HADDAD pass")]
    [InlineData("sam+shop@example.test", "sam+shop-secret")]
    [InlineData("sam+shop@example.test", "secret-SAM-word")]
    public void A_password_containing_the_email_name_is_refused(string email, string password) =>
        Assert.True(PasswordPolicy.ContainsEmailName(password, email));

    [Theory]
    [InlineData("jo@example.test", "jolly good fellows")]
    [InlineData("al@example.test", "always a long one")]
    [InlineData("nour.haddad@example.test", "haddad-less but nour")]
    [InlineData(null, "anything at all")]
    public void Short_email_names_and_other_words_do_not_count(string? email, string password) =>
        Assert.False(PasswordPolicy.ContainsEmailName(password, email));
}
