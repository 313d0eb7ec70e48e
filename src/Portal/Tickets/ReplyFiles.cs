using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;
using Portal.Core.Tickets;
using Portal.Shell;

namespace Portal.Tickets;

/// <summary>
/// Files sent with a reply, by a customer, an agent or a visitor through the mailed link: the same limits as a new
/// ticket, checked before anything is read (count and size) and by content in <see cref="TicketService"/>.
/// </summary>
public static class ReplyFiles
{
    public const string Key = "Reply.Files";

    /// <summary>The files really chosen (an empty file input posts one nameless, empty part), or null with the error set.</summary>
    public static List<IFormFile>? Check(IEnumerable<IFormFile> posted, ModelStateDictionary state, IStringLocalizer s)
    {
        var files = posted.Where(f => f.Length > 0 || f.FileName.Length > 0).ToList();
        if (files.Count > TicketOptions.MaxFilesPerTicket) state.AddModelError(Key, s.Error(TicketError.TooManyFiles));
        else if (files.Any(f => f.Length > TicketOptions.MaxFileBytes)) state.AddModelError(Key, s.Error(TicketError.FileTooBig));
        else return files;
        return null;
    }

    public static async Task<TicketResult> SendAsync(IReadOnlyList<IFormFile> files, Func<IReadOnlyList<AttachmentUpload>, Task<TicketResult>> send)
    {
        var streams = files.Select(f => f.OpenReadStream()).ToList();
        try
        {
            return await send(files.Select((f, i) => new AttachmentUpload(f.FileName, streams[i])).ToList());
        }
        finally
        {
            foreach (var stream in streams) await stream.DisposeAsync();
        }
    }

    public static bool IsFileError(TicketError error) =>
        error is TicketError.TooManyFiles or TicketError.FileTooBig or TicketError.WrongFileType or TicketError.EmptyFile;
}
