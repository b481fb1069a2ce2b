package org.gridgate.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The access log's appender loses no line: not when its queue is full, not when Logback stops. */
class BatchingAsyncAppenderTest {

    private final LoggerContext context = new LoggerContext();
    private final ListAppender<ILoggingEvent> written = new ListAppender<>();

    private Logger logger(int queueSize, int maxDelayMillis) {
        context.setMDCAdapter(new LogbackMDCAdapter());
        written.setContext(context);
        written.start();
        BatchingAsyncAppender appender = new BatchingAsyncAppender();
        appender.setContext(context);
        appender.setName("ACCESS");
        appender.setQueueSize(queueSize);
        appender.setMaxDelayMillis(maxDelayMillis);
        appender.addAppender(written);
        appender.start();
        Logger logger = context.getLogger("gridgate.access");
        logger.setAdditive(false);
        logger.addAppender(appender);
        return logger;
    }

    private List<String> lines() {
        synchronized (written) {
            return written.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }
    }

    @Test
    void aLineIsWrittenWithinItsDelayWithoutWakingTheWriter() throws Exception {
        Logger logger = logger(8192, 100);
        long start = System.nanoTime();
        logger.info("one {}", 1);
        while (lines().isEmpty() && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5)) {
            Thread.sleep(5);
        }
        assertThat(lines()).containsExactly("one 1");
        context.stop();
    }

    @Test
    void aFullQueueMakesWritersWaitAndNoLineIsLost() throws Exception {
        Logger logger = logger(4, 50);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            threads.add(new Thread(() -> {
                for (int i = 0; i < 500; i++) {
                    logger.info("{} {}", thread, i);
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join(30_000);
        }
        context.stop();
        List<String> lines = lines();
        assertThat(lines).hasSize(2000);
        for (int t = 0; t < 4; t++) {   // each thread's lines in its order
            String prefix = t + " ";
            assertThat(lines.stream().filter(l -> l.startsWith(prefix)).map(l -> Integer.parseInt(l.substring(2))))
                    .isSorted().hasSize(500);
        }
    }

    @Test
    void stoppingWritesOutWhatIsQueued() {
        Logger logger = logger(8192, 60_000);   // a writer that would not wake by itself for a minute
        for (int i = 0; i < 100; i++) {
            logger.info("line {}", i);
        }
        context.stop();
        assertThat(lines()).hasSize(100).startsWith("line 0").endsWith("line 99");
        assertThat(written.isStarted()).isFalse();
    }
}
