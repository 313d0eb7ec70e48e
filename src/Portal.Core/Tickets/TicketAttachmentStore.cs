using System.Security.Cryptography;

namespace Portal.Core.Tickets;

/// <summary>
/// Uploaded files on disk, outside the web root, under random names that say nothing about their content.
/// An upload is written as "{name}.part" and takes its name only inside its ticket's transaction
/// (<see cref="Publish"/>), so a crash mid-upload leaves a ".part" file, never a file that looks kept.
/// Leftovers of either kind go with <see cref="TicketService.RemoveLeftoverFilesAsync"/>.
/// </summary>
public sealed class TicketAttachmentStore(TicketOptions options)
{
    private const string PartSuffix = ".part";

    /// <summary>An upload on disk as "{StoredName}.part" until <see cref="Publish"/>.</summary>
    public sealed record Stored(string StoredName, string ContentType, long Size);

    /// <summary>A file in the folder: <paramref name="IsPart"/> when it never took its name.</summary>
    public sealed record OnDisk(string StoredName, bool IsPart, DateTime LastWriteUtc);

    /// <summary>
    /// Checks and writes one upload under its temporary name, flushed to disk. The size is counted while copying
    /// (a declared length is not trusted); a refused file leaves nothing behind.
    /// </summary>
    public async Task<(Stored? File, TicketError? Error)> SaveAsync(string? fileName, Stream content, CancellationToken ct)
    {
        var header = new byte[AttachmentSniffer.HeaderLength];
        var read = 0;
        while (read < header.Length)
        {
            var n = await content.ReadAsync(header.AsMemory(read), ct);
            if (n == 0) break;
            read += n;
        }
        if (read == 0) return (null, TicketError.EmptyFile);
        if (AttachmentSniffer.Detect(header.AsSpan(0, read)) is not { } type || !AttachmentSniffer.NameMatches(fileName, type))
            return (null, TicketError.WrongFileType);

        Directory.CreateDirectory(options.AttachmentsDirectory);
        var name = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var path = PartPathOf(name);
        long size = read;
        try
        {
            await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                await file.WriteAsync(header.AsMemory(0, read), ct);
                var buffer = new byte[81920];
                int n;
                while ((n = await content.ReadAsync(buffer, ct)) > 0)
                {
                    size += n;
                    if (size > TicketOptions.MaxFileBytes) break;
                    await file.WriteAsync(buffer.AsMemory(0, n), ct);
                }
                // On the disk before the rename, so a crash after the commit cannot leave a named file cut short.
                if (size <= TicketOptions.MaxFileBytes)
                {
                    await file.FlushAsync(ct);
                    file.Flush(flushToDisk: true);
                }
            }
            if (size > TicketOptions.MaxFileBytes)
            {
                Discard(name);
                return (null, TicketError.FileTooBig);
            }
            return (new Stored(name, type, size), null);
        }
        catch
        {
            Discard(name);
            throw;
        }
    }

    /// <summary>Gives a saved upload its stored name: a rename within the folder, all or nothing.</summary>
    public void Publish(string storedName) => File.Move(PartPathOf(storedName), PathOf(storedName), overwrite: false);

    public Stream OpenRead(string storedName) =>
        new FileStream(PathOf(storedName), FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);

    /// <summary>Removes an upload whether or not it took its name.</summary>
    public void Discard(string storedName)
    {
        DeleteFile(PartPathOf(storedName));
        DeleteFile(PathOf(storedName));
    }

    /// <summary>Removes exactly the file listed by <see cref="Files"/>.</summary>
    public void Delete(OnDisk file) => DeleteFile(file.IsPart ? PartPathOf(file.StoredName) : PathOf(file.StoredName));

    /// <summary>The files the store wrote; anything else in the folder is left alone.</summary>
    public IReadOnlyList<OnDisk> Files()
    {
        if (!Directory.Exists(options.AttachmentsDirectory)) return [];
        var files = new List<OnDisk>();
        foreach (var path in Directory.EnumerateFiles(options.AttachmentsDirectory))
        {
            var fileName = Path.GetFileName(path);
            var isPart = fileName.EndsWith(PartSuffix, StringComparison.Ordinal);
            var name = isPart ? fileName[..^PartSuffix.Length] : fileName;
            if (!IsStoredName(name)) continue;
            files.Add(new OnDisk(name, isPart, File.GetLastWriteTimeUtc(path)));
        }
        return files;
    }

    private static void DeleteFile(string path)
    {
        try { File.Delete(path); } catch (IOException) { }
    }

    private string PartPathOf(string storedName) => PathOf(storedName) + PartSuffix;

    private string PathOf(string storedName)
    {
        // Names are ours (hex), but never let one step outside the folder.
        if (!IsStoredName(storedName)) throw new ArgumentException("Bad stored name.", nameof(storedName));
        return Path.Combine(options.AttachmentsDirectory, storedName);
    }

    private static bool IsStoredName(string name) => name.Length > 0 && name.All(char.IsAsciiHexDigit);
}
