using MathNet.Numerics;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace Portal.Core.Analytics;

/// <summary>
/// One customer in the models' terms: <paramref name="X"/> repeat purchases (purchase days after the first),
/// the last of them <paramref name="Tx"/> weeks after the first purchase, observed for <paramref name="T"/> weeks since
/// the first purchase, and the mean value of the repeat purchases in whole currency units (0 when X is 0).
/// </summary>
public readonly record struct CustomerHistory(int X, double Tx, double T, double MeanRepeatSpend = 0);

/// <summary>BG/NBD: purchase rate λ ~ Gamma(r, α) (α in weeks), dropout after each purchase p ~ Beta(a, b).</summary>
public sealed record BgNbdParameters(double R, double Alpha, double A, double B);

/// <summary>Gamma-Gamma: order value ~ Gamma(p, ν), ν ~ Gamma(q, γ) (γ in whole currency units).</summary>
public sealed record GammaGammaParameters(double P, double Q, double Gamma);

/// <summary>A simulated central interval of future value and the simulation's mean (whole currency units).</summary>
public readonly record struct SimulatedValue(double Low, double High, double Mean);

/// <summary>A maximum-likelihood fit: the parameters, or why there are none (<see cref="Failure"/>, in plain words).</summary>
public sealed record ClvModelFit<TParameters>(TParameters? Parameters, double LogLikelihood, int Iterations, string? Failure)
    where TParameters : class
{
    public bool Succeeded => Failure is null && Parameters is not null;

    internal static ClvModelFit<TParameters> Failed(string why) => new(null, double.NaN, 0, why);
}

/// <summary>
/// The BG/NBD model (Fader, Hardie &amp; Lee 2005, "Counting your customers the easy way") and the Gamma-Gamma spend
/// model (Fader &amp; Hardie 2013, "The Gamma-Gamma model of monetary value"): log-likelihoods, maximum-likelihood fits
/// and the per-customer conditional expectations. Pure functions; time in weeks, money in whole currency units.
/// </summary>
public static class ClvModel
{
    /// <summary>Fitted parameters outside this range mean the data did not pin the model down (a ridge, not a peak).</summary>
    private const double MinParameter = 1e-6, MaxParameter = 1e6;
    private const double ConvergenceTolerance = 1e-10;
    private const int MaxIterationsPerRun = 5000, MaxRestarts = 6;

    // ---- BG/NBD ----------------------------------------------------------------------------------------------

    /// <summary>The BG/NBD log-likelihood of the customers (equation 6 of the paper, summed).</summary>
    public static double BgNbdLogLikelihood(BgNbdParameters parameters, IEnumerable<CustomerHistory> customers) =>
        BgNbdData.From(customers).LogLikelihood(parameters.R, parameters.Alpha, parameters.A, parameters.B);

    /// <summary>
    /// Fits r, α, a, b by maximum likelihood (Nelder-Mead on the log-parameters, restarted until it stops improving).
    /// Never throws for data it cannot fit: the result says why instead.
    /// </summary>
    public static ClvModelFit<BgNbdParameters> FitBgNbd(IReadOnlyCollection<CustomerHistory> customers)
    {
        if (customers.Count < 2) return ClvModelFit<BgNbdParameters>.Failed("At least two customers with purchases are needed.");
        foreach (var c in customers)
            if (c.X < 0 || !(c.Tx >= 0) || !(c.T >= c.Tx) || double.IsInfinity(c.T))
                return ClvModelFit<BgNbdParameters>.Failed($"A customer history is not valid (x={c.X}, t_x={c.Tx}, T={c.T}).");
        if (!customers.Any(c => c.X > 0))
            return ClvModelFit<BgNbdParameters>.Failed("No customer has a repeat purchase yet, so repeat buying cannot be estimated.");
        var first = customers.First();
        if (customers.All(c => c.X == first.X && c.Tx == first.Tx && c.T == first.T))
            return ClvModelFit<BgNbdParameters>.Failed("Every customer has the same purchase history, so differences between customers cannot be estimated.");

        var data = BgNbdData.From(customers);
        // Start near the observed average rate: λ ≈ r/α ≈ repeat purchases per week.
        var meanX = customers.Average(c => c.X);
        var meanT = Math.Max(customers.Average(c => c.T), 1e-3);
        var alpha0 = Math.Clamp(meanT / Math.Max(meanX, 1e-3), 1e-2, 1e4);
        var fit = Minimise(v => -data.LogLikelihood(Math.Exp(v[0]), Math.Exp(v[1]), Math.Exp(v[2]), Math.Exp(v[3])),
            [0, Math.Log(alpha0), 0, 0]);
        if (fit.Failure is not null) return ClvModelFit<BgNbdParameters>.Failed(fit.Failure);
        var p = new BgNbdParameters(Math.Exp(fit.Point[0]), Math.Exp(fit.Point[1]), Math.Exp(fit.Point[2]), Math.Exp(fit.Point[3]));
        return new(p, -fit.Value, fit.Iterations, null);
    }

    /// <summary>P(the customer is still active at T).</summary>
    public static double ProbabilityAlive(BgNbdParameters m, CustomerHistory c)
    {
        if (c.X == 0) return 1;
        var logRatio = (m.R + c.X) * Math.Log((m.Alpha + c.T) / (m.Alpha + c.Tx));
        return 1 / (1 + Math.Exp(Math.Log(m.A / (m.B + c.X - 1)) + logRatio));
    }

    /// <summary>E[purchases in the next <paramref name="weeks"/> | x, t_x, T] (equation 10 of the paper).</summary>
    public static double ExpectedPurchases(BgNbdParameters m, CustomerHistory c, double weeks)
    {
        if (weeks <= 0) return 0;
        // The formula divides by a - 1; at a = 1 exactly take the value just beside it (it is continuous there).
        var a = Math.Abs(m.A - 1) < 1e-7 ? 1 + 1e-7 : m.A;
        double r = m.R, alpha = m.Alpha, b = m.B;
        int x = c.X;
        var z = weeks / (alpha + c.T + weeks);
        // ((α+T)/(α+T+t))^(r+x) · 2F1(r+x, b+x; a+b+x-1; z) after Euler's transformation, whose series converges
        // quickly even for heavy buyers and z near 1: (1-z)^(a-1) · 2F1(a+b-1-r, a-1; a+b+x-1; z).
        var tail = Math.Exp((a - 1) * Math.Log((alpha + c.T) / (alpha + c.T + weeks))) * Hypergeometric2F1(a + b - 1 - r, a - 1, a + b + x - 1, z);
        var numerator = (a + b + x - 1) / (a - 1) * (1 - tail);
        var denominator = x == 0 ? 1 : 1 + a / (b + x - 1) * Math.Exp((r + x) * Math.Log((alpha + c.T) / (alpha + c.Tx)));
        return numerator / denominator;
    }

    /// <summary>E[purchases in (0, t]] for a newly acquired customer (equation 7 of the paper).</summary>
    public static double ExpectedPurchasesOfNewCustomer(BgNbdParameters m, double weeks)
    {
        var a = Math.Abs(m.A - 1) < 1e-7 ? 1 + 1e-7 : m.A;
        var z = weeks / (m.Alpha + weeks);
        var tail = Math.Exp((a - 1) * Math.Log(m.Alpha / (m.Alpha + weeks))) * Hypergeometric2F1(a + m.B - 1 - m.R, a - 1, a + m.B - 1, z);
        return (a + m.B - 1) / (a - 1) * (1 - tail);
    }

    /// <summary>
    /// The Gauss hypergeometric function 2F1(a, b; c; z) for 0 ≤ z &lt; 1 by its power series, summed until the terms
    /// no longer change the sum. Callers transform so that the series converges fast (see <see cref="ExpectedPurchases"/>).
    /// </summary>
    public static double Hypergeometric2F1(double a, double b, double c, double z)
    {
        if (z < 0 || z >= 1) throw new ArgumentOutOfRangeException(nameof(z), z, "The series is used for 0 ≤ z < 1 only.");
        double sum = 1, term = 1;
        // Terms can change sign while n < -a or n < -b; judge convergence only after that.
        var settled = Math.Max(0, Math.Max(-a, -b));
        for (var n = 0; n < 1_000_000; n++)
        {
            term *= (a + n) * (b + n) / ((c + n) * (n + 1)) * z;
            sum += term;
            if (term == 0 || (n > settled && Math.Abs(term) <= 1e-16 * Math.Abs(sum))) return sum;
            if (!double.IsFinite(sum)) return double.NaN;
        }
        return sum;
    }

    // ---- Gamma-Gamma -----------------------------------------------------------------------------------------

    /// <summary>The Gamma-Gamma log-likelihood of the repeat customers' mean repeat spend (customers with x = 0 are ignored).</summary>
    public static double GammaGammaLogLikelihood(GammaGammaParameters parameters, IEnumerable<CustomerHistory> customers) =>
        GammaGammaData.From(customers).LogLikelihood(parameters.P, parameters.Q, parameters.Gamma);

    /// <summary>Fits p, q, γ by maximum likelihood over the customers with x &gt; 0 and a positive mean spend.</summary>
    public static ClvModelFit<GammaGammaParameters> FitGammaGamma(IReadOnlyCollection<CustomerHistory> customers)
    {
        var repeat = customers.Where(c => c.X > 0 && c.MeanRepeatSpend > 0).ToList();
        if (repeat.Count < 2) return ClvModelFit<GammaGammaParameters>.Failed("At least two customers with repeat purchases are needed to estimate spend.");
        if (repeat.Any(c => !double.IsFinite(c.MeanRepeatSpend)))
            return ClvModelFit<GammaGammaParameters>.Failed("A customer's mean spend is not a finite number.");
        if (repeat.All(c => c.X == repeat[0].X && c.MeanRepeatSpend == repeat[0].MeanRepeatSpend))
            return ClvModelFit<GammaGammaParameters>.Failed("Every repeat customer spends the same, so differences in spend cannot be estimated.");

        var data = GammaGammaData.From(repeat);
        // q = 2 and γ = the mean spend start the population mean p·γ/(q-1) at the observed mean.
        var fit = Minimise(v => -data.LogLikelihood(Math.Exp(v[0]), Math.Exp(v[1]), Math.Exp(v[2])),
            [0, Math.Log(2), Math.Log(repeat.Average(c => c.MeanRepeatSpend))]);
        if (fit.Failure is not null) return ClvModelFit<GammaGammaParameters>.Failed(fit.Failure);
        var p = new GammaGammaParameters(Math.Exp(fit.Point[0]), Math.Exp(fit.Point[1]), Math.Exp(fit.Point[2]));
        if (p.Q <= 1)
            return ClvModelFit<GammaGammaParameters>.Failed($"The fitted spend distribution has no finite mean (q = {p.Q:G4} ≤ 1); spend is too uneven to predict.");
        return new(p, -fit.Value, fit.Iterations, null);
    }

    /// <summary>E[order value | x, mean repeat spend]: the customer's own mean shrunk towards the population mean p·γ/(q-1).</summary>
    public static double ExpectedOrderValue(GammaGammaParameters m, CustomerHistory c)
    {
        if (c.X == 0 || c.MeanRepeatSpend <= 0) return m.P * m.Gamma / (m.Q - 1);
        return m.P * (m.Gamma + c.X * c.MeanRepeatSpend) / (m.P * c.X + m.Q - 1);
    }

    // ---- Value with its uncertainty ---------------------------------------------------------------------------

    /// <summary>
    /// Simulates the value of the customer's purchases in the next <paramref name="weeks"/> from their posterior:
    /// active or not (P(alive)); if active, λ ~ Gamma(r+x, α+T), dropout p ~ Beta(a, b+x), purchases ~ Poisson(λ·t) cut
    /// short by dropout after each purchase; spend rate ν ~ Gamma(px+q, γ+x·z̄), the purchases' total ~ Gamma(n·p, ν).
    /// Returns the central <paramref name="level"/> interval and the simulated mean, in whole currency units.
    /// The same seed gives the same answer.
    /// </summary>
    public static SimulatedValue SimulateValue(BgNbdParameters bg, GammaGammaParameters gg, CustomerHistory c, double weeks,
        double level = 0.8, int draws = 2000, int seed = 20051)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(draws, 1);
        if (!(level is > 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(level), level, "A level between 0 and 1.");
        var random = new Random(seed);
        var alive = ProbabilityAlive(bg, c);
        var spendShape = c.X > 0 && c.MeanRepeatSpend > 0 ? gg.P * c.X + gg.Q : gg.Q;
        var spendRate = c.X > 0 && c.MeanRepeatSpend > 0 ? gg.Gamma + c.X * c.MeanRepeatSpend : gg.Gamma;
        var values = new double[draws];
        var sum = 0.0;
        for (var i = 0; i < draws; i++)
        {
            if (random.NextDouble() >= alive) continue;
            var lambda = MathNet.Numerics.Distributions.Gamma.Sample(random, bg.R + c.X, bg.Alpha + c.T);
            var purchases = MathNet.Numerics.Distributions.Poisson.Sample(random, lambda * weeks);
            if (purchases == 0) continue;
            var dropout = MathNet.Numerics.Distributions.Beta.Sample(random, bg.A, bg.B + c.X);
            // The purchase after which they drop out still happens (BG/NBD: "after any transaction").
            if (dropout is > 0 and <= 1) purchases = Math.Min(purchases, MathNet.Numerics.Distributions.Geometric.Sample(random, dropout));
            var nu = MathNet.Numerics.Distributions.Gamma.Sample(random, spendShape, spendRate);
            values[i] = MathNet.Numerics.Distributions.Gamma.Sample(random, purchases * gg.P, nu);
            sum += values[i];
        }
        Array.Sort(values);
        var tail = (1 - level) / 2;
        return new(Quantile(values, tail), Quantile(values, 1 - tail), sum / draws);
    }

    private static double Quantile(double[] sorted, double q)
    {
        var position = q * (sorted.Length - 1);
        var low = (int)Math.Floor(position);
        var high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + (position - low) * (sorted[high] - sorted[low]);
    }

    // ---- Optimiser -------------------------------------------------------------------------------------------

    private readonly record struct Minimum(double[] Point, double Value, int Iterations, string? Failure);

    private static Minimum Minimise(Func<double[], double> objective, double[] start)
    {
        var f = ObjectiveFunction.Value(v =>
        {
            var value = objective([.. v]);
            // Nelder-Mead only compares values: a huge one steers it away from where the likelihood is undefined.
            return double.IsFinite(value) ? value : 1e300;
        });
        var point = Vector<double>.Build.DenseOfArray(start);
        var best = Evaluate(f, point);
        if (best >= 1e300) return new([], double.NaN, 0, "The likelihood cannot be evaluated at the starting point.");
        var iterations = 0;
        var simplex = new NelderMeadSimplex(ConvergenceTolerance, MaxIterationsPerRun);
        // A simplex can collapse before the optimum; restarting from its best point costs little and catches that.
        for (var run = 0; run < MaxRestarts; run++)
        {
            MinimizationResult result;
            try
            {
                result = simplex.FindMinimum(f, point, Vector<double>.Build.Dense(start.Length, 0.5));
            }
            catch (MaximumIterationsException)
            {
                return new([], double.NaN, iterations + MaxIterationsPerRun,
                    "The fit did not converge: the data do not pin down the model's parameters.");
            }
            iterations += result.Iterations;
            var value = result.FunctionInfoAtMinimum.Value;
            var improved = best - value > 1e-9 * Math.Max(1, Math.Abs(value));
            point = result.MinimizingPoint;
            best = Math.Min(best, value);
            if (!improved && run > 0) break;
        }
        if (best >= 1e300 || !double.IsFinite(best))
            return new([], double.NaN, iterations, "The likelihood could not be evaluated near the fitted parameters.");
        foreach (var v in point)
            if (!(Math.Exp(v) is >= MinParameter and <= MaxParameter))
                return new([], double.NaN, iterations,
                    "The fit ran off to an extreme parameter value: the data do not pin down the model (too few or too similar customers).");
        return new([.. point], best, iterations, null);
    }

    private static double Evaluate(IObjectiveFunction f, Vector<double> point)
    {
        var e = f.CreateNew();
        e.EvaluateAt(point);
        return e.Value;
    }

    // ---- Data prepared for fast likelihoods ------------------------------------------------------------------
    // Customers are grouped by x so the gamma functions are computed once per distinct x, and identical
    // histories are counted once with a weight: at 100,000 customers one evaluation is a few logs per history.

    private sealed class BgNbdData
    {
        private readonly int[] _x;
        private readonly int[] _start; // rows of x-group g are _start[g] .. _start[g+1]-1
        private readonly double[] _tx, _t, _weight;

        private BgNbdData(int[] x, int[] start, double[] tx, double[] t, double[] weight) =>
            (_x, _start, _tx, _t, _weight) = (x, start, tx, t, weight);

        public static BgNbdData From(IEnumerable<CustomerHistory> customers)
        {
            var rows = customers.GroupBy(c => (c.X, c.Tx, c.T)).Select(g => (g.Key, Weight: (double)g.Count()))
                .OrderBy(r => r.Key.X).ToList();
            var xs = new List<int>();
            var starts = new List<int>();
            for (var i = 0; i < rows.Count; i++)
                if (i == 0 || rows[i].Key.X != rows[i - 1].Key.X) { xs.Add(rows[i].Key.X); starts.Add(i); }
            starts.Add(rows.Count);
            return new([.. xs], [.. starts], [.. rows.Select(r => r.Key.Tx)], [.. rows.Select(r => r.Key.T)], [.. rows.Select(r => r.Weight)]);
        }

        public double LogLikelihood(double r, double alpha, double a, double b)
        {
            var common = r * Math.Log(alpha) - SpecialFunctions.GammaLn(r) + SpecialFunctions.GammaLn(a + b) - SpecialFunctions.GammaLn(b);
            var total = 0.0;
            for (var g = 0; g < _x.Length; g++)
            {
                var x = _x[g];
                var c1 = common + SpecialFunctions.GammaLn(r + x) + SpecialFunctions.GammaLn(b + x) - SpecialFunctions.GammaLn(a + b + x);
                var rx = r + x;
                var c4 = x > 0 ? Math.Log(a) - Math.Log(b + x - 1) : 0;
                var sum = 0.0;
                for (var i = _start[g]; i < _start[g + 1]; i++)
                {
                    var a3 = -rx * Math.Log(alpha + _t[i]);
                    double ll;
                    if (x == 0) ll = a3;
                    else
                    {
                        var a4 = c4 - rx * Math.Log(alpha + _tx[i]);
                        var max = Math.Max(a3, a4);
                        ll = max + Math.Log(Math.Exp(a3 - max) + Math.Exp(a4 - max));
                    }
                    sum += _weight[i] * (c1 + ll);
                }
                total += sum;
            }
            return total;
        }
    }

    private sealed class GammaGammaData
    {
        private readonly int[] _x;
        private readonly int[] _start;
        private readonly double[] _mean, _logMean, _weight;

        private GammaGammaData(int[] x, int[] start, double[] mean, double[] logMean, double[] weight) =>
            (_x, _start, _mean, _logMean, _weight) = (x, start, mean, logMean, weight);

        public static GammaGammaData From(IEnumerable<CustomerHistory> customers)
        {
            var rows = customers.Where(c => c.X > 0 && c.MeanRepeatSpend > 0)
                .GroupBy(c => (c.X, c.MeanRepeatSpend)).Select(g => (g.Key, Weight: (double)g.Count()))
                .OrderBy(r => r.Key.X).ToList();
            var xs = new List<int>();
            var starts = new List<int>();
            for (var i = 0; i < rows.Count; i++)
                if (i == 0 || rows[i].Key.X != rows[i - 1].Key.X) { xs.Add(rows[i].Key.X); starts.Add(i); }
            starts.Add(rows.Count);
            return new([.. xs], [.. starts], [.. rows.Select(r => r.Key.MeanRepeatSpend)],
                [.. rows.Select(r => Math.Log(r.Key.MeanRepeatSpend))], [.. rows.Select(r => r.Weight)]);
        }

        public double LogLikelihood(double p, double q, double gamma)
        {
            var common = q * Math.Log(gamma) - SpecialFunctions.GammaLn(q);
            var total = 0.0;
            for (var g = 0; g < _x.Length; g++)
            {
                var x = _x[g];
                var px = p * x;
                var c = common + SpecialFunctions.GammaLn(px + q) - SpecialFunctions.GammaLn(px) + px * Math.Log(x);
                var sum = 0.0;
                for (var i = _start[g]; i < _start[g + 1]; i++)
                    sum += _weight[i] * (c + (px - 1) * _logMean[i] - (px + q) * Math.Log(gamma + _mean[i] * x));
                total += sum;
            }
            return total;
        }
    }
}
