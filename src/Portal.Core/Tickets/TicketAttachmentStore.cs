using System.Security.Cryptography;

namespace Portal.Core.Tickets;

/// <summary>Uploaded files on disk, outside the web root, under random names that say nothing about their content.</summary>
public sealed class TicketAttachmentStore(TicketOptions options)
{
    public sealed record Stored(string StoredName, string ContentType, long Size);

    /// <summary>
    /// Checks and writes one upload. The size is counted while copying (a declared length is not trusted);
    /// a refused file leaves nothing behind.
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
        var path = PathOf(name);
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
            }
            if (size > TicketOptions.MaxFileBytes)
            {
                Delete(name);
                return (null, TicketError.FileTooBig);
            }
            return (new Stored(name, type, size), null);
        }
        catch
        {
            Delete(name);
            throw;
        }
    }

    public Stream OpenRead(string storedName) =>
        new FileStream(PathOf(storedName), FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);

    public void Delete(string storedName)
    {
        try { File.Delete(PathOf(storedName)); } catch (IOException) { }
    }

    private string PathOf(string storedName)
    {
        // Names are ours (hex), but never let one step outside the folder.
        if (storedName.Length == 0 || !storedName.All(char.IsAsciiHexDigit)) throw new ArgumentException("Bad stored name.", nameof(storedName));
        return Path.Combine(options.AttachmentsDirectory, storedName);
    }
}
