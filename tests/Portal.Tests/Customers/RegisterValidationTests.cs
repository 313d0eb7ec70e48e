using System.Net;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Customers;

public class RegisterValidationTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Register_validation_messages_are_localized_in_Arabic()
    {
        using var client = factory.NewClient();
        var fields = AccountTestKit.RegisterFields("not-an-email", confirm: "something else");
        fields["Input.DisplayName"] = "";
        fields["Input.PhoneNumber"] = "call me";
        fields["Input.BirthDate"] = DateTime.Today.AddDays(2).ToString("yyyy-MM-dd");

        var response = await client.RegisterAsync(fields, "/account/register?culture=ar");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doc = await PortalClient.ParseAsync(response);
        Assert.Equal("rtl", doc.DocumentElement.GetAttribute("dir"));
        Assert.Equal("أدخل اسمك.", doc.Text("#Input_DisplayName-error"));
        Assert.Equal("أدخل بريداً إلكترونياً صحيحاً.", doc.Text("#Input_Email-error"));
        Assert.Equal("أدخل رقم هاتف صحيحًا: من 7 إلى 20 خانةً من الأرقام والمسافات والرمزين + و -.", doc.Text("#Input_PhoneNumber-error"));
        Assert.Equal("أدخل تاريخ ميلاد صحيحًا: لا يكون في المستقبل ولا قبل أكثر من 120 عامًا.", doc.Text("#Input_BirthDate-error"));
        Assert.Equal("كلمتا المرور غير متطابقتين.", doc.Text("#Input_ConfirmPassword-error"));
    }

    [Fact]
    public async Task A_birth_date_more_than_120_years_ago_is_refused()
    {
        using var client = factory.NewClient();
        var before = await factory.CountUsersAsync();
        var fields = AccountTestKit.RegisterFields(AccountTestKit.NewEmail());
        fields["Input.BirthDate"] = DateTime.Today.AddYears(-121).ToString("yyyy-MM-dd");

        var doc = await PortalClient.ParseAsync(await client.RegisterAsync(fields));

        Assert.Equal("Enter a real birth date: not in the future and not more than 120 years ago.", doc.Text("#Input_BirthDate-error"));
        Assert.Equal(before, await factory.CountUsersAsync());
    }

    [Fact]
    public async Task A_name_longer_than_100_characters_is_refused()
    {
        using var client = factory.NewClient();
        var fields = AccountTestKit.RegisterFields(AccountTestKit.NewEmail());
        fields["Input.DisplayName"] = new string('n', 101);

        var doc = await PortalClient.ParseAsync(await client.RegisterAsync(fields));

        Assert.Equal("Names can be at most 100 characters.", doc.Text("#Input_DisplayName-error"));
    }
}
