package org.gridgate.gateway.cluster;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;

/**
 * The secret nodes and the retired ones as ZooKeeper has them: one Curator cache on each of the two folders, not on
 * the whole {@code path}, whose other nodes (the WebDAV lock table, up to 512 KiB changed by every LOCK at any door;
 * the revocation list; the leader latch and the mutex) are not the secrets' business.
 */
final class SecretsCache implements AutoCloseable {

    private final CuratorCache secrets;
    private final CuratorCache retired;

    private SecretsCache(CuratorCache secrets, CuratorCache retired) {
        this.secrets = secrets;
        this.retired = retired;
    }

    /**
     * Starts both caches and waits until both have listed what is there.
     *
     * @param onChange called (on Curator's thread) for every change after that first listing
     * @throws IOException when ZooKeeper did not list both folders within {@code timeout}
     */
    static SecretsCache start(CuratorFramework client, SecretNodes nodes, Runnable onChange, Duration timeout,
                              String where) throws IOException, InterruptedException {
        CuratorCache secrets = CuratorCache.build(client, nodes.secretsPath());
        CuratorCache retired = CuratorCache.build(client, nodes.retiredPath());
        SecretsCache cache = new SecretsCache(secrets, retired);
        try {
            CountDownLatch loaded = new CountDownLatch(2);
            for (CuratorCache folder : List.of(secrets, retired)) {
                folder.listenable().addListener(CuratorCacheListener.builder()
                        .forAll((type, before, after) -> {
                            if (loaded.getCount() == 0) {
                                onChange.run();
                            }
                        })
                        .forInitialized(loaded::countDown)
                        .build());
                folder.start();
            }
            if (!loaded.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IOException("ZooKeeper at " + where + " did not list the secrets within "
                        + timeout.toSeconds() + " s");
            }
            return cache;
        } catch (IOException | InterruptedException | RuntimeException e) {
            cache.close();
            throw e;
        }
    }

    /** Every node of both folders, the folders themselves included. */
    List<ChildData> nodes() {
        return Stream.concat(secrets.stream(), retired.stream()).toList();
    }

    @Override
    public void close() {
        secrets.close();
        retired.close();
    }
}
