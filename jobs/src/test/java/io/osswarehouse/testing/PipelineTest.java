package io.osswarehouse.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Marks a test class that runs whole pipelines on generated or real landing folders. Surefire runs
 * these in a fresh JVM each (they cache Delta logs and plans that would build up), and every other
 * class in two reused JVMs, which saves a JVM and Spark start-up per small class (jobs/pom.xml).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("pipeline")
public @interface PipelineTest {}
