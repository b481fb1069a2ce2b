package org.gridgate.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The admins' status page, opened in a real browser (Debian's headless Chromium through chromedriver): it renders
 * with no external assets, shows the door, its certificates, secrets and policy, and plots the last hour's requests
 * and refusals. A screenshot is checked for the plot's colours and kept in target/ for people.
 */
class StatusPageBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @RegisterExtension
    static final DevDoorExtension door = DevDoorExtension.dev();

    private static ChromeDriver browser;

    @BeforeAll
    static void openBrowser() {
        ExternalTool.require("chromium");
        ExternalTool.require("chromedriver");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--window-size=1200,2400");
        // The Debian driver, named explicitly: Selenium Manager would otherwise try to download one.
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        browser.manage().window().setSize(new Dimension(1200, 2400));
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void showsTheDoorItsCredentialsAndTheLastHourAndRendersWithoutExternalAssets() throws Exception {
        String token = door.mint("/atlas/status", "{\"caveats\":[\"activity:UPLOAD,DOWNLOAD\"]}");
        given(door.anonymous()).header("Authorization", "Bearer " + token).body("x").put("/atlas/status/file")
                .then().statusCode(201);
        for (int i = 0; i < 3; i++) {
            given(door.anonymous()).header("Authorization", "Bearer " + token).get("/atlas/status/missing")
                    .then().statusCode(404);
            given(door.anonymous()).header("Authorization", "Bearer not-a-macaroon").get("/atlas/status/file")
                    .then().statusCode(401);
        }

        browser.get("http://localhost:" + door.metricsPort() + "/status");

        assertThat(browser.getTitle()).isEqualTo("GridGate door status");
        assertThat(text("door")).contains("GridGate").contains("TLS engine").contains("serving");
        assertThat(text("transfers")).contains("connections open").contains("uploads in progress");
        assertThat(text("certificates")).contains("host").contains("GridGate Dev CA");
        assertThat(text("secrets")).contains("signs new macaroons");
        assertThat(text("policy")).contains("dev-permissive");
        assertThat(text("outcomes")).contains("served").contains("401 no or bad credential")
                .contains("404 not found");
        List<WebElement> bars = browser.findElements(By.cssSelector("#plot rect.bar"));
        assertThat(bars).as("a bar per outcome with requests this minute").hasSizeGreaterThanOrEqualTo(3);
        WebElement plot = browser.findElement(By.id("plot"));
        assertThat(plot.getSize().getWidth()).isGreaterThan(600);
        assertThat(plot.getSize().getHeight()).isGreaterThan(150);

        byte[] png = browser.getScreenshotAs(OutputType.BYTES);
        Files.write(Path.of("target", "status-page.png"), png);
        BufferedImage screenshot = ImageIO.read(new ByteArrayInputStream(png));
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < screenshot.getHeight(); y += 3) {
            for (int x = 0; x < screenshot.getWidth(); x += 3) {
                colours.add(screenshot.getRGB(x, y) & 0xffffff);
            }
        }
        assertThat(colours).as("the page rendered: text, tables and the plot's colours")
                .hasSizeGreaterThan(20)
                .contains(0x4caf50 /* served */, 0xff9800 /* 401 */);
    }

    @Test
    void isServedWithAPolicyThatForbidsScriptsAndOutsideAssets() {
        given().baseUri("http://localhost").port(door.metricsPort()).get("/status").then()
                .statusCode(200).contentType("text/html; charset=utf-8")
                .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
    }

    private static String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }
}
