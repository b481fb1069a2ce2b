package org.gridgate.gateway.server;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.spi.AppenderAttachable;
import ch.qos.logback.core.spi.AppenderAttachableImpl;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The access log's Logback appender (logback.xml): Logback's {@code AsyncAppender} as the door configured it (a
 * bounded queue, no line ever dropped, a request thread waits for room when the queue is full, what is queued is
 * written out when Logback stops), except that its writer wakes up every {@code maxDelayMillis} to write what has
 * queued since, instead of being woken by every line. Under load {@code AsyncAppender}'s writer was woken for nearly
 * every request (a futex wake-up on the request's thread and a context switch each, about 0.4 per request at 20,000
 * requests a second); here a request thread only queues its line, and wakes the writer only when the queue is full.
 * A line thus reaches the log within {@code maxDelayMillis} (10 ms by default) of its request. The queue takes no
 * lock: a lock that the writer held while it took a batch made request threads wait for it, and the writer wake them.
 */
public final class BatchingAsyncAppender extends UnsynchronizedAppenderBase<ILoggingEvent>
        implements AppenderAttachable<ILoggingEvent> {

    private final AppenderAttachableImpl<ILoggingEvent> appenders = new AppenderAttachableImpl<>();
    private int queueSize = 8192;
    private int maxDelayMillis = 10;
    private int maxFlushTime = 5000;
    private final Queue<ILoggingEvent> queue = new ConcurrentLinkedQueue<>();
    /** Lines queued and not yet taken by the writer: the queue's bound. */
    private final AtomicInteger queued = new AtomicInteger();
    private Thread writer;
    private volatile boolean stopping;
    /** How often a thread waiting for room in a full queue looks again. */
    private static final long FULL_WAIT_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

    public void setQueueSize(int queueSize) {
        this.queueSize = queueSize;
    }

    /** How long a line may wait in the queue before the writer wakes for it. */
    public void setMaxDelayMillis(int maxDelayMillis) {
        this.maxDelayMillis = maxDelayMillis;
    }

    /** When Logback stops, how long the writer has to write out what is still queued. */
    public void setMaxFlushTime(int maxFlushTime) {
        this.maxFlushTime = maxFlushTime;
    }

    @Override
    public void start() {
        if (isStarted()) {
            return;
        }
        if (!appenders.iteratorForAppenders().hasNext()) {
            addError("No appender to write to for [" + name + "]");
            return;
        }
        if (queueSize < 1 || maxDelayMillis < 1) {
            addError("queueSize and maxDelayMillis must be positive for [" + name + "]");
            return;
        }
        stopping = false;
        writer = new Thread(this::writeUntilStopped, "access-log-writer-" + name);
        writer.setDaemon(true);
        super.start();
        writer.start();
    }

    @Override
    protected void append(ILoggingEvent event) {
        // As AsyncAppender: what the line needs from the request's thread is taken now.
        event.prepareForDeferredProcessing();
        if (queued.incrementAndGet() > queueSize) {
            // Full: the writer is woken, and this thread waits until the line fits rather than drop it.
            LockSupport.unpark(writer);
            while (queued.get() > queueSize && writer.isAlive()) {
                LockSupport.parkNanos(this, FULL_WAIT_NANOS);
            }
        }
        queue.offer(event);
    }

    private void writeUntilStopped() {
        List<ILoggingEvent> batch = new ArrayList<>();
        long delay = TimeUnit.MILLISECONDS.toNanos(maxDelayMillis);
        while (!stopping) {
            take(batch);
            if (batch.isEmpty()) {
                Thread.interrupted();   // an interrupt would make every park return at once
                LockSupport.parkNanos(this, delay);
            } else {
                write(batch);
            }
        }
        do {   // stopped: what is queued, and what threads waiting for room still put
            batch.clear();
            take(batch);
            write(batch);
        } while (!batch.isEmpty());
        appenders.detachAndStopAllAppenders();
    }

    private void take(List<ILoggingEvent> batch) {
        for (ILoggingEvent event; batch.size() < queueSize && (event = queue.poll()) != null; ) {
            batch.add(event);
        }
        queued.addAndGet(-batch.size());
    }

    private void write(List<ILoggingEvent> batch) {
        for (ILoggingEvent event : batch) {
            appenders.appendLoopOnAppenders(event);
        }
        batch.clear();
    }

    @Override
    public void stop() {
        if (!isStarted()) {
            return;
        }
        super.stop();
        stopping = true;
        LockSupport.unpark(writer);
        try {
            writer.join(maxFlushTime);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writer.isAlive()) {
            addWarn("Max queue flush timeout (" + maxFlushTime + " ms) exceeded; " + queued.get()
                    + " queued lines of [" + name + "] not written");
        }
    }

    @Override
    public void addAppender(Appender<ILoggingEvent> appender) {
        appenders.addAppender(appender);
    }

    @Override
    public Iterator<Appender<ILoggingEvent>> iteratorForAppenders() {
        return appenders.iteratorForAppenders();
    }

    @Override
    public Appender<ILoggingEvent> getAppender(String name) {
        return appenders.getAppender(name);
    }

    @Override
    public boolean isAttached(Appender<ILoggingEvent> appender) {
        return appenders.isAttached(appender);
    }

    @Override
    public void detachAndStopAllAppenders() {
        appenders.detachAndStopAllAppenders();
    }

    @Override
    public boolean detachAppender(Appender<ILoggingEvent> appender) {
        return appenders.detachAppender(appender);
    }

    @Override
    public boolean detachAppender(String name) {
        return appenders.detachAppender(name);
    }
}
