package io.osswarehouse.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EmailsTest {
  @Test
  void domainIsLowerCasedAndValidated() {
    assertEquals("acme.io", Emails.domain("  Jane.Doe@ACME.io "));
    assertEquals("acme.io", Emails.domain("acme.io"));
    // GH Archive obfuscates the local part but keeps the domain.
    assertEquals("example.com", Emails.domain("1c0e1e9ff7a1d06b8b5d1f0a9b0c4f5f7d8a9b0c@example.com"));
    assertNull(Emails.domain("not an address"));
    assertNull(Emails.domain("someone@localhost"));
    assertNull(Emails.domain(null));
  }

  @Test
  void freeMailNeverBecomesACompanyDomain() {
    assertTrue(Emails.isFreeMail("gmail.com"));
    assertTrue(Emails.isFreeMail("12345+octocat@users.noreply.github.com".substring(15)));
    assertNull(Emails.companyDomain("someone@GMail.com"));
    assertNull(Emails.companyDomain("1+x@users.noreply.github.com"));
    assertEquals("acme.io", Emails.companyDomain("a@acme.io"));
    assertFalse(Emails.isFreeMail("acme.io"));
  }

  @Test
  void pseudonymsAreSaltedAndIgnoreCaseAndSpaces() {
    String a = Emails.pseudonymize("Jane@Acme.io", "salt-one-0123456789");
    assertEquals(a, Emails.pseudonymize(" jane@acme.io", "salt-one-0123456789"));
    assertNotEquals(a, Emails.pseudonymize("jane@acme.io", "salt-two-0123456789"));
    assertEquals(64, a.length());
    assertNull(Emails.pseudonymize(" ", "salt"));
    assertThrows(IllegalStateException.class, () -> Emails.pseudonymize("a@b.io", ""));
  }
}
