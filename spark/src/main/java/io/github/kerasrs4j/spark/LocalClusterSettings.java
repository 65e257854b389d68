package io.github.kerasrs4j.spark;

import java.io.File;
import org.apache.spark.SparkConf;

/**
 * What Spark's local-cluster master needs to start executor JVMs without a Spark distribution. Its
 * in-process workers launch each executor with {@code java -cp <spark.executor.extraClassPath>:$SPARK_HOME/jars/*};
 * the launcher insists that {@code $SPARK_HOME/jars} exists (empty will do) and that it can tell the Scala version.
 * Executors run on this machine, so the driver's own class path (Spark, DL4J and the kerasrs4j jar) is theirs.
 */
public final class LocalClusterSettings {

    private static final String LOCAL_CLUSTER = "local-cluster";

    private LocalClusterSettings() {
    }

    public static void applyTo(SparkConf conf) {
        if (!conf.get("spark.master", "").startsWith(LOCAL_CLUSTER)) {
            return;
        }
        String sparkHome = System.getenv("SPARK_HOME");
        if (sparkHome == null) {
            throw new IllegalStateException("local-cluster needs the SPARK_HOME environment variable: any writable"
                    + " directory; executors' logs go to its work/ subdirectory");
        }
        File jars = new File(sparkHome, "jars");
        if (!jars.isDirectory() && !jars.mkdirs()) {
            throw new IllegalStateException("Cannot create " + jars);
        }
        conf.setIfMissing("spark.executor.extraClassPath", System.getProperty("java.class.path"));
        // Without it the launcher looks for a Spark source build's launcher/target/scala-2.12 directory.
        conf.setIfMissing("spark.executorEnv.SPARK_SCALA_VERSION", "2.12");
    }
}
