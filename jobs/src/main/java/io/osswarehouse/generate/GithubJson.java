package io.osswarehouse.generate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.osswarehouse.generate.Community.User;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;

/** GitHub API object shapes shared by the GH Archive and REST emitters (field order as GitHub sends it). */
final class GithubJson {
  static final ObjectMapper JSON = new ObjectMapper();
  static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final String API = "https://api.github.com";

  private GithubJson() {}

  static String write(Object node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code 2025-12-01T10:11:12Z}, second precision as GitHub renders times. */
  static String time(Instant at) {
    return DateTimeFormatter.ISO_INSTANT.format(at.truncatedTo(ChronoUnit.SECONDS));
  }

  static String nodeId(String prefix, long id) {
    return Base64.getEncoder().encodeToString((prefix + id).getBytes(StandardCharsets.UTF_8));
  }

  /** The "simple user" object embedded in stargazers, releases, PRs and member events. */
  static ObjectNode simpleUser(String login, long id, String type) {
    String url = API + "/users/" + login.replace("[", "%5B").replace("]", "%5D");
    ObjectNode n = F.objectNode();
    n.put("login", login);
    n.put("id", id);
    n.put("node_id", nodeId(type.equals("Bot") ? "04:Bot" : type.equals("User") ? "04:User" : "12:Organization", id));
    n.put("avatar_url", "https://avatars.githubusercontent.com/u/" + id + "?v=4");
    n.put("gravatar_id", "");
    n.put("url", url);
    n.put("html_url", "https://github.com/" + login);
    n.put("followers_url", url + "/followers");
    n.put("following_url", url + "/following{/other_user}");
    n.put("gists_url", url + "/gists{/gist_id}");
    n.put("starred_url", url + "/starred{/owner}{/repo}");
    n.put("subscriptions_url", url + "/subscriptions");
    n.put("organizations_url", url + "/orgs");
    n.put("repos_url", url + "/repos");
    n.put("events_url", url + "/events{/privacy}");
    n.put("received_events_url", url + "/received_events");
    n.put("type", type);
    n.put("user_view_type", "public");
    n.put("site_admin", false);
    return n;
  }

  static ObjectNode simpleUser(User u) {
    return simpleUser(u.login(), u.id(), u.bot() ? "Bot" : "User");
  }

  /** The short actor object of an Events API envelope ({@code display_login} drops a bot's suffix). */
  static ObjectNode actor(User u) {
    ObjectNode n = F.objectNode();
    n.put("id", u.id());
    n.put("login", u.login());
    n.put("display_login", u.login().replace("[bot]", ""));
    n.put("gravatar_id", "");
    n.put("url", API + "/users/" + u.login());
    n.put("avatar_url", "https://avatars.githubusercontent.com/u/" + u.id() + "?");
    return n;
  }

  /** GH Archive's e-mail obfuscation: {@code sha1(localpart)@domain}. */
  static String obfuscate(String email) {
    int at = email.lastIndexOf('@');
    return sha1(email.substring(0, at)) + email.substring(at);
  }

  static String sha1(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String api(String path) {
    return API + path;
  }
}
