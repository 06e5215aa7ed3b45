package io.osswarehouse.metrics;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;
import org.apache.commons.math3.stat.ranking.NaNStrategy;
import org.apache.commons.math3.stat.ranking.NaturalRanking;
import org.apache.commons.math3.stat.ranking.TiesStrategy;
import org.apache.commons.math3.util.FastMath;

/**
 * Cross-correlation of a community series (x: downloads, stars, docs visits) with a revenue series
 * (y: MRR, new MRR, new customers) at lags 0..K, on their period-to-period changes ({@link Growth}).
 *
 * <ul>
 *   <li>Lag k pairs the change of x in period t with the change of y in period t + k: a positive
 *       lag means the community series <em>leads</em> revenue by k periods.
 *   <li>Per lag: n overlapping pairs; Pearson r with its two-sided p-value (t with n − 2 degrees of
 *       freedom) and 95 % Fisher-z interval; Spearman rho (average ranks for ties) with its
 *       two-sided p-value from the same t approximation. These are R's {@code cor.test} for Pearson
 *       and {@code cor.test(method = "spearman", exact = FALSE)} for Spearman.
 *   <li>No coefficient (nulls, {@code is_reported = false}, a reason) when n is below the minimum
 *       overlap, or when either side is constant over the pairs (zero variance: r is undefined).
 *   <li>The peak is the reported lag with the largest |r|, the smallest lag on a tie.
 * </ul>
 */
public final class CrossCorrelation {
  /** Fewer pairs than this and r is too noisy to show: with 12 pairs |r| < 0.58 is not significant at 5 %. */
  public static final int DEFAULT_MIN_OVERLAP = 12;
  /** The Fisher-z interval's standard error is 1/√(n − 3), so a guard below 4 cannot be honoured. */
  public static final int SMALLEST_MIN_OVERLAP = 4;
  /**
   * Changes whose spread is below this fraction of their magnitude are treated as constant:
   * floating-point residue (log differences of an exactly steady growth) is not variance.
   */
  private static final double CONSTANT_TOLERANCE = 1e-9;
  private static final double CONFIDENCE = 0.95;
  // No sampling is done, so the distributions need no random generator.
  private static final double Z_CRITICAL =
      new NormalDistribution(null, 0, 1).inverseCumulativeProbability(0.5 + CONFIDENCE / 2);

  private CrossCorrelation() {}

  /**
   * @param maxLag the largest lag K tested (lags 0..K)
   * @param minOverlap the fewest overlapping pairs for which a coefficient is reported
   */
  public record Options(int maxLag, int minOverlap) {
    public Options {
      if (maxLag < 0) {
        throw new IllegalArgumentException("maxLag must be >= 0, got " + maxLag);
      }
      if (minOverlap < SMALLEST_MIN_OVERLAP) {
        throw new IllegalArgumentException("minOverlap must be >= " + SMALLEST_MIN_OVERLAP + ", got " + minOverlap);
      }
    }

    /** Lags 0..maxLag with the {@link #DEFAULT_MIN_OVERLAP default} guard. */
    public static Options upToLag(int maxLag) {
      return new Options(maxLag, DEFAULT_MIN_OVERLAP);
    }
  }

  /** The statistics of one set of pairs. */
  public record Stats(int n, double pearsonR, double pearsonP, double pearsonCiLow, double pearsonCiHigh,
      double spearmanRho, double spearmanP) {}

  /** One lag, as a gold row. The coefficient columns are null when {@code isReported} is false. */
  public record Row(String seriesX, String seriesY, String period, String transform, int lag, int n,
      Double pearsonR, Double pearsonP, Double pearsonCiLow, Double pearsonCiHigh, Double spearmanRho,
      Double spearmanP, boolean isReported, String reason) {}

  /**
   * All lags of one pair of series, the peak, and both series' CAGR over their common window.
   *
   * @param peak the reported row with the largest |r|; null, with {@code peakReason}, when no lag is
   *     reported
   * @param peakPearsonPBonferroni the peak's p-value times the number of reported lags (capped at 1):
   *     the peak was chosen as the best of several tests, so its own p-value overstates it
   */
  public record Result(List<Row> rows, Row peak, String peakReason, Double peakPearsonPBonferroni,
      Growth.Cagr cagrX, Growth.Cagr cagrY) {}

  /** Cross-correlates the changes of {@code x} (community) and {@code y} (revenue) at lags 0..K. */
  public static Result analyze(TimeSeries x, TimeSeries y, Growth.Transform transform, Options options) {
    if (x.period() != y.period()) {
      throw new IllegalArgumentException("cannot align a " + x.period().label() + "ly series ('" + x.name()
          + "') with a " + y.period().label() + "ly one ('" + y.name() + "')");
    }
    TimeSeries.Period period = x.period();
    Growth.Changes cx = Growth.changes(x, transform);
    Growth.Changes cy = Growth.changes(y, transform);
    List<Row> rows = new ArrayList<>();
    for (int lag = 0; lag <= options.maxLag(); lag++) {
      List<double[]> pairs = new ArrayList<>();
      for (Map.Entry<LocalDate, Double> e : cx.values().entrySet()) {
        Double later = cy.values().get(period.plus(e.getKey(), lag));
        if (later != null) {
          pairs.add(new double[] {e.getValue(), later});
        }
      }
      rows.add(row(x, y, transform, lag, pairs, options.minOverlap(), cx, cy));
    }
    return summarise(x, y, rows);
  }

  /**
   * Pearson and Spearman statistics of paired samples, without the overlap guard.
   *
   * @throws IllegalArgumentException when the lengths differ, n < 4 or either sample is constant
   */
  public static Stats correlate(double[] x, double[] y) {
    int n = x.length;
    if (y.length != n) {
      throw new IllegalArgumentException("samples differ in length: " + n + " and " + y.length);
    }
    if (n < SMALLEST_MIN_OVERLAP) {
      throw new IllegalArgumentException("need at least " + SMALLEST_MIN_OVERLAP + " pairs, got " + n);
    }
    if (isConstant(x) || isConstant(y)) {
      throw new IllegalArgumentException("a constant sample has no correlation");
    }
    double r = clamp(new PearsonsCorrelation().correlation(x, y));
    double rho = clamp(new SpearmansCorrelation(new NaturalRanking(NaNStrategy.FAILED, TiesStrategy.AVERAGE))
        .correlation(x, y));
    double halfWidth = Z_CRITICAL / Math.sqrt(n - 3);
    double z = FastMath.atanh(r);
    return new Stats(n, r, twoSidedP(r, n), Math.tanh(z - halfWidth), Math.tanh(z + halfWidth), rho,
        twoSidedP(rho, n));
  }

  private static Row row(TimeSeries x, TimeSeries y, Growth.Transform transform, int lag, List<double[]> pairs,
      int minOverlap, Growth.Changes cx, Growth.Changes cy) {
    int n = pairs.size();
    double[] xs = new double[n];
    double[] ys = new double[n];
    for (int i = 0; i < n; i++) {
      xs[i] = pairs.get(i)[0];
      ys[i] = pairs.get(i)[1];
    }
    String reason = null;
    if (n < minOverlap) {
      reason = n + " overlapping pairs, fewer than the minimum " + minOverlap + lostChanges(x, cx) + lostChanges(y, cy);
    } else if (isConstant(xs)) {
      reason = "'" + x.name() + "' is constant over the " + n + " pairs (zero variance)";
    } else if (isConstant(ys)) {
      reason = "'" + y.name() + "' is constant over the " + n + " pairs (zero variance)";
    }
    String periodLabel = x.period().label();
    if (reason != null) {
      return new Row(x.name(), y.name(), periodLabel, transform.label(), lag, n, null, null, null, null, null, null,
          false, reason);
    }
    Stats s = correlate(xs, ys);
    return new Row(x.name(), y.name(), periodLabel, transform.label(), lag, n, s.pearsonR(), s.pearsonP(),
        s.pearsonCiLow(), s.pearsonCiHigh(), s.spearmanRho(), s.spearmanP(), true, null);
  }

  private static Result summarise(TimeSeries x, TimeSeries y, List<Row> rows) {
    Row peak = null;
    int reported = 0;
    for (Row r : rows) {
      if (r.isReported()) {
        reported++;
        // Rows come in ascending lag, so a strict comparison keeps the smallest lag on a tie.
        if (peak == null || Math.abs(r.pearsonR()) > Math.abs(peak.pearsonR())) {
          peak = r;
        }
      }
    }
    String peakReason = peak == null ? "no lag has a reported coefficient" : null;
    Double adjusted = peak == null ? null : Math.min(1.0, peak.pearsonP() * reported);

    SortedMap<LocalDate, Double> xv = x.values();
    SortedMap<LocalDate, Double> yv = y.values();
    Growth.Cagr cagrX;
    Growth.Cagr cagrY;
    LocalDate from = xv.isEmpty() || yv.isEmpty() ? null : later(xv.firstKey(), yv.firstKey());
    LocalDate to = from == null ? null : earlier(xv.lastKey(), yv.lastKey());
    if (from == null || from.isAfter(to)) {
      String noWindow = "the two series have no period in common";
      cagrX = new Growth.Cagr(x.name(), null, null, null, null, null, null, noWindow);
      cagrY = new Growth.Cagr(y.name(), null, null, null, null, null, null, noWindow);
    } else {
      // Both over the same window, so the two rates are comparable side by side.
      cagrX = Growth.cagr(x, from, to);
      cagrY = Growth.cagr(y, from, to);
    }
    return new Result(Collections.unmodifiableList(rows), peak, peakReason, adjusted, cagrX, cagrY);
  }

  /** Two-sided p-value of a correlation under H0: ρ = 0, from t = r √((n − 2) / (1 − r²)). */
  private static double twoSidedP(double r, int n) {
    if (Math.abs(r) == 1.0) {
      return 0.0;
    }
    double df = n - 2;
    double t = r * Math.sqrt(df / (1 - r * r));
    // The lower tail at −|t| keeps precision for tiny p-values, where 1 − cdf(|t|) would cancel.
    return 2 * new TDistribution(null, df).cumulativeProbability(-Math.abs(t));
  }

  private static boolean isConstant(double[] v) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double d : v) {
      lo = Math.min(lo, d);
      hi = Math.max(hi, d);
    }
    return hi - lo <= CONSTANT_TOLERANCE * Math.max(Math.abs(lo), Math.abs(hi));
  }

  /** Rounding can put a perfect correlation a hair outside [−1, 1], where atanh and √(1 − r²) fail. */
  private static double clamp(double r) {
    return Math.max(-1.0, Math.min(1.0, r));
  }

  private static String lostChanges(TimeSeries s, Growth.Changes c) {
    if (c.brokenByGaps() == 0 && c.undefinedLogs() == 0) {
      return "";
    }
    return "; '" + s.name() + "' lost " + c.brokenByGaps() + " changes to missing periods and " + c.undefinedLogs()
        + " to levels <= 0";
  }

  private static LocalDate later(LocalDate a, LocalDate b) {
    return a.isAfter(b) ? a : b;
  }

  private static LocalDate earlier(LocalDate a, LocalDate b) {
    return a.isBefore(b) ? a : b;
  }
}
