using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;
using Portal.Core.Tickets;

namespace Portal.Tickets.Agent.CannedReplies;

/// <summary>The fields of a canned reply, shared by the add and edit forms.</summary>
public sealed class CannedReplyForm
{
    [Required(ErrorMessage = "Enter a short code such as /refund.")]
    [StringLength(CannedReply.MaxCodeLength, ErrorMessage = "Short codes can be at most {1} characters.")]
    [Display(Name = "Short code")]
    public string ShortCode { get; set; } = "";

    [Required(ErrorMessage = "Enter a title.")]
    [StringLength(CannedReply.MaxTitleLength, ErrorMessage = "Titles can be at most {1} characters.")]
    [Display(Name = "Title")]
    public string Title { get; set; } = "";

    [Required(ErrorMessage = "Write the English text.")]
    [StringLength(CannedReply.MaxBodyLength, ErrorMessage = "Texts can be at most {1} characters.")]
    [Display(Name = "Text in English")]
    public string BodyEn { get; set; } = "";

    [StringLength(CannedReply.MaxBodyLength, ErrorMessage = "Texts can be at most {1} characters.")]
    [Display(Name = "Text in Arabic (optional)")]
    public string? BodyAr { get; set; }

    public CannedReplyInput ToInput() => new(ShortCode, Title, BodyEn, BodyAr);

    public static CannedReplyForm From(CannedReply reply) => new()
    {
        ShortCode = reply.ShortCode, Title = reply.Title, BodyEn = reply.BodyEn, BodyAr = reply.BodyAr,
    };

    public void AddError(ModelStateDictionary state, CannedReplyError error, IStringLocalizer s)
    {
        var (field, message) = error switch
        {
            CannedReplyError.InvalidCode => ("ShortCode", s["Short codes are a slash and then letters, digits or dashes, such as /refund."]),
            CannedReplyError.DuplicateCode => ("ShortCode", s["Another canned reply already uses this short code."]),
            CannedReplyError.EmptyTitle or CannedReplyError.TitleTooLong => ("Title", s["Enter a title."]),
            CannedReplyError.NotFound => ("", s["That canned reply no longer exists."]),
            _ => ("BodyEn", s["Write the English text."]),
        };
        state.AddModelError(field.Length == 0 ? "" : "Input." + field, message);
    }
}
