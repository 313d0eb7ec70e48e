using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Customers;
using Portal.Core.Data;

namespace Portal.Core.Tickets;

/// <summary>Development only: a few tickets for layla@demo.local and some canned replies, added once to an empty table.</summary>
public sealed class TicketDemoData(PortalDbContext db, UserManager<PortalUser> users, TicketService tickets, CannedReplies canned) : Demo.IDemoData
{
    public int Order => 30;

    public Task SeedAsync(Demo.DemoDataOptions options, CancellationToken ct) => SeedAsync(ct);

    public async Task SeedAsync(CancellationToken ct = default)
    {
        if (!await db.Set<CannedReply>().AnyAsync(ct))
        {
            await canned.SaveAsync(null, new CannedReplyInput("/thanks", "Thanks for waiting",
                "Thank you for your patience. We are looking into this and will get back to you shortly.",
                "شكرًا على صبرك. نحن نتابع طلبك وسنعود إليك قريبًا."), ct);
            await canned.SaveAsync(null, new CannedReplyInput("/points", "Missing points",
                "Points can take up to 48 hours to appear after a purchase. If they are still missing after that, please send us the receipt number.",
                "قد تستغرق النقاط حتى 48 ساعة لتظهر بعد الشراء. إن لم تظهر بعد ذلك، فأرسل إلينا رقم الإيصال من فضلك."), ct);
        }
        if (await db.Set<Ticket>().AnyAsync(ct)) return;
        if (await users.FindByEmailAsync("layla@demo.local") is not { } layla || await users.FindByEmailAsync("agent@demo.local") is not { } agentUser) return;
        var customer = new TicketActor(layla.Id, layla.DisplayName, IsAgent: false);
        var agent = new TicketActor(agentUser.Id, agentUser.DisplayName, IsAgent: true);

        var first = await tickets.CreateAsync(customer, new NewTicket("لم تُضف نقاط مشترياتي الأخيرة", TicketCategory.Loyalty, TicketPriority.High,
            "اشتريت من فرع الرياض يوم الجمعة ولم تظهر النقاط في حسابي حتى الآن."), [], ct);
        if (first.Ticket is not { } ticket) return;
        await tickets.TakeAsync(agent, ticket.Number, ct);
        await tickets.ReplyAsync(agent, ticket.Number, "تحققنا من العملية: الإيصال مسجّل، وسنضيف النقاط يدويًا خلال يوم عمل.", false, ct);
        await tickets.ReplyAsync(agent, ticket.Number, "الجهاز في فرع الرياض لم يرسل العمليات منذ الخميس؛ أبلغنا الفريق التقني.", true, ct);

        var second = await tickets.CreateAsync(customer, new NewTicket("تغيير رقم الجوال", TicketCategory.Account, TicketPriority.Normal,
            "أريد تحديث رقم جوالي في الحساب."), [], ct);
        if (second.Ticket is { } done)
        {
            await tickets.ReplyAsync(agent, done.Number, "يمكنك تغييره من صفحة الأمان ثم «تعديل بياناتك».", false, ct);
            await tickets.ChangeStatusAsync(agent, done.Number, TicketStatus.Resolved, ct);
        }
    }
}
