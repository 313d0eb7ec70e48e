using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;

namespace Portal.Core.Faq;

/// <summary>Development only: a small help centre to click through. Added once, when there are no articles.</summary>
public static class FaqDemoData
{
    public static async Task SeedAsync(PortalDbContext db, TimeProvider clock, string authorEmail = "staff@demo.local")
    {
        if (await db.Set<FaqArticle>().AnyAsync()) return;
        var author = await db.Users.Where(u => u.Email == authorEmail).Select(u => new FaqActor(u.Id, u.DisplayName)).FirstOrDefaultAsync()
            ?? new FaqActor("", "CustomerPortal");
        var editor = new FaqEditor(db, clock);
        foreach (var (nameEn, nameAr, articles) in Categories)
        {
            var category = await editor.AddCategoryAsync(nameEn, nameAr);
            foreach (var draft in articles)
                await editor.SaveAsync(null, category.Id, draft, FaqStatus.Published, author);
        }
    }

    private static readonly (string NameEn, string NameAr, FaqDraft[] Articles)[] Categories =
    [
        ("Points and rewards", "النقاط والمكافآت",
        [
            new("How do points work?",
                """
                You earn points every time you shop with us and show your **Customer ID**: at the till, show the
                membership card on your phone; online, sign in before you order.

                - Points are added once your purchase is confirmed.
                - If you return an item, the points you earned on it are taken back.
                - Your balance and history are always on your account.

                Points are personal: they cannot be moved to another account.
                """,
                "كيف تعمل النقاط؟",
                """
                تكسب نقاطًا في كل مرة تتسوّق فيها معنا وتُبرز **رقم العميل** الخاص بك: عند الصندوق، اعرض بطاقة
                العضوية على هاتفك؛ وعبر الإنترنت، سجّل الدخول قبل أن تطلب.

                - تُضاف النقاط بعد تأكيد عملية الشراء.
                - إذا أرجعت منتجًا، تُستردّ النقاط التي كسبتها عليه.
                - رصيدك وسجلّك متاحان دائمًا في حسابك.

                النقاط شخصية: لا يمكن نقلها إلى حساب آخر.
                """),
        ]),
        ("Your account", "حسابك",
        [
            new("How do I find my Customer ID?",
                """
                Your Customer ID is the 10-digit number on your membership card.

                1. Sign in.
                2. Open [My card](/): the number is printed under your name, with a QR code the till can scan.
                3. At the till, choose **Show card at the till** for a full-screen card.

                Staff may ask for your Customer ID when you contact support, so keep it handy.
                """,
                "كيف أجد رقم العميل الخاص بي؟",
                """
                رقم العميل هو الرقم المكوّن من 10 أرقام الموجود على بطاقة العضوية.

                1. سجّل الدخول.
                2. افتح [بطاقتي](/): الرقم مطبوع تحت اسمك، مع رمز QR يمكن مسحه عند الصندوق.
                3. عند الصندوق، اختر **اعرض البطاقة عند الدفع** لعرض البطاقة بملء الشاشة.

                قد يطلب منك الموظفون رقم العميل عند التواصل مع الدعم، فاحتفظ به في متناول يدك.
                """),
            new("How do I reset my password?",
                """
                1. On the sign-in page, choose [Forgot your password?](/account/forgot-password).
                2. Enter the email address of your account.
                3. Open the email we send you and follow the link to choose a new password.

                The link works once and expires after a short time. If the email does not arrive, check your spam folder.
                Once you are signed in again, you can turn on **two-step verification** under [Security](/security).
                """,
                "كيف أعيد تعيين كلمة المرور؟",
                """
                1. في صفحة تسجيل الدخول، اختر [نسيت كلمة المرور؟](/account/forgot-password).
                2. أدخل البريد الإلكتروني المرتبط بحسابك.
                3. افتح الرسالة التي نرسلها إليك واتبع الرابط لاختيار كلمة مرور جديدة.

                يعمل الرابط مرة واحدة وتنتهي صلاحيته بعد وقت قصير. إذا لم تصلك الرسالة، فتحقّق من مجلد الرسائل غير المرغوب فيها.
                وبعد تسجيل الدخول مجددًا، يمكنك تفعيل **التحقّق بخطوتين** من صفحة [الأمان](/security).
                """),
        ]),
        ("Orders and returns", "الطلبات والإرجاع",
        [
            // English only for now: shows readers of Arabic the fallback note.
            new("Returns and refunds",
                """
                You can return most items within **30 days** of purchase, in their original condition, with the receipt
                or your Customer ID.

                | How you paid | How you are refunded |
                | --- | --- |
                | Card | To the same card, within 5 working days |
                | Cash | In cash at the till |
                | Points | As points, back to your balance |

                Points you earned on a returned item are taken back from your balance.
                """,
                null, null),
        ]),
        ("Getting help", "الحصول على المساعدة",
        [
            new("How do I contact support?",
                """
                Most answers are in this help centre: try the search box first.

                If you still need us, **chat with us** during opening hours or send a message with the contact form
                on this page. Include your Customer ID so we can find your account quickly. We never ask for your
                password.
                """,
                "كيف أتواصل مع الدعم؟",
                """
                ستجد معظم الإجابات في مركز المساعدة هذا: جرّب مربع البحث أولًا.

                وإذا احتجت إلينا بعد ذلك، **تحدّث معنا** خلال ساعات العمل أو أرسل رسالة عبر نموذج التواصل في هذه
                الصفحة. اذكر رقم العميل حتى نجد حسابك بسرعة. لن نطلب منك كلمة المرور أبدًا.
                """),
        ]),
    ];
}

/// <summary>The demo articles, written by the demo staff member once the accounts exist.</summary>
public sealed class FaqDemo(PortalDbContext db, TimeProvider clock) : Demo.IDemoData
{
    public int Order => 10;

    public Task SeedAsync(Demo.DemoDataOptions options, CancellationToken ct) => FaqDemoData.SeedAsync(db, clock);
}
