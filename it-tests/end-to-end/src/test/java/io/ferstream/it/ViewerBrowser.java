package io.ferstream.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.Assertions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium, driven through Debian's chromedriver. Both paths are explicit, so
 * Selenium Manager never runs and nothing is downloaded. The page's model ({@code
 * window.ferstreamViewer}) is read as JSON.
 */
final class ViewerBrowser implements AutoCloseable {

    static final String CHROMIUM = "/usr/bin/chromium";
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ChromeDriverService service;
    private final ChromeDriver driver;

    ViewerBrowser(Path profile) {
        Assertions.assertTrue(
                Files.isExecutable(Path.of(CHROMIUM)) && Files.isExecutable(Path.of(CHROMEDRIVER)),
                "the viewer's browser tests need Debian's chromium and chromium-driver packages"
                        + " (.ci/run installs them)");
        service =
                new ChromeDriverService.Builder()
                        .usingDriverExecutable(new File(CHROMEDRIVER))
                        .usingAnyFreePort()
                        .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--window-size=1400,1000",
                "--user-data-dir=" + profile.toAbsolutePath());
        driver = new ChromeDriver(service, options);
    }

    void open(String url) {
        driver.get(url);
    }

    /** {@code window.ferstreamViewer} and what hangs from it, as JSON. */
    JsonNode model() {
        Object json = driver.executeScript("return JSON.stringify(window.ferstreamViewer || null)");
        try {
            return JSON.readTree(String.valueOf(json));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Polls the page's model until {@code condition} holds; fails with the last model seen. */
    JsonNode await(String what, Duration timeout, Predicate<JsonNode> condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode model = model();
        while (!condition.test(model)) {
            if (System.nanoTime() > deadline) {
                Assertions.fail(
                        "the page did not show "
                                + what
                                + " within "
                                + timeout
                                + "; its model: "
                                + shorten(model));
            }
            Thread.sleep(100);
            model = model();
        }
        return model;
    }

    private static String shorten(JsonNode model) {
        String s = String.valueOf(model);
        return s.length() > 3000 ? s.substring(0, 3000) + " ..." : s;
    }

    /** Saves a screenshot (PNG) as a build artifact. */
    Path screenshot(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        return file;
    }

    Object script(String js) {
        return driver.executeScript(js);
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
        }
    }
}
