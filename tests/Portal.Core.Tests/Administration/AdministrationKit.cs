using Microsoft.EntityFrameworkCore;
using Portal.Core.Administration;
using Portal.Core.Data;
using Portal.Core.Tests.Infrastructure;

namespace Portal.Core.Tests.Administration;

public static class AdministrationKit
{
    public static Task<PeopleAdminResult> AdministerAsync(this CoreDatabase db, Func<PeopleAdministration, Task<PeopleAdminResult>> use) =>
        db.UseAsync(use);

    public static Task<List<AuditEntry>> AuditAsync(this CoreDatabase db) =>
        db.UseAsync<PortalDbContext, List<AuditEntry>>(context => context.AuditEntries.AsNoTracking().OrderBy(e => e.Id).ToListAsync());
}
