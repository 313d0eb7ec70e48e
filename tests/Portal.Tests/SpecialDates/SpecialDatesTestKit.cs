using Microsoft.EntityFrameworkCore;
using Portal.Core.Customers;
using Portal.Core.Data;
using Portal.Core.SpecialDates;
using Portal.Tests.Api;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.SpecialDates;

public static class SpecialDatesTestKit
{
    /// <summary>A new customer whose birthday (entered long ago) is in three days in Riyadh: a reward to claim.</summary>
    public static async Task<PortalUser> CustomerWithBirthdayRewardAsync(this PortalFactory factory)
    {
        var customer = await factory.NewCustomerAsync();
        var today = DateOnly.FromDateTime(factory.Clock.Now.ToOffset(TimeSpan.FromHours(3)).DateTime);
        var birthday = today.AddDays(3);
        await factory.WithServiceAsync<int, PortalDbContext>(async db =>
        {
            await db.Users.Where(u => u.Id == customer.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.BirthDate, new DateOnly(1992, birthday.Month, birthday.Day)));
            db.Add(new SpecialDateProfile
            {
                CustomerId = customer.Id, KnownBirthDate = new DateOnly(1992, birthday.Month, birthday.Day), BirthdaySetOn = today.AddDays(-400),
                Version = Guid.NewGuid(),
            });
            return await db.SaveChangesAsync();
        });
        return customer;
    }

    public static Task<List<Core.Loyalty.PointsEntry>> SpecialDateEntriesAsync(this PortalFactory factory, string customerId) =>
        factory.WithServiceAsync<List<Core.Loyalty.PointsEntry>, PortalDbContext>(db => db.Set<Core.Loyalty.PointsEntry>().AsNoTracking()
            .Where(e => e.CustomerId == customerId && e.SourceRef.StartsWith("special-date:")).ToListAsync());
}
