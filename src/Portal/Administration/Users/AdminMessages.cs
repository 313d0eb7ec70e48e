using Microsoft.Extensions.Localization;
using Portal.Core.Administration;

namespace Portal.Administration.Users;

/// <summary>The words for each refusal from <see cref="PeopleAdministration"/>.</summary>
public static class AdminMessages
{
    public static string For(IStringLocalizer s, PeopleAdminError error) => error switch
    {
        PeopleAdminError.PersonNotFound => s["This person no longer exists."],
        PeopleAdminError.NotAllowed => s["Only admins can change roles and locks."],
        PeopleAdminError.UnknownRole => s["Choose one of the listed roles."],
        PeopleAdminError.AlreadyInRole => s["This person already has that role."],
        PeopleAdminError.NotInRole => s["This person does not have that role."],
        PeopleAdminError.CannotRemoveOwnAdmin => s["You cannot remove your own Admin role. Ask another admin."],
        PeopleAdminError.CannotLockSelf => s["You cannot lock your own account."],
        PeopleAdminError.LastAdmin => s["At least one admin who can sign in must remain."],
        PeopleAdminError.AlreadyLocked => s["This account is already locked."],
        PeopleAdminError.NotLocked => s["This account is not locked."],
        _ => s["Someone else changed this at the same time. Please try again."],
    };
}
