package io.osswarehouse.generate;

/**
 * Community traffic that no organisation of the world causes, on top of the demand-driven activity, to
 * give a sample landing zone the volumes of a real project (docs/generator.md, "Volume"): anonymous PyPI
 * downloads per day (a second BigQuery export shard per month), events of other repositories per
 * archived GH Archive hour (real hour files hold all of GitHub; the warehouse reads and filters them), and
 * anonymous human pageviews per day in the docs site's access log. None of it is attributable, so the
 * funnel and revenue truths do not change; the download and web truths count it.
 */
public record Background(int pypiDownloadsPerDay, int gharchiveOtherEventsPerHour, int docsPageviewsPerDay) {
  /** The default: only the small fixed background of the demand-driven emitters. */
  public static final Background NONE = new Background(0, 0, 0);

  public Background {
    if (gharchiveOtherEventsPerHour > 100_000) { // the other repositories' event ids are numbered per hour below that
      throw new IllegalArgumentException("at most 100000 other-repository events per GH Archive hour, not "
          + gharchiveOtherEventsPerHour);
    }
    if (pypiDownloadsPerDay < 0 || gharchiveOtherEventsPerHour < 0 || docsPageviewsPerDay < 0) {
      throw new IllegalArgumentException("background volumes must not be negative: " + pypiDownloadsPerDay + ", "
          + gharchiveOtherEventsPerHour + ", " + docsPageviewsPerDay);
    }
  }
}
