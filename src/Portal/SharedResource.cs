namespace Portal;

/// <summary>Marker for the shared strings in Localization/SharedResource(.ar).resx.</summary>
public sealed class SharedResource;
