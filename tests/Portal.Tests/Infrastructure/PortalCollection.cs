namespace Portal.Tests.Infrastructure;

/// <summary>Shared by test classes that only read; classes that write use their own IClassFixture&lt;PortalFactory&gt;.</summary>
[CollectionDefinition(Name)]
public sealed class PortalCollection : ICollectionFixture<PortalFactory>
{
    public const string Name = "portal";
}
