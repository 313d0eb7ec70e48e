namespace Portal;

public static class PortalPaths
{
    /// <summary>
    /// The top-level wwwroot/: found beside CustomerPortal.sln when run from the source tree,
    /// else wwwroot/ beside the published app.
    /// </summary>
    public static string WebRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "CustomerPortal.sln")))
                    return Path.Combine(dir.FullName, "wwwroot");
            }
        }
        return Path.Combine(AppContext.BaseDirectory, "wwwroot");
    }
}
