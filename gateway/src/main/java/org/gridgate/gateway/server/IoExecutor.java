package org.gridgate.gateway.server;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The door's bounded pool for blocking filesystem work (open, stat, read, write, fsync, rename), so that the event
 * loops never wait on a disk. Work is not pinned to a thread per connection: each connection gets a {@link #newLane
 * lane} whose tasks run in order, one at a time, on whichever pool thread is free, so one connection's fsync never
 * delays another connection that happens to share its thread.
 *
 * <p>The threads are plain threads, not Netty's: Netty treats its own threads as non-blocking, and so does the
 * test that catches a blocking call on an event loop.
 */
final class IoExecutor implements AutoCloseable {

    private final ThreadPoolExecutor pool;

    IoExecutor(int threads) {
        AtomicInteger count = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                task -> {
                    Thread thread = new Thread(task, "gridgate-io-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        // Idle threads go away: a quiet door holds no stacks it does not use.
        pool.allowCoreThreadTimeOut(true);
    }

    /** Tasks not tied to a connection's order (reading ahead for a download). */
    Executor shared() {
        return pool;
    }

    /** A new ordered lane over the pool, for one connection. */
    Executor newLane() {
        return new Lane(pool);
    }

    @Override
    public void close() {
        pool.shutdown();
    }

    /**
     * Runs its tasks one after the other, each on some pool thread: the serial executor of
     * {@link java.util.concurrent.Executor}'s documentation. A task handed to the pool happens-before the next task
     * of the lane starts, so a connection's state passes safely from one pool thread to the next.
     */
    private static final class Lane implements Executor {
        private final Executor pool;
        private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
        private Runnable active;

        Lane(Executor pool) {
            this.pool = pool;
        }

        @Override
        public synchronized void execute(Runnable task) {
            tasks.add(() -> {
                try {
                    task.run();
                } finally {
                    afterTask();
                }
            });
            if (active == null) {
                next();
            }
        }

        /** Starts the next task; the caller learns of a door shutting down from RejectedExecutionException. */
        private synchronized void next() {
            active = tasks.poll();
            if (active != null) {
                try {
                    pool.execute(active);
                } catch (RejectedExecutionException e) {
                    // The door is shutting down: what was queued here will not run, and the connection is closing.
                    tasks.clear();
                    active = null;
                    throw e;
                }
            }
        }

        /** On a pool thread, after a task: there is nobody to tell that the door is shutting down. */
        private void afterTask() {
            try {
                next();
            } catch (RejectedExecutionException e) {
                // dropped with the rest of the lane, see next()
            }
        }
    }
}
