package io.osswarehouse.generate;

import java.time.Instant;
import java.util.SplittableRandom;

/**
 * Deterministic randomness: one independent stream per (seed, owner, purpose), so that adding an
 * emitter or an organisation never shifts the draws of another one.
 */
final class Seeds {
  private Seeds() {}

  /** The stream for {@code purpose} of owner {@code index} (organisation index; 0 for world-wide things). */
  static SplittableRandom stream(long seed, long index, String purpose) {
    return new SplittableRandom(mix(seed ^ mix(index * 0x9E3779B97F4A7C15L + purpose.hashCode())));
  }

  /** SplitMix64's finaliser: a bijection on 64-bit values with good avalanche. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /**
   * A standard normal draw (Box-Muller with StrictMath), so results are bit-identical on every JVM;
   * RandomGenerator.nextGaussian and Math.log/exp may differ between JDK versions or platforms.
   */
  static double gaussian(SplittableRandom rnd) {
    double u = 1 - rnd.nextDouble(); // (0, 1]: log is finite
    return StrictMath.sqrt(-2 * StrictMath.log(u)) * StrictMath.cos(2 * StrictMath.PI * rnd.nextDouble());
  }

  /** A uniformly random second in [from, to); {@code from} when the range is empty. */
  static Instant between(SplittableRandom rnd, Instant from, Instant to) {
    long span = to.getEpochSecond() - from.getEpochSecond();
    return span <= 0 ? from : from.plusSeconds(rnd.nextLong(span));
  }

  /** An integer in [lo, hi] inclusive. */
  static int range(SplittableRandom rnd, int lo, int hi) {
    return lo + rnd.nextInt(hi - lo + 1);
  }

  /** A Poisson draw (Knuth for small means, a rounded normal above 30), bit-identical everywhere. */
  static int poisson(SplittableRandom rnd, double mean) {
    if (mean <= 0) {
      return 0;
    }
    if (mean > 30) {
      return (int) Math.max(0, Math.round(mean + StrictMath.sqrt(mean) * gaussian(rnd)));
    }
    double limit = StrictMath.exp(-mean);
    double product = rnd.nextDouble();
    int n = 0;
    while (product > limit) {
      product *= rnd.nextDouble();
      n++;
    }
    return n;
  }
}
