package io.osswarehouse.pipeline;

import com.amazonaws.auth.AWSStaticCredentialsProvider;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.client.builder.AwsClientBuilder.EndpointConfiguration;
import com.amazonaws.services.s3.AmazonS3;
import com.amazonaws.services.s3.AmazonS3ClientBuilder;
import com.amazonaws.services.s3.model.ListObjectsV2Request;
import io.osswarehouse.testing.PipelineTest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The nightly run of {@link ObjectStorageRunTestBase} on real S3 protocol: the S3A connector
 * (hadoop-aws, matching Spark's Hadoop) against a local S3-protocol server started for the class
 * ({@code moto_server} from the environment {@code bin/pyenv s3} builds). Delta writes through its
 * default log store for {@code s3a://}, the one a cluster without DynamoDB uses. What was written is
 * read back with a plain S3 client, not through S3A.
 */
@PipelineTest
class S3ObjectStorageRunTest extends ObjectStorageRunTestBase {
  private static final String BUCKET = "warehouse-test";
  private static final String REGION = "us-east-1";
  private static final String KEY = "test-access-key";
  private static final String SECRET = "test-secret-key";

  private static Process server;
  private static String endpoint;
  private static AmazonS3 s3;

  @BeforeAll
  static void startServer() throws IOException, InterruptedException {
    // S3A's hadoop 3.3 upload statistics count bytes from progress events the SDK delivers on another
    // thread, so a small file's stream is sometimes closed before its bytes are counted and a multi-line
    // "still marked as pending upload" warning follows; the object is complete (the PUT has returned).
    Configurator.setLevel("org.apache.hadoop.fs.s3a.S3AInstrumentation", Level.ERROR);
    // Surefire runs in jobs/; bin/pyenv builds the environment once and prints its folder.
    String pyenv = Path.of("..", "bin", "pyenv").toAbsolutePath().normalize().toString();
    Process env = new ProcessBuilder(pyenv, "s3").redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String venv = new String(env.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (env.waitFor() != 0 || venv.isEmpty()) {
      throw new IllegalStateException("`" + pyenv + " s3` failed (exit " + env.exitValue()
          + "): the S3 server's Python environment could not be built");
    }
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    List<String> command = List.of(venv + "/bin/moto_server", "-H", "127.0.0.1", "-p", Integer.toString(port));
    Path log = Path.of("target", "s3-server.log"); // its request log, kept for a look after a failure
    server = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!answers(port)) {
      if (!server.isAlive() || System.nanoTime() > deadline) {
        stopServer();
        throw new IllegalStateException("`" + String.join(" ", command) + "` did not start serving: "
            + Files.readString(log).strip());
      }
      Thread.sleep(100);
    }
    endpoint = "http://127.0.0.1:" + port;
    s3 = AmazonS3ClientBuilder.standard()
        .withEndpointConfiguration(new EndpointConfiguration(endpoint, REGION))
        .withPathStyleAccessEnabled(true)
        .withCredentials(new AWSStaticCredentialsProvider(new BasicAWSCredentials(KEY, SECRET)))
        .build();
    s3.createBucket(BUCKET);
  }

  private static boolean answers(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @AfterAll
  static void stopServer() throws InterruptedException {
    if (s3 != null) {
      s3.shutdown();
    }
    if (server != null) {
      server.destroy();
      if (!server.waitFor(10, TimeUnit.SECONDS)) {
        server.destroyForcibly().waitFor();
      }
    }
  }

  /** The point is the protocol, not the data: three paying customers; three months keep an MRR bridge. */
  @Override
  protected World world() {
    return new World(9, 15, LocalDate.of(2025, 4, 1), LocalDate.of(2025, 6, 30), 5);
  }

  @Override
  protected String bucket() {
    return "s3a://" + BUCKET;
  }

  @Override
  protected void configure(Configuration conf) {
    // What any non-AWS S3 endpoint needs (docs/deployment.md): its URL and region, path-style requests,
    // its key pair, and only that pair, so a missing key fails at once instead of asking for an EC2 profile.
    conf.set("fs.s3a.endpoint", endpoint);
    conf.set("fs.s3a.endpoint.region", REGION);
    conf.set("fs.s3a.path.style.access", "true");
    conf.set("fs.s3a.connection.ssl.enabled", "false");
    conf.set("fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
    conf.set("fs.s3a.access.key", KEY);
    conf.set("fs.s3a.secret.key", SECRET);
  }

  private static String key(String location) {
    URI uri = URI.create(location);
    if (!BUCKET.equals(uri.getAuthority())) {
      throw new IllegalArgumentException(location + " is not in s3a://" + BUCKET);
    }
    return uri.getPath().substring(1);
  }

  /** One plain PUT per file, as export tools upload: no folder marker objects, unlike S3A's own writes. */
  @Override
  protected void upload(Path folder, String location) throws IOException {
    String prefix = key(location);
    try (Stream<Path> files = Files.walk(folder)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        s3.putObject(BUCKET, prefix + "/" + folder.relativize(f), f.toFile());
      }
    }
  }

  @Override
  protected String storedText(String location) {
    String key = key(location);
    return s3.doesObjectExist(BUCKET, key) ? s3.getObjectAsString(BUCKET, key) : null;
  }

  @Override
  protected boolean storedFolder(String location) {
    return s3.listObjectsV2(new ListObjectsV2Request().withBucketName(BUCKET).withPrefix(key(location) + "/")
        .withMaxKeys(1)).getKeyCount() > 0;
  }
}
