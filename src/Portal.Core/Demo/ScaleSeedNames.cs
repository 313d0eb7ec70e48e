namespace Portal.Core.Demo;

/// <summary>Names for the scale seed: Arabic (with a Latin spelling for the email address) and English.</summary>
internal static class ScaleSeedNames
{
    public static readonly (string Arabic, string Latin)[] ArabicMale =
    [
        ("محمد", "mohammed"), ("أحمد", "ahmed"), ("عبدالله", "abdullah"), ("خالد", "khalid"), ("فهد", "fahad"), ("سلطان", "sultan"),
        ("عبدالرحمن", "abdulrahman"), ("فيصل", "faisal"), ("سعود", "saud"), ("تركي", "turki"), ("ناصر", "nasser"), ("عمر", "omar"),
        ("يوسف", "yousef"), ("إبراهيم", "ibrahim"), ("علي", "ali"), ("حسن", "hassan"), ("ماجد", "majed"), ("بندر", "bandar"),
        ("نواف", "nawaf"), ("راشد", "rashed"), ("سامي", "sami"), ("زياد", "ziyad"), ("مشعل", "mishal"), ("طلال", "talal"),
    ];

    public static readonly (string Arabic, string Latin)[] ArabicFemale =
    [
        ("فاطمة", "fatimah"), ("نورة", "noura"), ("سارة", "sarah"), ("ليلى", "layla"), ("مريم", "maryam"), ("هند", "hind"),
        ("ريم", "reem"), ("لمى", "lama"), ("عبير", "abeer"), ("منى", "mona"), ("أمل", "amal"), ("دانة", "dana"),
        ("جود", "joud"), ("شهد", "shahad"), ("رهف", "rahaf"), ("العنود", "alanoud"), ("هيا", "haya"), ("غادة", "ghada"),
        ("وعد", "waad"), ("بشرى", "bushra"), ("لجين", "lujain"), ("ياسمين", "yasmin"), ("أسماء", "asma"), ("خلود", "kholoud"),
    ];

    public static readonly (string Arabic, string Latin)[] ArabicFamily =
    [
        ("الحربي", "alharbi"), ("العتيبي", "alotaibi"), ("القحطاني", "alqahtani"), ("الغامدي", "alghamdi"), ("الزهراني", "alzahrani"),
        ("الشهري", "alshehri"), ("الدوسري", "aldosari"), ("المطيري", "almutairi"), ("الشمري", "alshammari"), ("العنزي", "alanazi"),
        ("السبيعي", "alsubaie"), ("البلوي", "albalawi"), ("الرشيدي", "alrashidi"), ("الجهني", "aljuhani"), ("المالكي", "almalki"),
        ("العمري", "alomari"), ("السهلي", "alsahli"), ("الخالدي", "alkhalidi"), ("التميمي", "altamimi"), ("الأحمدي", "alahmadi"),
    ];

    public static readonly string[] EnglishFirst =
    [
        "James", "Olivia", "Liam", "Emma", "Noah", "Amelia", "Oliver", "Sophia", "Elijah", "Isabella", "Lucas", "Mia", "Henry",
        "Charlotte", "Daniel", "Harper", "Samuel", "Evelyn", "Jack", "Abigail", "Adam", "Grace", "David", "Chloe", "Ryan", "Zoe",
        "Omar", "Sara", "Karim", "Nadia", "Rahul", "Priya", "Arjun", "Maria", "Jose", "Ana", "Wei", "Mei", "John", "Fatima",
    ];

    public static readonly string[] EnglishLast =
    [
        "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Taylor", "Clark", "Lewis", "Walker", "Hall",
        "Allen", "Young", "King", "Wright", "Scott", "Green", "Baker", "Adams", "Nelson", "Carter", "Mitchell", "Roberts", "Turner",
        "Phillips", "Campbell", "Parker", "Evans", "Khan", "Patel", "Sharma", "Nair", "Santos", "Reyes", "Cruz", "Chen", "Wong", "Haddad",
    ];
}
