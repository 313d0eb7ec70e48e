namespace Portal.Benchmarks.Scenarios;

public interface IScenario
{
    string Name { get; }

    /// <summary>Measured runs when --runs is not given (after the warm-up), chosen to keep the whole program well under two minutes.</summary>
    int DefaultRuns { get; }

    /// <summary>Seeds (untimed), measures, checks the outcome, and returns the one line to print.</summary>
    Task<string> RunAsync(Templates templates, int runs);
}
