using Microsoft.EntityFrameworkCore;
using Portal.Core.Customers;
using Portal.Core.Data;
using Portal.Core.Demo;

namespace Portal.Core.SpecialDates;

/// <summary>Sam's birthday is in three days (entered long ago), so the demo has a birthday reward to claim.</summary>
public sealed class DemoSpecialDates(PortalDbContext db, CustomerTimeZones zones, TimeProvider clock, SpecialDatesProgram program) : IDemoData
{
    public int Order => 40;

    public async Task SeedAsync(DemoDataOptions options, CancellationToken ct)
    {
        var sam = await db.Users.FirstOrDefaultAsync(u => u.Email == "customer@demo.local", ct);
        if (sam is null || sam.BirthDate is not null || await db.Set<SpecialDateProfile>().AnyAsync(p => p.CustomerId == sam.Id, ct)) return;
        var today = zones.LocalToday(sam, clock.GetUtcNow());
        var birthday = today.AddDays(3);
        // 1992 was a leap year, so even a 29 February birthday exists.
        sam.BirthDate = new DateOnly(1992, birthday.Month, birthday.Day);
        db.Add(new SpecialDateProfile
        {
            CustomerId = sam.Id, KnownBirthDate = sam.BirthDate, BirthdaySetOn = today.AddDays(-400),
            WeddingDate = new DateOnly(2016, 4, 14), WeddingSetOn = today.AddDays(-400), Version = Guid.NewGuid(),
        });
        await db.SaveChangesAsync(ct);
        await program.GrantDueAsync(sam.Id, ct);
    }
}
