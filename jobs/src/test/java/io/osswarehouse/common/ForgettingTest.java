package io.osswarehouse.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.osswarehouse.common.Forgetting.Kind;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The tokens, keys and text redaction of forgotten identifiers. */
class ForgettingTest {
  private static final String SALT = "salt";

  private static String token(Kind kind, String identifier) {
    return Forgetting.token(kind, Forgetting.key(kind, identifier, SALT));
  }

  @Test
  void keysIgnoreCaseAndSpacesButNotTheKindOrTheSalt() {
    assertEquals(Forgetting.key(Kind.EMAIL, "Ann@Example.com ", SALT), Forgetting.key(Kind.EMAIL, "ann@example.com", SALT));
    assertNotEquals(Forgetting.key(Kind.EMAIL, "ann", SALT), Forgetting.key(Kind.GITHUB_LOGIN, "ann", SALT));
    assertNotEquals(Forgetting.key(Kind.EMAIL, "ann@example.com", SALT), Forgetting.key(Kind.EMAIL, "ann@example.com", "x"));
    String email = token(Kind.EMAIL, "ann@example.com");
    assertEquals(true, email.matches("forgotten-[0-9a-f]{16}@forgotten\\.invalid"), email);
    assertEquals(true, token(Kind.GITHUB_LOGIN, "ann").matches("forgotten-[0-9a-f]{16}"));
  }

  @Test
  void theRedactorReplacesEveryDeniedIdentifierInTextAndNothingElse() {
    Set<String> denied = Set.of(Forgetting.key(Kind.EMAIL, "ann@example.com", SALT),
        Forgetting.key(Kind.GITHUB_LOGIN, "ann-dev", SALT), Forgetting.key(Kind.CUSTOMER, "cus_Ab12", SALT),
        Forgetting.key(Kind.NAME, "Ann Smith", SALT));
    Forgetting.Redactor redactor = new Forgetting.Redactor(denied, SALT);
    String line = "{\"id\":\"cus_Ab12\",\"email\":\"ANN@example.com\",\"name\":\"Ann Smith\",\"login\":\"Ann-Dev\","
        + "\"url\":\"https://api.github.com/users/ann-dev/repos\",\"other\":\"ann-developer\",\"x\":\"cus_Ab123\","
        + "\"y\":\"joann@example.com\",\"z\":\"Ann Smithers\",\"note\":\"mail ann@example.com.\"}";
    String expected = "{\"id\":\"" + token(Kind.CUSTOMER, "cus_Ab12") + "\",\"email\":\""
        + token(Kind.EMAIL, "ann@example.com") + "\",\"name\":\"" + token(Kind.NAME, "Ann Smith") + "\",\"login\":\""
        + token(Kind.GITHUB_LOGIN, "ann-dev") + "\",\"url\":\"https://api.github.com/users/"
        + token(Kind.GITHUB_LOGIN, "ann-dev") + "/repos\",\"other\":\"ann-developer\",\"x\":\"cus_Ab123\","
        + "\"y\":\"joann@example.com\",\"z\":\"Ann Smithers\",\"note\":\"mail " + token(Kind.EMAIL, "ann@example.com")
        + ".\"}";
    assertEquals(expected, redactor.apply(line));
    assertEquals(line.replace("Ab12\"", "Zz99\"").replace("ANN@", "bob@").replace("Ann Smith\"", "Bob\"")
        .replace("Ann-Dev", "bob").replace("ann-dev", "bob").replace("mail ann@", "mail bob@"),
        redactor.apply(line.replace("Ab12\"", "Zz99\"").replace("ANN@", "bob@").replace("Ann Smith\"", "Bob\"")
            .replace("Ann-Dev", "bob").replace("ann-dev", "bob").replace("mail ann@", "mail bob@")),
        "a text naming nobody forgotten is unchanged");
    assertEquals(line, new Forgetting.Redactor(Set.of(), SALT).apply(line));
  }

  @Test
  void theTablePatternMatchesWhatTheRedactorMatches() {
    String text = "Ann-Dev pushed to ann-dev/x; ann-developer and joann-dev did not";
    String replaced = Pattern.compile(Forgetting.pattern(Kind.GITHUB_LOGIN, "ann-dev")).matcher(text).replaceAll("X");
    assertEquals("X pushed to X/x; ann-developer and joann-dev did not", replaced);
    assertEquals(replaced.replace("X", token(Kind.GITHUB_LOGIN, "ann-dev")), new Forgetting.Redactor(
        Set.of(Forgetting.key(Kind.GITHUB_LOGIN, "ann-dev", SALT)), SALT).apply(text));
    assertEquals("mail X, not joann@example.com or ann@example.community", Pattern.compile(
        Forgetting.pattern(Kind.EMAIL, "ann@example.com")).matcher(
            "mail Ann@Example.com, not joann@example.com or ann@example.community").replaceAll("X"));
  }
}
