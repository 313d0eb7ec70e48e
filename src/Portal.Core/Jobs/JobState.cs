using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Core.Jobs;

/// <summary>A job's lease and its last runs, shared by every instance through the database.</summary>
public sealed class JobState
{
    public string Name { get; internal set; } = "";

    /// <summary>The <see cref="JobRunner.InstanceId"/> running the job now.</summary>
    public string? LeaseOwner { get; internal set; }

    public DateTime? LeaseUntilUtc { get; internal set; }
    public DateTime? LastRunStartedUtc { get; internal set; }
    public DateTime? LastRunFinishedUtc { get; internal set; }
    public DateTime? LastSuccessUtc { get; internal set; }
    public string? LastError { get; internal set; }
    public DateTime? NextRunUtc { get; internal set; }
    public long RunCount { get; internal set; }
    public long FailureCount { get; internal set; }
}

internal sealed class JobStateConfiguration : IEntityTypeConfiguration<JobState>
{
    public const int MaxErrorLength = 1000;

    public void Configure(EntityTypeBuilder<JobState> state)
    {
        state.ToTable("JobStates");
        state.HasKey(s => s.Name);
        state.Property(s => s.Name).HasMaxLength(100);
        state.Property(s => s.LeaseOwner).HasMaxLength(64);
        state.Property(s => s.LastError).HasMaxLength(MaxErrorLength);
    }
}
