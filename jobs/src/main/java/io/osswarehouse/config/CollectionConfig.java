package io.osswarehouse.config;

import java.net.URI;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code warehouse collect} fetches and from where (docs/configuration.md, "Collection"). The GitHub
 * repositories and organisations are {@link WarehouseConfig#githubRepositories()} and
 * {@link WarehouseConfig#githubOrganizations()}, shared with GH Archive's filter. Secrets are not settings:
 * tokens come from environment variables, or from files named here ({@code *-file} keys) that only their
 * owner may read; they are read when a collector needs them, never stored in this record.
 *
 * @param githubApi GitHub REST API base URL
 * @param githubTokenFile file holding the GitHub token, or null (then {@code WAREHOUSE_GITHUB_TOKEN})
 * @param githubMaxUserProfiles profiles ({@code GET /users/{login}}) fetched per collect at most; 0: none
 * @param githubUserRefreshDays a profile fetched this many days before the run date is fetched again
 * @param gharchiveUrl GH Archive's HTTP server
 * @param stripeApi Stripe API base URL
 * @param stripeApiVersion the {@code Stripe-Version} every request pins
 * @param stripeAccount a connected account ({@code Stripe-Account} header), or null for the key's own account
 * @param stripeKeyFile file holding the Stripe secret key, or null (then {@code WAREHOUSE_STRIPE_API_KEY})
 * @param stripeOverlap how far before the newest object seen the next incremental list starts
 * @param npmPackages npm packages ({@code name} or {@code @scope/name})
 * @param npmApi npm downloads API base URL
 * @param npmDays trailing days re-fetched every collect (npm revises recent days)
 * @param npmHistoryFrom first day fetched for a package never collected before (in 18-month chunks)
 * @param pypiPackages PyPI projects fetched from pypistats.org
 * @param pypistatsApi pypistats.org base URL
 * @param pypistatsEndpoints pypistats endpoints ({@code overall}, {@code system}, {@code python_major},
 *     {@code python_minor}, {@code recent})
 * @param dockerImages Docker Hub repositories ({@code namespace/name}; a bare name is {@code library/name})
 * @param dockerHubApi Docker Hub API base URL
 * @param plausibleSites Plausible site ids (the domains as registered in Plausible)
 * @param plausibleApi Plausible base URL (self-hosted instances differ)
 * @param plausibleKeyFile file holding the Plausible Stats API key, or null (then {@code WAREHOUSE_PLAUSIBLE_API_KEY})
 * @param plausibleDays trailing days re-fetched every collect (the site's day may end after the collect)
 * @param maxAttempts attempts per request on 5xx, timeouts and broken bodies
 * @param backoff first wait between attempts (doubled each time, with jitter, up to a minute)
 * @param requestTimeout per request: connecting, the headers, and any pause in a body
 * @param sourceBudget total time one source may take; past it the source stops with what it finished
 */
public record CollectionConfig(
    URI githubApi,
    Path githubTokenFile,
    int githubMaxUserProfiles,
    int githubUserRefreshDays,
    URI gharchiveUrl,
    URI stripeApi,
    String stripeApiVersion,
    String stripeAccount,
    Path stripeKeyFile,
    Duration stripeOverlap,
    List<String> npmPackages,
    URI npmApi,
    int npmDays,
    LocalDate npmHistoryFrom,
    List<String> pypiPackages,
    URI pypistatsApi,
    List<String> pypistatsEndpoints,
    List<String> dockerImages,
    URI dockerHubApi,
    List<String> plausibleSites,
    URI plausibleApi,
    Path plausibleKeyFile,
    int plausibleDays,
    int maxAttempts,
    Duration backoff,
    Duration requestTimeout,
    Duration sourceBudget) {

  public static final String GITHUB_API = "collect.github.api-url";
  public static final String GITHUB_TOKEN_FILE = "collect.github.token-file";
  public static final String GITHUB_MAX_USER_PROFILES = "collect.github.max-user-profiles";
  public static final String GITHUB_USER_REFRESH_DAYS = "collect.github.user-refresh-days";
  public static final String GHARCHIVE_URL = "collect.gharchive.url";
  public static final String STRIPE_API = "collect.stripe.api-url";
  public static final String STRIPE_API_VERSION = "collect.stripe.api-version";
  public static final String STRIPE_ACCOUNT = "collect.stripe.account";
  public static final String STRIPE_KEY_FILE = "collect.stripe.key-file";
  public static final String STRIPE_OVERLAP_HOURS = "collect.stripe.overlap-hours";
  public static final String NPM_PACKAGES = "collect.npm.packages";
  public static final String NPM_API = "collect.npm.api-url";
  public static final String NPM_DAYS = "collect.npm.days";
  public static final String NPM_HISTORY_FROM = "collect.npm.history-from";
  public static final String PYPI_PACKAGES = "collect.pypi.packages";
  public static final String PYPISTATS_API = "collect.pypistats.api-url";
  public static final String PYPISTATS_ENDPOINTS = "collect.pypistats.endpoints";
  public static final String DOCKER_IMAGES = "collect.dockerhub.images";
  public static final String DOCKERHUB_API = "collect.dockerhub.api-url";
  public static final String PLAUSIBLE_SITES = "collect.plausible.sites";
  public static final String PLAUSIBLE_API = "collect.plausible.api-url";
  public static final String PLAUSIBLE_KEY_FILE = "collect.plausible.key-file";
  public static final String PLAUSIBLE_DAYS = "collect.plausible.days";
  public static final String MAX_ATTEMPTS = "collect.max-attempts";
  public static final String BACKOFF_SECONDS = "collect.backoff-seconds";
  public static final String TIMEOUT_SECONDS = "collect.timeout-seconds";
  public static final String MAX_MINUTES = "collect.max-minutes-per-source";

  /** Secrets: environment variables only (a file's path may also come from the *-file keys). */
  public static final String GITHUB_TOKEN_ENV = "WAREHOUSE_GITHUB_TOKEN";
  public static final String STRIPE_KEY_ENV = "WAREHOUSE_STRIPE_API_KEY";
  public static final String PLAUSIBLE_KEY_ENV = "WAREHOUSE_PLAUSIBLE_API_KEY";

  /** The pypistats endpoints there are. */
  public static final List<String> PYPISTATS_KNOWN = List.of("overall", "system", "python_major", "python_minor",
      "recent");

  /** Environment variable of each key. */
  public static final Map<String, String> ENV = Map.ofEntries(
      Map.entry(GITHUB_API, "WAREHOUSE_GITHUB_API_URL"),
      Map.entry(GITHUB_TOKEN_FILE, GITHUB_TOKEN_ENV + "_FILE"),
      Map.entry(GITHUB_MAX_USER_PROFILES, "WAREHOUSE_GITHUB_MAX_USER_PROFILES"),
      Map.entry(GITHUB_USER_REFRESH_DAYS, "WAREHOUSE_GITHUB_USER_REFRESH_DAYS"),
      Map.entry(GHARCHIVE_URL, "WAREHOUSE_GHARCHIVE_URL"),
      Map.entry(STRIPE_API, "WAREHOUSE_STRIPE_API_URL"),
      Map.entry(STRIPE_API_VERSION, "WAREHOUSE_STRIPE_API_VERSION"),
      Map.entry(STRIPE_ACCOUNT, "WAREHOUSE_STRIPE_ACCOUNT"),
      Map.entry(STRIPE_KEY_FILE, STRIPE_KEY_ENV + "_FILE"),
      Map.entry(STRIPE_OVERLAP_HOURS, "WAREHOUSE_STRIPE_OVERLAP_HOURS"),
      Map.entry(NPM_PACKAGES, "WAREHOUSE_NPM_PACKAGES"),
      Map.entry(NPM_API, "WAREHOUSE_NPM_API_URL"),
      Map.entry(NPM_DAYS, "WAREHOUSE_NPM_DAYS"),
      Map.entry(NPM_HISTORY_FROM, "WAREHOUSE_NPM_HISTORY_FROM"),
      Map.entry(PYPI_PACKAGES, "WAREHOUSE_PYPI_PACKAGES"),
      Map.entry(PYPISTATS_API, "WAREHOUSE_PYPISTATS_API_URL"),
      Map.entry(PYPISTATS_ENDPOINTS, "WAREHOUSE_PYPISTATS_ENDPOINTS"),
      Map.entry(DOCKER_IMAGES, "WAREHOUSE_DOCKERHUB_IMAGES"),
      Map.entry(DOCKERHUB_API, "WAREHOUSE_DOCKERHUB_API_URL"),
      Map.entry(PLAUSIBLE_SITES, "WAREHOUSE_PLAUSIBLE_SITES"),
      Map.entry(PLAUSIBLE_API, "WAREHOUSE_PLAUSIBLE_API_URL"),
      Map.entry(PLAUSIBLE_KEY_FILE, PLAUSIBLE_KEY_ENV + "_FILE"),
      Map.entry(PLAUSIBLE_DAYS, "WAREHOUSE_PLAUSIBLE_DAYS"),
      Map.entry(MAX_ATTEMPTS, "WAREHOUSE_COLLECT_MAX_ATTEMPTS"),
      Map.entry(BACKOFF_SECONDS, "WAREHOUSE_COLLECT_BACKOFF_SECONDS"),
      Map.entry(TIMEOUT_SECONDS, "WAREHOUSE_COLLECT_TIMEOUT_SECONDS"),
      Map.entry(MAX_MINUTES, "WAREHOUSE_COLLECT_MAX_MINUTES_PER_SOURCE"));

  public CollectionConfig {
    npmPackages = List.copyOf(npmPackages);
    pypiPackages = List.copyOf(pypiPackages);
    pypistatsEndpoints = List.copyOf(pypistatsEndpoints);
    dockerImages = List.copyOf(dockerImages);
    plausibleSites = List.copyOf(plausibleSites);
    for (String e : pypistatsEndpoints) {
      if (!PYPISTATS_KNOWN.contains(e)) {
        throw new IllegalArgumentException(PYPISTATS_ENDPOINTS + ": '" + e + "' is not one of " + PYPISTATS_KNOWN);
      }
    }
    for (String image : dockerImages) {
      if (!image.matches("[a-z0-9._-]+/[a-z0-9._-]+")) {
        throw new IllegalArgumentException(DOCKER_IMAGES + ": '" + image + "' is not namespace/name");
      }
    }
    for (String pkg : npmPackages) {
      if (!pkg.matches("(@[a-z0-9][a-z0-9._~-]*/)?[A-Za-z0-9][A-Za-z0-9._~-]*")) {
        throw new IllegalArgumentException(NPM_PACKAGES + ": '" + pkg + "' is not an npm package name");
      }
    }
    for (String pkg : pypiPackages) {
      if (!pkg.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
        throw new IllegalArgumentException(PYPI_PACKAGES + ": '" + pkg + "' is not a PyPI project name");
      }
    }
    for (String site : plausibleSites) {
      if (!site.matches("[a-z0-9.-]+") || site.contains("..")) {
        throw new IllegalArgumentException(PLAUSIBLE_SITES + ": '" + site + "' is not a Plausible site id (a domain)");
      }
    }
    positive(GITHUB_USER_REFRESH_DAYS, githubUserRefreshDays);
    positive(NPM_DAYS, npmDays);
    positive(PLAUSIBLE_DAYS, plausibleDays);
    positive(MAX_ATTEMPTS, maxAttempts);
    if (githubMaxUserProfiles < 0) {
      throw new IllegalArgumentException(GITHUB_MAX_USER_PROFILES + " must not be negative");
    }
    if (stripeApiVersion == null || !stripeApiVersion.matches("\\d{4}-\\d{2}-\\d{2}(\\.[a-z]+)?")) {
      throw new IllegalArgumentException(STRIPE_API_VERSION + " must look like 2025-03-31.basil, got '"
          + stripeApiVersion + "'");
    }
    if (stripeAccount != null && stripeAccount.isBlank()) {
      stripeAccount = null;
    }
  }

  private static void positive(String key, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(key + " must be at least 1, got " + value);
    }
  }

  /** The built-in defaults: public API endpoints, nothing to collect. */
  public static Map<String, String> defaults() {
    Map<String, String> d = new LinkedHashMap<>();
    d.put(GITHUB_API, "https://api.github.com");
    d.put(GITHUB_MAX_USER_PROFILES, "200");
    d.put(GITHUB_USER_REFRESH_DAYS, "30");
    d.put(GHARCHIVE_URL, "https://data.gharchive.org");
    d.put(STRIPE_API, "https://api.stripe.com");
    d.put(STRIPE_API_VERSION, "2025-03-31.basil");
    d.put(STRIPE_OVERLAP_HOURS, "24");
    d.put(NPM_API, "https://api.npmjs.org");
    d.put(NPM_DAYS, "30");
    d.put(NPM_HISTORY_FROM, "2015-01-10");
    d.put(PYPISTATS_API, "https://pypistats.org");
    d.put(PYPISTATS_ENDPOINTS, "overall");
    d.put(DOCKERHUB_API, "https://hub.docker.com");
    d.put(PLAUSIBLE_API, "https://plausible.io");
    d.put(PLAUSIBLE_DAYS, "3");
    d.put(MAX_ATTEMPTS, "5");
    d.put(BACKOFF_SECONDS, "2");
    d.put(TIMEOUT_SECONDS, "60");
    d.put(MAX_MINUTES, "60");
    return d;
  }

  /** Reads the collection keys of a resolved settings map (defaults filled in for keys it lacks). */
  public static CollectionConfig fromMap(Map<String, String> settings) {
    Map<String, String> v = defaults();
    settings.forEach((k, value) -> {
      if (ENV.containsKey(k) && value != null) {
        v.put(k, value.trim());
      }
    });
    return new CollectionConfig(
        url(v, GITHUB_API), path(v.get(GITHUB_TOKEN_FILE)), integer(v, GITHUB_MAX_USER_PROFILES),
        integer(v, GITHUB_USER_REFRESH_DAYS), url(v, GHARCHIVE_URL),
        url(v, STRIPE_API), v.get(STRIPE_API_VERSION), v.get(STRIPE_ACCOUNT), path(v.get(STRIPE_KEY_FILE)),
        Duration.ofHours(integer(v, STRIPE_OVERLAP_HOURS)),
        list(v.get(NPM_PACKAGES), false), url(v, NPM_API), integer(v, NPM_DAYS), date(v, NPM_HISTORY_FROM),
        list(v.get(PYPI_PACKAGES), false), url(v, PYPISTATS_API), list(v.get(PYPISTATS_ENDPOINTS), true),
        list(v.get(DOCKER_IMAGES), true).stream().map(i -> i.contains("/") ? i : "library/" + i).toList(),
        url(v, DOCKERHUB_API),
        list(v.get(PLAUSIBLE_SITES), true), url(v, PLAUSIBLE_API), path(v.get(PLAUSIBLE_KEY_FILE)),
        integer(v, PLAUSIBLE_DAYS),
        integer(v, MAX_ATTEMPTS), seconds(v, BACKOFF_SECONDS), seconds(v, TIMEOUT_SECONDS),
        Duration.ofSeconds(Math.round(number(v, MAX_MINUTES) * 60)));
  }

  private static List<String> list(String commaSeparated, boolean lowerCase) {
    if (commaSeparated == null) {
      return List.of();
    }
    return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty())
        .map(s -> lowerCase ? s.toLowerCase(Locale.ROOT) : s).distinct().toList();
  }

  private static Path path(String value) {
    return value == null || value.isBlank() ? null : Paths.get(value.trim());
  }

  private static URI url(Map<String, String> v, String key) {
    String value = v.get(key);
    try {
      URI uri = new URI(value.replaceAll("/+$", ""));
      if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null) {
        throw new IllegalArgumentException(key + ": '" + value + "' is not an http(s) URL");
      }
      if (uri.getUserInfo() != null || uri.getQuery() != null) {
        // credentials in a URL would end up in logs and messages
        throw new IllegalArgumentException(key + ": '" + uri.getHost() + "…' must not carry credentials or a query");
      }
      return uri;
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException(key + ": '" + value + "' is not a URL (" + e.getReason() + ")");
    }
  }

  private static double number(Map<String, String> v, String key) {
    try {
      double d = Double.parseDouble(v.get(key));
      if (!(d > 0)) {
        throw new NumberFormatException();
      }
      return d;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a positive number, got '" + v.get(key) + "'");
    }
  }

  private static int integer(Map<String, String> v, String key) {
    try {
      return Integer.parseInt(v.get(key));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a whole number, got '" + v.get(key) + "'");
    }
  }

  private static Duration seconds(Map<String, String> v, String key) {
    return Duration.ofMillis(Math.round(number(v, key) * 1000));
  }

  private static LocalDate date(Map<String, String> v, String key) {
    try {
      return LocalDate.parse(v.get(key));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(key + " must be a YYYY-MM-DD date, got '" + v.get(key) + "'");
    }
  }
}
