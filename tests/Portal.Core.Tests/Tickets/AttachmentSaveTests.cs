using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Data;
using Portal.Core.Tickets;

namespace Portal.Core.Tests.Tickets;

/// <summary>An upload is a ".part" file until its ticket's rows are written, and goes when they are not committed.</summary>
public class AttachmentSaveTests : IAsyncLifetime
{
    private CoreDatabase _db = null!;
    private readonly FailingSave _failingSave = new();
    private readonly FailingCommit _failingCommit = new();

    public async Task InitializeAsync() =>
        _db = await CoreDatabase.CreateAsync(configure: services =>
            services.ConfigureDbContext<SqlitePortalDbContext>(o => o.AddInterceptors(_failingSave, _failingCommit)));

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private string Folder => _db.TicketOptions.AttachmentsDirectory;

    private string[] FileNames() =>
        Directory.Exists(Folder) ? Directory.GetFiles(Folder).Select(f => Path.GetFileName(f)!).Order().ToArray() : [];

    private async Task<TicketResult> CreateWithTwoFilesAsync() =>
        await _db.TicketsAsync(async t => await t.CreateAsync(await _db.AddCustomerAsync(),
            new NewTicket("Receipts", TicketCategory.Orders, TicketPriority.Normal, "Both attached."),
            [new AttachmentUpload("one.png", new MemoryStream(AttachmentTests.Png)), new AttachmentUpload("two.png", new MemoryStream(AttachmentTests.Png))]));

    [Fact]
    public async Task A_saved_ticket_leaves_exactly_its_files_under_their_stored_names()
    {
        var result = await CreateWithTwoFilesAsync();

        Assert.True(result.Succeeded);
        var stored = await _db.UseAsync<PortalDbContext, List<string>>(c => c.Set<TicketAttachment>().Select(a => a.StoredName).ToListAsync());
        Assert.Equal(2, stored.Count);
        Assert.Equal(stored.Order(), FileNames());
        Assert.Equal(AttachmentTests.Png, await File.ReadAllBytesAsync(Path.Combine(Folder, stored[0])));
    }

    [Fact]
    public async Task Until_its_ticket_is_saved_an_upload_is_only_a_part_file()
    {
        var (file, error) = await _db.UseAsync<TicketAttachmentStore, (TicketAttachmentStore.Stored?, TicketError?)>(
            store => store.SaveAsync("scan.png", new MemoryStream(AttachmentTests.Png), CancellationToken.None));

        Assert.Null(error);
        Assert.Equal([file!.StoredName + ".part"], FileNames());
    }

    [Fact]
    public async Task A_ticket_whose_rows_fail_to_save_leaves_no_files()
    {
        _failingSave.Armed = true;

        await Assert.ThrowsAsync<SimulatedFailure>(CreateWithTwoFilesAsync);

        Assert.Equal(0, await _db.CountAsync<Ticket>());
        Assert.Empty(FileNames());
    }

    [Fact]
    public async Task A_ticket_whose_commit_fails_leaves_no_files()
    {
        _failingCommit.Folder = Folder;
        _failingCommit.Armed = true;

        await Assert.ThrowsAsync<SimulatedFailure>(CreateWithTwoFilesAsync);

        // The files had their names before the commit, so a committed row always finds its file.
        var atCommit = Assert.Single(_failingCommit.FilesAtCommit);
        Assert.Equal(2, atCommit.Length);
        Assert.DoesNotContain(atCommit, f => f.EndsWith(".part", StringComparison.Ordinal));
        Assert.Equal(0, await _db.CountAsync<Ticket>());
        Assert.Empty(FileNames());
    }

    private sealed class SimulatedFailure() : Exception("Simulated failure.");

    /// <summary>Fails the save that writes attachment rows, once armed.</summary>
    private sealed class FailingSave : SaveChangesInterceptor
    {
        public bool Armed { get; set; }

        public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken ct = default) =>
            Armed && eventData.Context!.ChangeTracker.Entries<TicketAttachment>().Any(e => e.State == EntityState.Added)
                ? throw new SimulatedFailure()
                : ValueTask.FromResult(result);
    }

    /// <summary>Fails the commit of a transaction that wrote attachment rows, once armed, noting the folder at that moment.</summary>
    private sealed class FailingCommit : DbTransactionInterceptor
    {
        public bool Armed { get; set; }
        public string Folder { get; set; } = "";
        public List<string[]> FilesAtCommit { get; } = [];

        public override ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken ct = default)
        {
            if (!Armed || eventData.Context?.ChangeTracker.Entries<TicketAttachment>().Any() != true) return ValueTask.FromResult(result);
            FilesAtCommit.Add(Directory.GetFiles(Folder).Select(f => Path.GetFileName(f)!).ToArray());
            throw new SimulatedFailure();
        }
    }
}
