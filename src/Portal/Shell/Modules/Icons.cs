namespace Portal.Shell.Modules;

/// <summary>Navigation icons: 24×24 SVG paths drawn with a 2px stroke.</summary>
public static class Icons
{
    public const string Card = "M3 7a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V7Zm0 3h18M7 15h4";
    public const string Star = "m12 3 2.7 5.6 6.1.9-4.4 4.3 1 6.1L12 17l-5.4 2.9 1-6.1-4.4-4.3 6.1-.9L12 3Z";
    public const string Ticket = "M4 6h16v4a2 2 0 0 0 0 4v4H4v-4a2 2 0 0 0 0-4V6Zm6 0v12";
    public const string Help = "M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18Zm-2.5-12a2.5 2.5 0 1 1 3.5 2.3c-.6.3-1 .9-1 1.6V14m0 3h.01";
    public const string Chat = "M21 12a8 8 0 0 1-11.6 7.1L4 20l1-4.6A8 8 0 1 1 21 12Z";
    public const string Shield = "M12 3 4 6v6c0 4.4 3.4 8.3 8 9 4.6-.7 8-4.6 8-9V6l-8-3Z";
    public const string Search = "M11 18a7 7 0 1 0 0-14 7 7 0 0 0 0 14Zm5-2 5 5";
    public const string Gift = "M4 11h16v9H4v-9Zm-1-4h18v4H3V7Zm9 0v13M12 7S10.5 3 8 4s1 3 4 3Zm0 0s1.5-4 4-3-1 3-4 3Z";
    public const string Key = "M15 7a4 4 0 1 1-3.9 4.9L4 19v2h3v-2h2v-2h2l1.1-1.1A4 4 0 0 1 15 7Z";
    public const string Book = "M4 5a2 2 0 0 1 2-2h13v16H6a2 2 0 0 0-2 2V5Zm0 16a2 2 0 0 1 2-2h13";
    public const string People = "M9 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8Zm-7 10a7 7 0 0 1 14 0M17 11a3 3 0 1 0 0-6m5 16a6 6 0 0 0-4-5.7";
    public const string Inbox = "M3 13h5l2 3h4l2-3h5M5 5h14l2 8v6H3v-6l2-8Z";
    public const string BarChart = "M4 20h16M7 16v-5m5 5V6m5 10v-8";
    public const string Gauge = "M12 14l4-4M3 14a9 9 0 1 1 18 0M12 21v0";
    public const string More = "M5 12h.01M12 12h.01M19 12h.01";
}
