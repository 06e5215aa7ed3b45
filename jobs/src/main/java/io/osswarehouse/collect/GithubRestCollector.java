package io.osswarehouse.collect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.osswarehouse.config.CollectionConfig;
import io.osswarehouse.config.WarehouseConfig;
import io.osswarehouse.ingest.github.GithubRestSource;
import java.net.URI;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * GitHub REST snapshots of every tracked repository ({@code github.repositories}, plus the repositories
 * that {@code github.organizations} own, forks left out): the repository, its stargazers with
 * {@code starred_at}, traffic (views and clones per day, popular paths and referrers: GitHub keeps 14 days,
 * so a daily collect loses none), releases with their assets' download counts, contributors, and the profiles
 * of stargazers and contributors not fetched in {@code collect.github.user-refresh-days}. Files follow
 * docs/github-rest.md: {@code github/rest/<owner>/<repo>/<endpoint>[_page<N>|_<login>]_<date>.json}, one
 * response body per file, as GitHub sent it. Every page of a list is fetched before any is landed.
 * Requests are conditional (ETag): an unchanged page answers 304, which costs no quota, and its cached body
 * is landed under the day's name.
 */
public final class GithubRestCollector implements Collector {
  public static final String SOURCE = GithubRestSource.NAME;
  static final String API_VERSION = "2022-11-28";
  /** A list longer than this many pages is cut with an error rather than followed forever. */
  private static final int MAX_PAGES = 5000;

  @Override
  public String source() {
    return SOURCE;
  }

  @Override
  public String nothingToCollect(WarehouseConfig config, Map<String, String> env) {
    return config.githubRepositories().isEmpty() && config.githubOrganizations().isEmpty()
        ? "no repositories to collect: set github.repositories or github.organizations" : null;
  }

  @Override
  public Secret secret(WarehouseConfig config, Map<String, String> env) {
    Secret token = Secret.resolve("the GitHub token", CollectionConfig.GITHUB_TOKEN_ENV,
        config.collection().githubTokenFile(), env);
    if (token == null) {
      throw new CollectException("github/rest needs a token (traffic needs push access, and 60 requests an hour "
          + "without one is too few): set " + CollectionConfig.GITHUB_TOKEN_ENV + " or "
          + CollectionConfig.GITHUB_TOKEN_ENV + "_FILE");
    }
    return token;
  }

  @Override
  public void collect(SourceRun run, Secret token) {
    Api api = new Api(run, token);
    Set<String> repositories = new LinkedHashSet<>(run.warehouse.githubRepositories());
    for (String owner : run.warehouse.githubOrganizations()) {
      run.entity(owner + " repositories", batch -> {
        List<String> owned = api.ownedRepositories(batch, owner);
        repositories.addAll(owned);
        return SourceRun.Outcome.ok(owned.size() + " repositories, forks left out");
      });
    }
    // login -> the repository folder its profile lands in (the first one it was seen in)
    Map<String, String> people = new LinkedHashMap<>();
    for (String repo : repositories) {
      String folder = SOURCE + "/" + repo + "/";
      String base = run.config.githubApi() + "/repos/" + repo;
      run.entity(repo + " repository", batch -> {
        api.single(batch, base, folder + "repository_" + run.date + ".json");
        return SourceRun.Outcome.OK;
      });
      run.entity(repo + " stargazers", batch -> {
        for (JsonNode page : api.list(batch, base + "/stargazers?per_page=100", GithubRestSource.STAR_MEDIA_TYPE,
            folder + "stargazers")) {
          page.forEach(s -> people.putIfAbsent(s.path("user").path("login").asText(""), folder));
        }
        return SourceRun.Outcome.OK;
      });
      for (String metric : List.of("views", "clones")) {
        run.entity(repo + " traffic_" + metric, batch -> {
          api.single(batch, base + "/traffic/" + metric + "?per=day", folder + "traffic_" + metric + "_" + run.date
              + ".json");
          return SourceRun.Outcome.OK;
        });
      }
      for (String popular : List.of("paths", "referrers")) {
        run.entity(repo + " traffic_popular_" + popular, batch -> {
          api.single(batch, base + "/traffic/popular/" + popular, folder + "traffic_popular_" + popular + "_"
              + run.date + ".json");
          return SourceRun.Outcome.OK;
        });
      }
      run.entity(repo + " releases", batch -> {
        api.list(batch, base + "/releases?per_page=100", null, folder + "releases");
        return SourceRun.Outcome.OK;
      });
      run.entity(repo + " contributors", batch -> {
        for (JsonNode page : api.list(batch, base + "/contributors?per_page=100", null, folder + "contributors")) {
          page.forEach(c -> people.putIfAbsent(c.path("login").asText(""), folder));
        }
        return SourceRun.Outcome.OK;
      });
    }
    people.remove("");
    profiles(run, api, people);
  }

  /** Profiles of people not fetched within the refresh interval, at most the configured number. */
  private static void profiles(SourceRun run, Api api, Map<String, String> people) {
    if (run.config.githubMaxUserProfiles() == 0 || people.isEmpty()) {
      return;
    }
    StateStore store = new StateStore(run.writer.landing(), "github-rest-users");
    ObjectNode state = store.load();
    ObjectNode fetched = state.has("fetched") ? (ObjectNode) state.get("fetched") : state.putObject("fetched");
    LocalDate due = run.date.minusDays(run.config.githubUserRefreshDays());
    int budget = run.config.githubMaxUserProfiles();
    for (Map.Entry<String, String> p : people.entrySet()) {
      String login = p.getKey();
      String last = fetched.path(login).asText(null);
      // a profile fetched on this very date is fetched again: re-collecting a day gives the same files
      boolean wanted = last == null || last.equals(run.date.toString()) || !LocalDate.parse(last).isAfter(due);
      if (!wanted || budget-- <= 0) {
        continue;
      }
      run.entity("users " + login, batch -> {
        api.single(batch, run.config.githubApi() + "/users/" + login, p.getValue() + "users_" + login + "_" + run.date
            + ".json");
        fetched.put(login, run.date.toString());
        return SourceRun.Outcome.OK;
      });
    }
    store.save(state);
  }

  /** Requests with the token, the API version and conditional caching. */
  private static final class Api {
    private final SourceRun run;
    private final Secret token;

    Api(SourceRun run, Secret token) {
      this.run = run;
      this.token = token;
    }

    private ApiClient.Request request(String url, String accept) {
      return ApiClient.Request.get(URI.create(url))
          .header("Accept", accept == null ? "application/vnd.github+json" : accept)
          .header("X-GitHub-Api-Version", API_VERSION)
          .header("Authorization", "Bearer " + token.value())
          .conditional();
    }

    /** One object; lands it under {@code relative}. */
    void single(CollectLog.Batch batch, String url, String relative) {
      ApiClient.Response r = run.client.send(batch, request(url, null));
      if (r.status() == 404) {
        throw new CollectException(URI.create(url).getPath() + " answered 404: not found, or the token cannot see it");
      }
      batch.page();
      run.land(batch, Map.of(relative, r.body()));
    }

    /**
     * Every page of a list, following the Link header; lands them together as
     * {@code <prefix>_page<N>_<date>.json} once the last page is in. Returns the pages.
     */
    List<JsonNode> list(CollectLog.Batch batch, String url, String accept, String prefix) {
      Map<String, byte[]> files = new LinkedHashMap<>();
      List<JsonNode> pages = new ArrayList<>();
      String next = url;
      while (next != null) {
        if (pages.size() >= MAX_PAGES) {
          throw new CollectException(URI.create(url).getPath() + ": more than " + MAX_PAGES + " pages");
        }
        ApiClient.Response r = run.client.send(batch, request(next, accept));
        if (r.status() == 404) {
          throw new CollectException(URI.create(url).getPath() + " answered 404: not found, or the token cannot see it");
        }
        if (r.status() == 204) {
          break; // an empty repository has no contributors
        }
        JsonNode page = r.json();
        if (!page.isArray()) {
          throw new CollectException(URI.create(url).getPath() + " answered an object where a list was expected");
        }
        batch.page();
        pages.add(page);
        files.put(prefix + "_page" + pages.size() + "_" + run.date + ".json", r.body());
        next = r.link("next").orElse(null);
      }
      run.land(batch, files);
      return pages;
    }

    /** Repositories an organisation (or user) owns, forks left out, as lower-case {@code owner/name}. */
    List<String> ownedRepositories(CollectLog.Batch batch, String owner) {
      List<String> out = new ArrayList<>();
      String next = run.config.githubApi() + "/orgs/" + owner + "/repos?per_page=100&type=all";
      boolean user = false;
      while (next != null) {
        ApiClient.Response r = run.client.send(batch, request(next, null));
        if (r.status() == 404 && !user && out.isEmpty()) {
          user = true; // not an organisation: a user account owns repositories too
          next = run.config.githubApi() + "/users/" + owner + "/repos?per_page=100&type=owner";
          continue;
        }
        if (r.status() == 404) {
          throw new CollectException("no organisation or user '" + owner + "' (404)");
        }
        batch.page();
        for (JsonNode repo : r.json()) {
          if (!repo.path("fork").asBoolean(false) && repo.path("full_name").isTextual()) {
            out.add(repo.get("full_name").asText().toLowerCase(Locale.ROOT));
          }
        }
        next = r.link("next").orElse(null);
      }
      return out;
    }
  }
}
