using Portal.Core.Tickets;

namespace Portal.Core.Tests.Tickets;

public class AttachmentTests : IAsyncLifetime
{
    private CoreDatabase _db = null!;
    public async Task InitializeAsync() => _db = await CoreDatabase.CreateAsync();
    public async Task DisposeAsync() => await _db.DisposeAsync();

    public static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52];
    public static readonly byte[] Exe = [(byte)'M', (byte)'Z', 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xFF, 0xFF];

    [Theory]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0 }, "image/png")]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10 }, "image/jpeg")]
    [InlineData(new byte[] { (byte)'G', (byte)'I', (byte)'F', (byte)'8', (byte)'9', (byte)'a', 1 }, "image/gif")]
    [InlineData(new byte[] { (byte)'R', (byte)'I', (byte)'F', (byte)'F', 0, 0, 0, 0, (byte)'W', (byte)'E', (byte)'B', (byte)'P' }, "image/webp")]
    [InlineData(new byte[] { (byte)'%', (byte)'P', (byte)'D', (byte)'F', (byte)'-', (byte)'1', (byte)'.', (byte)'7' }, "application/pdf")]
    public void The_type_comes_from_the_first_bytes(byte[] header, string expected) =>
        Assert.Equal(expected, AttachmentSniffer.Detect(header));

    [Theory]
    [InlineData(new byte[] { (byte)'M', (byte)'Z', 0x90, 0 })]
    [InlineData(new byte[] { (byte)'<', (byte)'s', (byte)'v', (byte)'g', (byte)' ' })]
    [InlineData(new byte[] { (byte)'R', (byte)'I', (byte)'F', (byte)'F', 0, 0, 0, 0, (byte)'W', (byte)'A', (byte)'V', (byte)'E' })]
    [InlineData(new byte[] { 0x89, 0x50 })]
    public void Anything_else_is_refused(byte[] header) => Assert.Null(AttachmentSniffer.Detect(header));

    [Fact]
    public async Task A_png_is_stored_with_its_detected_type_and_size()
    {
        var customer = await _db.AddCustomerAsync();
        var result = await _db.TicketsAsync(t => t.CreateAsync(customer,
            new NewTicket("Receipt", TicketCategory.Orders, TicketPriority.Normal, "See the photo."),
            [new AttachmentUpload("receipt.PNG", new MemoryStream(Png))]));

        Assert.True(result.Succeeded);
        var view = await _db.QueryAsync(q => q.ViewAsync(customer, result.Ticket!.Number));
        var file = Assert.Single(view!.Attachments);
        Assert.Equal("image/png", file.ContentType);
        Assert.Equal("receipt.png", file.OriginalName);
        Assert.Equal(Png.Length, file.Size);
        var stored = Assert.Single(Directory.GetFiles(_db.TicketOptions.AttachmentsDirectory));
        Assert.DoesNotContain("receipt", stored);
    }

    [Fact]
    public async Task A_png_named_pdf_is_refused()
    {
        var customer = await _db.AddCustomerAsync();
        var result = await _db.TicketsAsync(t => t.CreateAsync(customer,
            new NewTicket("Receipt", TicketCategory.Orders, TicketPriority.Normal, "See the file."),
            [new AttachmentUpload("receipt.pdf", new MemoryStream(Png))]));

        Assert.Equal(TicketError.WrongFileType, result.Error);
        Assert.Equal(0, await _db.CountAsync<Ticket>());
    }

    [Theory]
    [InlineData("scan", "image/png", true)]
    [InlineData("scan.jpeg", "image/jpeg", true)]
    [InlineData("scan.exe", "image/png", false)]
    [InlineData("scan.png", "application/pdf", false)]
    public void A_name_may_leave_out_the_extension_but_not_contradict_the_content(string name, string type, bool ok) =>
        Assert.Equal(ok, AttachmentSniffer.NameMatches(name, type));

    [Fact]
    public async Task A_program_named_png_is_refused_and_nothing_is_kept()
    {
        var customer = await _db.AddCustomerAsync();
        var result = await _db.TicketsAsync(t => t.CreateAsync(customer,
            new NewTicket("Photo", TicketCategory.Other, TicketPriority.Normal, "Attached."),
            [new AttachmentUpload("ok.png", new MemoryStream(Png)), new AttachmentUpload("photo.png", new MemoryStream(Exe))]));

        Assert.Equal(TicketError.WrongFileType, result.Error);
        Assert.Equal(0, await _db.CountAsync<Ticket>());
        Assert.Empty(Directory.Exists(_db.TicketOptions.AttachmentsDirectory) ? Directory.GetFiles(_db.TicketOptions.AttachmentsDirectory) : []);
    }

    [Fact]
    public async Task A_file_over_five_megabytes_is_refused_whatever_its_declared_size()
    {
        var big = new byte[TicketOptions.MaxFileBytes + 1];
        Png.CopyTo(big, 0);
        var customer = await _db.AddCustomerAsync();

        var result = await _db.TicketsAsync(t => t.CreateAsync(customer,
            new NewTicket("Scan", TicketCategory.Other, TicketPriority.Normal, "Big one."),
            [new AttachmentUpload("scan.png", new MemoryStream(big))]));

        Assert.Equal(TicketError.FileTooBig, result.Error);
        Assert.Empty(Directory.GetFiles(_db.TicketOptions.AttachmentsDirectory));
    }

    [Fact]
    public async Task Exactly_five_megabytes_is_accepted()
    {
        var max = new byte[TicketOptions.MaxFileBytes];
        Png.CopyTo(max, 0);
        var customer = await _db.AddCustomerAsync();

        var result = await _db.TicketsAsync(t => t.CreateAsync(customer,
            new NewTicket("Scan", TicketCategory.Other, TicketPriority.Normal, "Just fits."),
            [new AttachmentUpload("scan.png", new MemoryStream(max))]));

        Assert.True(result.Succeeded);
    }

    [Fact]
    public async Task Four_files_are_refused()
    {
        var customer = await _db.AddCustomerAsync();
        var files = Enumerable.Range(0, 4).Select(i => new AttachmentUpload($"{i}.png", new MemoryStream(Png))).ToList();

        var result = await _db.TicketsAsync(t => t.CreateAsync(customer,
            new NewTicket("Photos", TicketCategory.Other, TicketPriority.Normal, "Four."), files));

        Assert.Equal(TicketError.TooManyFiles, result.Error);
        Assert.Equal(0, await _db.CountAsync<Ticket>());
    }

    [Theory]
    [InlineData("../../etc/passwd.png", "image/png", "passwd.png")]
    [InlineData("C:\\Users\\me\\scan.PDF", "application/pdf", "scan.pdf")]
    [InlineData("", "image/jpeg", "attachment.jpg")]
    public void Shown_names_lose_folders_and_get_the_detected_extension(string name, string type, string expected) =>
        Assert.Equal(expected, TicketService.SafeFileName(name, type));
}
