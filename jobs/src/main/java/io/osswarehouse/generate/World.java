package io.osswarehouse.generate;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The generated world: a seed, a date window and the organisations in it. Every emitter derives its
 * data from this, so one (seed, organisations, start, end) always describes the same companies.
 */
public final class World {
  /** Where organisations are based; drives billing currency, tax and web domain. */
  private record Country(String code, String currency, int weight, String tld) {}

  private static final List<Country> COUNTRIES = List.of(
      new Country("US", "USD", 46, ".com"), new Country("CA", "USD", 4, ".ca"),
      new Country("AU", "USD", 3, ".com.au"), new Country("IN", "USD", 4, ".in"),
      new Country("SG", "USD", 2, ".sg"), new Country("BR", "USD", 2, ".com.br"),
      new Country("DE", "EUR", 8, ".de"), new Country("FR", "EUR", 5, ".fr"),
      new Country("NL", "EUR", 3, ".nl"), new Country("ES", "EUR", 3, ".es"),
      new Country("GB", "GBP", 10, ".co.uk"), new Country("JP", "JPY", 7, ".co.jp"),
      new Country("KW", "KWD", 3, ".com.kw"));
  private static final int TOTAL_WEIGHT = COUNTRIES.stream().mapToInt(Country::weight).sum();
  private static final String[] ONSETS = {"b", "c", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v",
      "z", "br", "cr", "dr", "fl", "gr", "kr", "pl", "st", "tr", "qu", "sh"};
  private static final String[] VOWELS = {"a", "e", "i", "o", "u", "ai", "ea", "io", "y"};
  private static final String[] CODAS = {"", "", "", "n", "r", "s", "x", "l", "m", "th"};
  private static final String[] SUFFIXES = {"Labs", "Analytics", "Systems", "Cloud", "Data", "Software",
      "Technologies", "Networks", "Robotics", "Health", "Logistics", "Finance", "Studio", "Works", "AI"};

  private final long seed;
  private final LocalDate start;
  private final LocalDate end;
  private final List<Organization> organizations;

  private World(long seed, LocalDate start, LocalDate end, List<Organization> organizations) {
    this.seed = seed;
    this.start = start;
    this.end = end;
    this.organizations = List.copyOf(organizations);
  }

  /** Builds {@code count} organisations; organisation i only depends on (seed, i). */
  public static World create(long seed, int count, LocalDate start, LocalDate end) {
    if (count < 1 || end.isBefore(start)) {
      throw new IllegalArgumentException("need at least one organisation and start <= end");
    }
    List<Organization> orgs = new ArrayList<>(count);
    Set<String> domains = new HashSet<>(); // membership only, never iterated
    LocalDate firstSeen = start.minusDays(365);
    LocalDate lastSeen = end.minusDays(30).isAfter(start) ? end.minusDays(30) : start;
    long span = ChronoUnit.DAYS.between(firstSeen, lastSeen) + 1;
    for (int i = 1; i <= count; i++) {
      SplittableRandom rnd = Seeds.stream(seed, i, "organization");
      Country country = pickCountry(rnd.nextInt(TOTAL_WEIGHT));
      String word = word(rnd);
      String name = word + " " + SUFFIXES[rnd.nextInt(SUFFIXES.length)];
      String domain = word.toLowerCase(Locale.ROOT) + country.tld();
      if (!domains.add(domain)) {
        domain = word.toLowerCase(Locale.ROOT) + i + country.tld();
        domains.add(domain);
      }
      long headCount = Math.round(StrictMath.exp(3.3 + 1.4 * Seeds.gaussian(rnd))); // log-normal, median ~27
      int employees = (int) Math.max(1, Math.min(50_000, headCount));
      LocalDate discovered = firstSeen.plusDays(rnd.nextLong(span));
      double u = rnd.nextDouble();
      Organization.Traits traits = new Organization.Traits(
          u * u, // most organisations use the project lightly
          Math.max(-1, Math.min(1, 0.2 + 0.5 * Seeds.gaussian(rnd))),
          Math.max(0.3, Math.min(3, StrictMath.exp(0.5 * Seeds.gaussian(rnd)))),
          rnd.nextDouble());
      orgs.add(new Organization(i, String.format(Locale.ROOT, "org_%06d", i), name, domain, country.code(),
          country.currency(), employees, discovered, traits));
    }
    return new World(seed, start, end, orgs);
  }

  private static Country pickCountry(int ticket) {
    for (Country c : COUNTRIES) {
      ticket -= c.weight();
      if (ticket < 0) {
        return c;
      }
    }
    throw new IllegalStateException("weights");
  }

  /** A pronounceable made-up company word: two or three syllables. */
  private static String word(SplittableRandom rnd) {
    StringBuilder b = new StringBuilder();
    int syllables = 2 + rnd.nextInt(2);
    for (int s = 0; s < syllables; s++) {
      b.append(ONSETS[rnd.nextInt(ONSETS.length)]).append(VOWELS[rnd.nextInt(VOWELS.length)]);
    }
    b.append(CODAS[rnd.nextInt(CODAS.length)]);
    return Character.toUpperCase(b.charAt(0)) + b.substring(1);
  }

  public long seed() {
    return seed;
  }

  public LocalDate start() {
    return start;
  }

  public LocalDate end() {
    return end;
  }

  public List<Organization> organizations() {
    return organizations;
  }
}
