package io.osswarehouse.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.osswarehouse.metrics.CrossCorrelation.Options;
import io.osswarehouse.metrics.CrossCorrelation.Result;
import io.osswarehouse.metrics.CrossCorrelation.Row;
import io.osswarehouse.metrics.CrossCorrelation.Stats;
import io.osswarehouse.metrics.Growth.Transform;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Lag convention, guards and the statistics, checked against R's cor.test output. */
class CrossCorrelationTest {
  private static final LocalDate JAN_2020 = LocalDate.of(2020, 1, 1);
  private static final LocalDate MONDAY = LocalDate.of(2024, 1, 1);

  private static TimeSeries series(String name, TimeSeries.Period period, LocalDate start, double[] levels) {
    Map<LocalDate, Double> m = new HashMap<>();
    for (int i = 0; i < levels.length; i++) {
      m.put(period.plus(start, i), levels[i]);
    }
    return new TimeSeries(name, period, new TreeMap<>(m));
  }

  private static TimeSeries monthly(String name, double[] levels) {
    return series(name, TimeSeries.Period.MONTH, JAN_2020, levels);
  }

  private static double[] randomWalk(Random rnd, int n, double start, double drift, double sd) {
    double[] v = new double[n];
    v[0] = start;
    for (int t = 1; t < n; t++) {
      v[t] = v[t - 1] + drift + sd * rnd.nextGaussian();
    }
    return v;
  }

  @Test
  void aPlantedThreeMonthLeadPeaksAtLagThree() {
    // Downloads grow by ~100 a month; MRR follows downloads three months later, plus noise.
    Random rnd = new Random(20240601);
    int months = 60;
    double[] downloads = randomWalk(rnd, months, 1000, 100, 30);
    double[] mrr = new double[months];
    for (int t = 0; t < months; t++) {
      mrr[t] = 0.2 * downloads[Math.max(0, t - 3)] + 5 * rnd.nextGaussian();
    }
    Result r = CrossCorrelation.analyze(monthly("downloads", downloads), monthly("mrr", mrr), Transform.DIFF,
        Options.upToLag(6));

    assertEquals(7, r.rows().size());
    assertEquals(3, r.peak().lag());
    assertTrue(r.peak().pearsonR() > 0.5, "peak r " + r.peak().pearsonR());
    assertTrue(r.peak().pearsonP() < 1e-4, "peak p " + r.peak().pearsonP());
    assertTrue(r.peak().pearsonCiLow() > 0 && r.peak().pearsonCiHigh() < 1);
    assertEquals(7 * r.peak().pearsonP(), r.peakPearsonPBonferroni(), 1e-15, "7 lags tested");
    for (Row row : r.rows()) {
      assertTrue(row.isReported(), row.toString());
      assertEquals("downloads", row.seriesX());
      assertEquals("month", row.period());
      assertEquals("diff", row.transform());
      assertEquals(59 - row.lag(), row.n(), "59 changes, one fewer overlapping pair per lag");
      if (row.lag() != 3) {
        assertTrue(Math.abs(row.pearsonR()) < 0.3, row.toString());
        assertTrue(Math.abs(row.spearmanRho()) < Math.abs(r.rows().get(3).spearmanRho()), row.toString());
      }
    }

    // The sign convention: with the roles swapped, revenue would have to lead, and nothing peaks.
    Result swapped = CrossCorrelation.analyze(monthly("mrr", mrr), monthly("downloads", downloads), Transform.DIFF,
        Options.upToLag(6));
    assertTrue(Math.abs(swapped.peak().pearsonR()) < 0.3, swapped.peak().toString());
  }

  @Test
  void aPlantedLeadInWeeklyGrowthRates() {
    // Stars grow ~1 % a week; weekly new MRR is proportional to stars three weeks earlier.
    Random rnd = new Random(7);
    int weeks = 104;
    double[] stars = new double[weeks];
    double[] newMrr = new double[weeks];
    stars[0] = 5000;
    for (int t = 1; t < weeks; t++) {
      stars[t] = stars[t - 1] * Math.exp(0.01 + 0.05 * rnd.nextGaussian());
    }
    for (int t = 0; t < weeks; t++) {
      newMrr[t] = 0.05 * stars[Math.max(0, t - 3)] * Math.exp(0.02 * rnd.nextGaussian());
    }
    Result r = CrossCorrelation.analyze(series("stars", TimeSeries.Period.WEEK, MONDAY, stars),
        series("new_mrr", TimeSeries.Period.WEEK, MONDAY, newMrr), Transform.LOG_DIFF, Options.upToLag(8));
    assertEquals(3, r.peak().lag());
    assertEquals("week", r.peak().period());
    assertEquals("log_diff", r.peak().transform());
    assertTrue(r.peak().spearmanRho() > 0.5, r.peak().toString());
  }

  @Test
  void independentRandomWalksCorrelateInLevelsButNotInDifferences() {
    // Granger and Newbold's experiment: pairs of independent random walks. Their levels look
    // "significantly" correlated most of the time; their differences at about the nominal 5 %.
    Random rnd = new Random(1974);
    int trials = 200;
    int levelsSignificant = 0;
    int differencesSignificant = 0;
    for (int i = 0; i < trials; i++) {
      double[] downloads = randomWalk(rnd, 120, 10_000, 0, 100);
      double[] mrr = randomWalk(rnd, 120, 50_000, 0, 500);
      Stats levels = CrossCorrelation.correlate(downloads, mrr);
      Row differences = CrossCorrelation.analyze(monthly("downloads", downloads), monthly("mrr", mrr),
          Transform.DIFF, Options.upToLag(0)).rows().get(0);
      levelsSignificant += levels.pearsonP() < 0.05 ? 1 : 0;
      differencesSignificant += differences.pearsonP() < 0.05 ? 1 : 0;
    }
    assertTrue(levelsSignificant > trials / 2, "levels significant in " + levelsSignificant + " of " + trials);
    assertTrue(differencesSignificant < trials / 10,
        "differences significant in " + differencesSignificant + " of " + trials);
  }

  @Test
  void noCoefficientBelowTheMinimumOverlap() {
    Random rnd = new Random(3);
    // 14 months give 13 changes: lag 0 has 13 pairs, lag 1 has 12, lag 2 only 11.
    TimeSeries x = monthly("docs_visits", randomWalk(rnd, 14, 100, 1, 10));
    TimeSeries y = monthly("new_customers", randomWalk(rnd, 14, 100, 1, 10));
    Result r = CrossCorrelation.analyze(x, y, Transform.DIFF, new Options(3, 12));

    assertTrue(r.rows().get(0).isReported());
    assertTrue(r.rows().get(1).isReported());
    for (Row row : r.rows().subList(2, 4)) {
      assertFalse(row.isReported());
      assertEquals(13 - row.lag(), row.n());
      assertNull(row.pearsonR());
      assertNull(row.pearsonP());
      assertNull(row.pearsonCiLow());
      assertNull(row.spearmanRho());
      assertNull(row.spearmanP());
      assertTrue(row.reason().startsWith((13 - row.lag()) + " overlapping pairs, fewer than the minimum 12"),
          row.reason());
    }

    Result none = CrossCorrelation.analyze(x, y, Transform.DIFF, Options.upToLag(2));
    assertEquals(CrossCorrelation.DEFAULT_MIN_OVERLAP, 12);
    assertTrue(none.rows().get(0).isReported());
    assertFalse(none.rows().get(2).isReported());

    Result tooShort = CrossCorrelation.analyze(x, y, Transform.DIFF, new Options(0, 20));
    assertNull(tooShort.peak());
    assertNull(tooShort.peakPearsonPBonferroni());
    assertEquals("no lag has a reported coefficient", tooShort.peakReason());

    // With 2 pairs r is always ±1 and the interval needs n > 3: the guard cannot go below 4.
    assertThrows(IllegalArgumentException.class, () -> new Options(0, 3));
  }

  @Test
  void theGuardReasonSaysWhereChangesWereLost() {
    double[] levels = new double[16];
    for (int i = 0; i < levels.length; i++) {
      levels[i] = 100 + i * i % 7;
    }
    Map<LocalDate, Double> withGap = new HashMap<>(monthly("downloads", levels).values());
    withGap.remove(JAN_2020.plusMonths(8));
    Result r = CrossCorrelation.analyze(TimeSeries.monthly("downloads", withGap), monthly("mrr", levels),
        Transform.DIFF, new Options(0, 14));
    Row row = r.rows().get(0);
    assertEquals(13, row.n(), "15 changes less the two that touch the missing month");
    assertFalse(row.isReported());
    assertTrue(row.reason().endsWith("'downloads' lost 2 changes to missing periods and 0 to levels <= 0"),
        row.reason());
  }

  @Test
  void gapsAreSkippedNotZeroFilled() {
    Random rnd = new Random(11);
    double[] x = randomWalk(rnd, 36, 1000, 10, 50);
    double[] y = randomWalk(rnd, 36, 1000, 10, 50);
    Map<LocalDate, Double> xWithGaps = new HashMap<>(monthly("downloads", x).values());
    xWithGaps.remove(JAN_2020.plusMonths(10));
    xWithGaps.put(JAN_2020.plusMonths(20), null);
    Row row = CrossCorrelation.analyze(TimeSeries.monthly("downloads", xWithGaps), monthly("mrr", y),
        Transform.DIFF, Options.upToLag(0)).rows().get(0);
    assertEquals(35 - 4, row.n());

    // The same pairs by hand: only months whose own and previous level exist on both sides.
    int n = 0;
    double[] dx = new double[31];
    double[] dy = new double[31];
    for (int t = 1; t < 36; t++) {
      if (t == 10 || t == 11 || t == 20 || t == 21) {
        continue;
      }
      dx[n] = x[t] - x[t - 1];
      dy[n] = y[t] - y[t - 1];
      n++;
    }
    assertEquals(CrossCorrelation.correlate(dx, dy).pearsonR(), row.pearsonR(), 1e-12);
  }

  @Test
  void constantChangesReportNullWithAReasonNotNaN() {
    double[] downloads = randomWalk(new Random(5), 24, 1000, 10, 50);
    double[] linearMrr = new double[24];
    double[] steadyGrowthMrr = new double[24];
    for (int t = 0; t < 24; t++) {
      linearMrr[t] = 1000 + 100 * t;
      steadyGrowthMrr[t] = 1000 * Math.pow(1.05, t);
    }
    Row diff = CrossCorrelation.analyze(monthly("downloads", downloads), monthly("mrr", linearMrr), Transform.DIFF,
        Options.upToLag(0)).rows().get(0);
    assertFalse(diff.isReported());
    assertNull(diff.pearsonR());
    assertNull(diff.spearmanRho());
    assertEquals("'mrr' is constant over the 23 pairs (zero variance)", diff.reason());

    // Exactly 5 % a month: the log differences agree to the last bits only, still constant.
    Result growth = CrossCorrelation.analyze(monthly("downloads", downloads), monthly("mrr", steadyGrowthMrr),
        Transform.LOG_DIFF, Options.upToLag(1));
    assertFalse(growth.rows().get(0).isReported());
    assertNull(growth.peak());

    assertThrows(IllegalArgumentException.class,
        () -> CrossCorrelation.correlate(new double[] {1, 2, 3, 4}, new double[] {2, 2, 2, 2}));
  }

  @Test
  void periodsMustMatch() {
    TimeSeries weekly = series("stars", TimeSeries.Period.WEEK, MONDAY, new double[] {1, 2});
    TimeSeries monthly = monthly("mrr", new double[] {1, 2});
    assertThrows(IllegalArgumentException.class,
        () -> CrossCorrelation.analyze(weekly, monthly, Transform.DIFF, Options.upToLag(0)));
  }

  @Test
  void matchesRCorTestOnHollanderAndWolfe() {
    // The example of R's ?cor.test (Hollander & Wolfe 1973, p. 187). R prints for cor.test(x, y):
    // t = 1.8411, df = 7, p-value = 0.1082, 95 % CI -0.1497426 0.8955795, cor 0.5711816
    // (p = 0.1081731 unrounded, as reported by the tidystats package's tests).
    double[] x = {44.4, 45.9, 41.9, 53.3, 44.7, 44.1, 50.7, 45.2, 60.1};
    double[] y = {2.6, 3.1, 2.5, 5.0, 3.6, 4.0, 5.2, 2.8, 3.8};
    Stats s = CrossCorrelation.correlate(x, y);
    assertEquals(9, s.n());
    assertEquals(0.5711816, s.pearsonR(), 1e-7);
    assertEquals(0.1081731, s.pearsonP(), 1e-7);
    assertEquals(-0.1497426, s.pearsonCiLow(), 1e-7);
    assertEquals(0.8955795, s.pearsonCiHigh(), 1e-7);
    // Spearman: rho = 0.6 (R: S = 48). R's default p here is the exact one (0.0968); ours is the
    // t approximation, cor.test(..., method = "spearman", exact = FALSE): t = 0.6·√(7/0.64) = 1.9843
    // on 7 df, p = 0.08762 (the value Smile's CorTestTest also checks).
    assertEquals(0.6, s.spearmanRho(), 1e-12);
    assertEquals(0.08762, s.spearmanP(), 5e-6);
  }

  @Test
  void matchesRCorTestOnMtcarsWithTiedRanks() {
    // R's mtcars, mpg against wt (32 cars). Both have ties (mpg 21.0, 22.8, 10.4, 15.2, 19.2, 30.4,
    // 21.4 twice; wt 3.44 three times, 3.57 twice), so R ranks them by averages and warns that it
    // "cannot compute exact p-value with ties". R's output:
    //   cor.test(mtcars$mpg, mtcars$wt): cor -0.8676594, p-value 1.294e-10,
    //     95 % CI -0.9338264 -0.7440872
    //   cor.test(mtcars$mpg, mtcars$wt, method = "spearman", exact = FALSE): rho -0.886422 (S = 10292),
    //     p-value 1.487595e-11
    double[] mpg = {21.0, 21.0, 22.8, 21.4, 18.7, 18.1, 14.3, 24.4, 22.8, 19.2, 17.8, 16.4, 17.3, 15.2, 10.4, 10.4,
        14.7, 32.4, 30.4, 33.9, 21.5, 15.5, 15.2, 13.3, 19.2, 27.3, 26.0, 30.4, 15.8, 19.7, 15.0, 21.4};
    double[] wt = {2.620, 2.875, 2.320, 3.215, 3.440, 3.460, 3.570, 3.190, 3.150, 3.440, 3.440, 4.070, 3.730, 3.780,
        5.250, 5.424, 5.345, 2.200, 1.615, 1.835, 2.465, 3.520, 3.435, 3.840, 3.845, 1.935, 2.140, 1.513, 3.170,
        2.770, 3.570, 2.780};
    Stats s = CrossCorrelation.correlate(mpg, wt);
    assertEquals(-0.8676594, s.pearsonR(), 1e-7);
    assertEquals(1.294e-10, s.pearsonP(), 1e-13);
    assertEquals(-0.9338264, s.pearsonCiLow(), 1e-7);
    assertEquals(-0.7440872, s.pearsonCiHigh(), 1e-7);
    assertEquals(-0.886422, s.spearmanRho(), 1e-6);
    assertEquals(1.487595e-11, s.spearmanP(), 1e-17);
  }

  @Test
  void spearmanAveragesTiedRanks() {
    // x = 1, 2, 2, 3 ranks as 1, 2.5, 2.5, 4; y = 1, 3, 2, 4 as 1, 3, 2, 4. Pearson on those ranks:
    // Σdxdy = 4.5, Σdx² = 4.5, Σdy² = 5, so rho = 4.5 / √22.5 = 3/√10 = 0.948683. The no-ties
    // shortcut 1 − 6Σd²/(n(n²−1)) would give 0.95.
    Stats s = CrossCorrelation.correlate(new double[] {1, 2, 2, 3}, new double[] {1, 3, 2, 4});
    assertEquals(3 / Math.sqrt(10), s.spearmanRho(), 1e-12);
  }

  @Test
  void cagrOfBothSeriesOverTheirCommonWindow() {
    // Downloads from Jan 2020, MRR only from Jan 2021: both CAGRs start in Jan 2021.
    double[] downloads = new double[49];
    double[] mrr = new double[37];
    for (int t = 0; t < 49; t++) {
      downloads[t] = 1000 * Math.pow(2, t / 12.0); // doubles every year
    }
    for (int t = 0; t < 37; t++) {
      mrr[t] = 500 * Math.pow(1.5, t / 12.0); // +50 % a year
    }
    Result r = CrossCorrelation.analyze(monthly("downloads", downloads),
        series("mrr", TimeSeries.Period.MONTH, JAN_2020.plusYears(1), mrr), Transform.LOG_DIFF, Options.upToLag(1));
    assertNotNull(r.cagrX().cagr());
    assertEquals(JAN_2020.plusYears(1), r.cagrX().startDate());
    assertEquals(JAN_2020.plusYears(4), r.cagrX().endDate());
    assertEquals(1.0, r.cagrX().cagr(), 1e-9);
    assertEquals(JAN_2020.plusYears(1), r.cagrY().startDate());
    assertEquals(0.5, r.cagrY().cagr(), 1e-9);
  }
}
