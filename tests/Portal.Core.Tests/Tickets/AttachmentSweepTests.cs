using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Tickets;

namespace Portal.Core.Tests.Tickets;

/// <summary>The "ticket-attachment-sweep" job's work: files an interrupted or failed save left behind go after an hour.</summary>
public class AttachmentSweepTests : IAsyncLifetime
{
    private CoreDatabase _db = null!;
    public async Task InitializeAsync() => _db = await CoreDatabase.CreateAsync();
    public async Task DisposeAsync() => await _db.DisposeAsync();

    private string Folder => _db.TicketOptions.AttachmentsDirectory;

    /// <summary>A file as a crash would leave it, last written <paramref name="age"/> before the clock's now.</summary>
    private string Leftover(TimeSpan age, string suffix = "")
    {
        Directory.CreateDirectory(Folder);
        var name = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)) + suffix;
        var path = Path.Combine(Folder, name);
        File.WriteAllBytes(path, AttachmentTests.Png[..5]);
        File.SetLastWriteTimeUtc(path, _db.UtcNow - age);
        return name;
    }

    private Task<int> SweepAsync() => _db.TicketsAsync(t => t.RemoveLeftoverFilesAsync(_db.UtcNow));

    private string[] FileNames() => Directory.GetFiles(Folder).Select(f => Path.GetFileName(f)!).Order().ToArray();

    [Fact]
    public async Task Part_files_and_files_without_an_attachment_go_once_an_hour_old()
    {
        Leftover(TimeSpan.FromHours(1), ".part");
        Leftover(TimeSpan.FromDays(3), ".part");
        Leftover(TimeSpan.FromHours(2));

        Assert.Equal(3, await SweepAsync());
        Assert.Empty(FileNames());
    }

    [Fact]
    public async Task Younger_files_are_kept_as_they_may_belong_to_a_save_under_way()
    {
        var part = Leftover(TimeSpan.FromMinutes(59), ".part");
        var named = Leftover(TimeSpan.FromMinutes(59));

        Assert.Equal(0, await SweepAsync());
        Assert.Equal(new[] { part, named }.Order(), FileNames());
    }

    [Fact]
    public async Task A_file_its_ticket_keeps_stays_however_old()
    {
        var customer = await _db.AddCustomerAsync();
        var result = await _db.TicketsAsync(t => t.CreateAsync(customer,
            new NewTicket("Receipt", TicketCategory.Orders, TicketPriority.Normal, "See the photo."),
            [new AttachmentUpload("receipt.png", new MemoryStream(AttachmentTests.Png))]));
        Assert.True(result.Succeeded);
        var kept = await _db.UseAsync<PortalDbContext, string>(c => c.Set<TicketAttachment>().Select(a => a.StoredName).SingleAsync());
        File.SetLastWriteTimeUtc(Path.Combine(Folder, kept), _db.UtcNow.AddDays(-30));
        Leftover(TimeSpan.FromDays(30));

        Assert.Equal(1, await SweepAsync());
        Assert.Equal([kept], FileNames());
    }

    [Fact]
    public async Task Files_the_store_did_not_write_are_left_alone()
    {
        Directory.CreateDirectory(Folder);
        var stranger = Path.Combine(Folder, "notes.txt");
        File.WriteAllText(stranger, "not an upload");
        File.SetLastWriteTimeUtc(stranger, _db.UtcNow.AddDays(-30));

        Assert.Equal(0, await SweepAsync());
        Assert.Equal(["notes.txt"], FileNames());
    }
}
