package org.gridgate.gateway;

import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLContext;
import org.gridgate.gateway.authz.AnonymousAccess;
import org.gridgate.gateway.config.DevEnvironment;
import org.gridgate.storage.Storage;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link TestDoor} for all tests of a class:
 * {@code @RegisterExtension static final DevDoorExtension door = DevDoorExtension.dev();}. The door starts before the
 * class's {@code @BeforeAll} methods (so they can seed it) and closes after its {@code @AfterAll} ones, in a temporary
 * directory of its own that is deleted afterwards. The extension answers for the door as {@link TestDoor} does, so
 * test bodies read the same as with a door of their own.
 */
public final class DevDoorExtension implements BeforeAllCallback, AfterAllCallback {

    /** One of TestDoor's ways to start a door, in the directory given. */
    @FunctionalInterface
    private interface Start {
        TestDoor in(Path dir) throws Exception;
    }

    private final Start start;
    private final List<String> tools;
    private Path scratch;
    private TestDoor door;

    private DevDoorExtension(Start start) {
        this(start, List.of());
    }

    private DevDoorExtension(Start start, List<String> tools) {
        this.start = start;
        this.tools = tools;
    }

    /** A dev door: the dev user's proxy may do anything, clients without credentials nothing. */
    public static DevDoorExtension dev() {
        return new DevDoorExtension(TestDoor::start);
    }

    /** A dev door that lets clients without credentials into the {@code anonymous} areas. */
    static DevDoorExtension withAnonymousAreas(AnonymousAccess anonymous) {
        return new DevDoorExtension(dir -> TestDoor.start(dir, anonymous));
    }

    /** A dev door whose storage is the dev storage as wrapped by {@code storage}. */
    static DevDoorExtension withStorage(UnaryOperator<Storage> storage) {
        return new DevDoorExtension(dir -> TestDoor.start(dir, storage));
    }

    /** A door started from a configuration file, as {@link TestDoor#startConfigured(Path, String, Path, String)}. */
    static DevDoorExtension configured(String policyYaml, Path vomsDirectory, String checksumsYaml) {
        return new DevDoorExtension(dir -> TestDoor.startConfigured(dir, policyYaml, vomsDirectory, checksumsYaml));
    }

    /** A door started from a configuration file with {@code moreYaml} appended, made when the door starts. */
    static DevDoorExtension configuredWith(String policyYaml, java.util.function.Supplier<String> moreYaml) {
        return new DevDoorExtension(dir -> TestDoor.startConfigured(dir, policyYaml, null, null, moreYaml.get()));
    }

    /** A door started from a configuration file with the default checksums. */
    static DevDoorExtension configured(String policyYaml, Path vomsDirectory) {
        return configured(policyYaml, vomsDirectory, null);
    }

    /**
     * The same door, for tests that drive an external client: each program must be installed, else the class is
     * skipped on a developer's machine and fails in CI ({@link ExternalTool#require}), before any door starts.
     */
    public DevDoorExtension requiring(String... programs) {
        return new DevDoorExtension(start, List.of(programs));
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        for (String program : tools) {
            ExternalTool.require(program);
        }
        scratch = Files.createTempDirectory("gridgate-door");
        // if the door fails to start, JUnit still calls afterAll, which deletes the directory
        door = start.in(scratch.resolve("dev"));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            if (door != null) {
                door.close();
            }
        } finally {
            door = null;
            if (scratch != null) {
                TemporaryDirectory.deleteQuietly(scratch);
                scratch = null;
            }
        }
    }

    /** The running door. */
    public TestDoor door() {
        if (door == null) {
            // an extension in an instance field gets no beforeAll: say so instead of a NullPointerException
            throw new IllegalStateException("no door: register DevDoorExtension in a static field");
        }
        return door;
    }

    /**
     * The temporary directory the door lives in (in its {@code dev} sub-directory): room for files a test wants
     * next to the door but outside its storage, and for further doors of its own.
     */
    public Path scratch() {
        door(); // the same failure as the door's when the extension is not running
        return scratch;
    }

    // What follows answers for the running door, so that tests say door.mint(...) rather than door.door().mint(...).

    public DevEnvironment environment() {
        return door().dev;
    }

    MutableClock clock() {
        return door().clock;
    }

    public int port() {
        return door().port();
    }

    int metricsPort() {
        return door().metricsPort();
    }

    String url(String path) {
        return door().url(path);
    }

    public Path dataDir() {
        return door().dataDir();
    }

    RequestSpecification withProxy() throws Exception {
        return door().withProxy();
    }

    public RequestSpecification anonymous() throws Exception {
        return door().anonymous();
    }

    RequestSpecification withCredential(Path pem) throws Exception {
        return door().withCredential(pem);
    }

    public String mint(String path, String body) throws Exception {
        return door().mint(path, body);
    }

    SSLContext sslContext(Path credential) throws IOException, GeneralSecurityException {
        return door().sslContext(credential);
    }
}
