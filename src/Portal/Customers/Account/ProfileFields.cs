using System.ComponentModel.DataAnnotations;
using Portal.Core.Customers;

namespace Portal.Customers.Account;

/// <summary>What a customer tells about themselves: asked at registration, edited on /account.</summary>
public abstract class ProfileFields
{
    [Required(ErrorMessage = "Enter your name.")]
    [StringLength(ProfileRules.MaxDisplayNameLength, ErrorMessage = "Names can be at most {1} characters.")]
    [Display(Name = "Name")]
    public string DisplayName { get; set; } = "";

    [PlausiblePhone(ErrorMessage = "Enter a phone number of 7 to 20 digits, spaces, + or -.")]
    [Display(Name = "Phone number")]
    public string? PhoneNumber { get; set; }

    [PlausibleBirthDate(ErrorMessage = "Enter a real birth date: not in the future and not more than 120 years ago.")]
    [Display(Name = "Birth date")]
    public DateOnly? BirthDate { get; set; }

    [Required(ErrorMessage = "Choose a language.")]
    [SupportedLanguage(ErrorMessage = "Choose a language.")]
    [Display(Name = "Preferred language")]
    public string PreferredLanguage { get; set; } = Languages.English;
}
