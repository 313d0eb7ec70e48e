using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using Portal.Core.Tickets;

namespace Portal.Tickets;

/// <summary>
/// Sends a stored attachment with the type detected at upload. PDFs always download (a PDF viewer is a big surface);
/// images may show inline. Never cached by shared caches, never sniffed.
/// </summary>
public static class TicketAttachmentResult
{
    public static IActionResult For(HttpResponse response, TicketAttachmentStore store, TicketAttachment attachment)
    {
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.CacheControl = "private, no-store";
        var disposition = new ContentDispositionHeaderValue(AttachmentSniffer.IsImage(attachment.ContentType) ? "inline" : "attachment");
        disposition.SetHttpFileName(attachment.OriginalName);
        response.Headers.ContentDisposition = disposition.ToString();
        return new FileStreamResult(store.OpenRead(attachment.StoredName), attachment.ContentType);
    }
}
