using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Administration;
using Portal.Core.Customers;
using Portal.Core.Tests.Administration;

namespace Portal.Core.Tests.Customers;

public class CustomerDirectoryTests : IAsyncLifetime
{
    private CoreDatabase _db = null!;
    private string _sam = "";

    public async Task InitializeAsync()
    {
        _db = await CoreDatabase.CreateAsync();
        _sam = await _db.AddPersonAsync("Sam Carter", "sam.carter@example.test", "+966 50 123 4567");
        await _db.AddPersonAsync("ليلى الحربي", "layla@example.test", "0551234567");
        await _db.AddPersonAsync("Adam Admin", "adam@example.test", roles: [Roles.Admin, Roles.Staff]);
        await _db.AddPersonAsync("100%_real", "percent@example.test");
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private Task<DirectoryPage> Search(string? text, int page = 1) =>
        _db.UseAsync(sp => sp.GetRequiredService<CustomerDirectory>().SearchAsync(text, page));

    [Theory]
    [InlineData("carter")]
    [InlineData("SAM C")]
    [InlineData("SAM.CARTER@EXAMPLE")]
    [InlineData("123 4567")]
    public async Task Finds_people_by_part_of_their_name_email_or_phone_ignoring_case(string text)
    {
        var page = await Search(text);

        Assert.Equal("Sam Carter", Assert.Single(page.People).DisplayName);
    }

    [Fact]
    public async Task Finds_arabic_names()
    {
        var page = await Search("الحربي");

        Assert.Equal("layla@example.test", Assert.Single(page.People).Email);
    }

    [Fact]
    public async Task Finds_one_person_by_customer_id_typed_with_spaces()
    {
        var number = (await _db.PersonAsync(_sam)).Number;

        var page = await Search(number.Grouped);

        var person = Assert.Single(page.People);
        Assert.Equal(_sam, person.Id);
        Assert.Equal(number.Grouped, person.GroupedNumber);
    }

    [Theory]
    [InlineData("%")]
    [InlineData("_")]
    public async Task Wildcards_in_the_search_are_taken_literally(string text)
    {
        var page = await Search(text);

        Assert.Equal("100%_real", Assert.Single(page.People).DisplayName);
    }

    [Fact]
    public async Task Results_are_ordered_by_name_with_roles_and_lock_state()
    {
        var page = await Search("");

        Assert.Equal(["100%_real", "Adam Admin", "Sam Carter", "ليلى الحربي"], page.People.Select(p => p.DisplayName));
        Assert.Equal([Roles.Customer, Roles.Staff, Roles.Admin], page.People[1].Roles);
        Assert.All(page.People, p => Assert.False(p.IsLocked));
    }

    [Fact]
    public async Task Results_come_twenty_to_a_page()
    {
        for (var i = 0; i < 25; i++) await _db.AddPersonAsync($"Test Person {i:00}", $"test{i}@example.test");

        var first = await Search("test person");
        var second = await Search("test person", 2);

        Assert.Equal(25, first.Total);
        Assert.Equal(20, first.People.Count);
        Assert.True(first.HasNext);
        Assert.Equal(5, second.People.Count);
        Assert.False(second.HasNext);
        Assert.Equal("Test Person 20", second.People[0].DisplayName);
    }

    [Theory]
    [InlineData("4821339017", true)]
    [InlineData("4821 3390 17", true)]
    [InlineData("4821-3390-17", true)]
    [InlineData("٤٨٢١٣٣٩٠١٧", true)]
    [InlineData("482133901", false)]
    [InlineData("48213390171", false)]
    [InlineData("+966 50 123 45", false)]
    [InlineData("Sam 4821339017", false)]
    [InlineData("۴۸۲۱۳۳۹۰۱۷", true)]
    [InlineData("४८२१३३९०१७", false)] // Devanagari: char.IsDigit says yes, but a Customer ID cannot be read from it
    [InlineData("", false)]
    public void Ten_digits_with_spaces_or_dashes_are_meant_as_a_Customer_ID(string text, bool expected) =>
        Assert.Equal(expected, CustomerDirectory.LooksLikeCustomerId(text));

    private Task<CustomerIdInterpretation> Interpret(string? text) =>
        _db.UseAsync(sp => sp.GetRequiredService<CustomerDirectory>().InterpretAsync(text));

    [Fact]
    public async Task A_Customer_ID_on_file_is_found_even_typed_in_Arabic_digits()
    {
        var number = (await _db.PersonAsync(_sam)).Number;
        var arabic = string.Concat(number.Value.Select(c => (char)('\u0660' + (c - '0'))));

        Assert.Equal(new CustomerIdInterpretation(CustomerIdReading.Found, number), await Interpret(number.Grouped));
        Assert.Equal(new CustomerIdInterpretation(CustomerIdReading.Found, number), await Interpret(arabic));
    }

    [Fact]
    public async Task A_Customer_ID_with_one_digit_mistyped_is_invalid()
    {
        var digits = (await _db.PersonAsync(_sam)).Number.Value.ToCharArray();
        digits[4] = digits[4] == '9' ? '0' : (char)(digits[4] + 1);

        var result = await Interpret(new string(digits));

        Assert.Equal(CustomerIdReading.Invalid, result.Reading);
        Assert.Null(result.Number);
    }

    [Fact]
    public async Task A_valid_Customer_ID_nobody_has_is_unknown()
    {
        var sam = (await _db.PersonAsync(_sam)).Number;
        CustomerNumber unused;
        do unused = CustomerNumber.NewRandom();
        while (unused == sam);

        Assert.Equal(new CustomerIdInterpretation(CustomerIdReading.Unknown, unused), await Interpret(unused.Value));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("carter")]
    [InlineData("+966 50 123 4567")]
    [InlineData("123 4567")]
    public async Task Other_text_is_not_a_Customer_ID(string? text) =>
        Assert.Equal(new CustomerIdInterpretation(CustomerIdReading.NotACustomerId), await Interpret(text));

    [Fact]
    public async Task Profile_lookup_by_customer_id_shows_the_details_and_lock_state()
    {
        var admin = await _db.AddPersonAsync("Olga Admin", "olga@example.test", roles: [Roles.Admin]);
        await _db.AdministerAsync(p => p.LockAsync(admin, _sam));
        var number = (await _db.PersonAsync(_sam)).Number;

        var details = await _db.UseAsync(sp => sp.GetRequiredService<CustomerDirectory>().FindAsync(number));

        Assert.NotNull(details);
        Assert.Equal("Sam Carter", details.DisplayName);
        Assert.Equal("+966 50 123 4567", details.PhoneNumber);
        Assert.True(details.IsLocked);
        Assert.Equal([Roles.Customer], details.Roles);
    }
}
