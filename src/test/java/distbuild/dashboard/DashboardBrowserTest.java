package distbuild.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import distbuild.cli.Main;
import distbuild.testing.JavaProcess;
import distbuild.testing.ProcessCluster;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The dashboard in a real browser (Debian's headless chromium, driven through chromedriver) over a
 * coordinator and two one-slot workers, each its own OS process, while real builds run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardBrowserTest {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration SEEN = Duration.ofSeconds(30);
    /** Where the mid-build screenshot goes; {@code -Ddashboard.screenshot=docs/dashboard.png} updates the README's. */
    private static final Path SCREENSHOT = Path.of(System.getProperty("dashboard.screenshot", "target/dashboard.png"));

    @TempDir
    static Path temp;

    private final List<ProcessCluster> clusters = new ArrayList<>();
    private ProcessCluster cluster;
    private String dashboardUrl;
    private WebDriver browser;

    @BeforeAll
    void startCluster() throws Exception {
        Browsers.requireOrSkip();
        cluster = cluster("cluster", 2);
        dashboardUrl = dashboardOf(cluster);
    }

    @BeforeEach
    void openBrowser() {
        browser = Browsers.open();
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @AfterAll
    void stopClusters() {
        clusters.forEach(ProcessCluster::close);
    }

    @Test
    void theDashboardFollowsABuildWithAWaitingJobToItsEnd() throws Exception {
        // Three jobs that hold their slot until released, on two one-slot workers: one has to wait.
        Path release = temp.resolve("release");
        Path project = project("held", """
                jobs:
                  - name: held 1
                    run: until [ -e %1$s ]; do sleep 0.05; done; echo one > one.txt
                    outputs: one.txt
                  - name: held 2
                    run: until [ -e %1$s ]; do sleep 0.05; done; echo two > two.txt
                    outputs: two.txt
                  - name: held 3
                    run: until [ -e %1$s ]; do sleep 0.05; done; echo three > three.txt
                    outputs: three.txt
                  - name: combine
                    deps: [held 1, held 2, held 3]
                    run: cat one.txt two.txt three.txt > all.txt
                    outputs: all.txt
                """.formatted(release));
        JavaProcess client = build(project);

        browser.get(dashboardUrl);
        await().atMost(SEEN).untilAsserted(() -> {
            assertThat(rows("workers")).hasSize(2).allSatisfy(row -> assertThat(row).contains("alive", "1 busy", "'held "));
            assertThat(rows("queue")).anySatisfy(row -> assertThat(row).contains("held", "no free slot on any live worker"));
            assertThat(rows("queue")).anySatisfy(row -> assertThat(row).contains("combine", "waiting for its deps to finish"));
            assertThat(rows("builds")).first().satisfies(row -> assertThat(row).contains("running", "0 / 4 done"));
        });
        Files.createDirectories(SCREENSHOT.toAbsolutePath().getParent());
        Files.write(SCREENSHOT, ((ChromeDriver) browser).getScreenshotAs(OutputType.BYTES));

        click(By.cssSelector("#builds tbody tr:first-child a"));
        await().atMost(SEEN).untilAsserted(() -> {
            assertThat(text("build-state")).isEqualTo("running");
            assertThat(browser.findElements(By.cssSelector("#timeline .seg.started"))).hasSize(2);
            assertThat(rows("jobs")).anySatisfy(row -> assertThat(row).contains("held", "queued"));
        });

        Files.writeString(release, "go\n");

        await().atMost(SEEN).untilAsserted(() -> {
            assertThat(text("build-state")).isEqualTo("succeeded");
            assertThat(text("build-progress")).contains("4 / 4 done");
            assertThat(rows("jobs")).allSatisfy(row -> assertThat(row).contains("ran"));
            assertThat(browser.findElements(By.cssSelector("#timeline .seg.run"))).hasSizeGreaterThanOrEqualTo(4);
        });
        assertThat(client.awaitExit(SEEN)).as(client.output()).isZero();

        click(By.linkText("← the cluster"));
        await().atMost(SEEN).untilAsserted(() -> {
            assertThat(rows("builds")).first().satisfies(row -> assertThat(row).contains("succeeded", "4 / 4 done"));
            assertThat(rows("queue")).isEmpty();
            assertThat(Long.parseLong(browser.findElement(By.xpath(
                    "//div[@class='card'][div[@class='label' and text()='jobs run']]/div[@class='value']")).getText()))
                    .isGreaterThanOrEqualTo(4);
        });
    }

    @Test
    void aFailedJobsOutputIsOnItsBuildsPage() throws Exception {
        Path project = project("failing", """
                jobs:
                  - name: compile broken.c
                    run: |
                      echo 'broken.c:3: error: expected ";" before "}"' >&2
                      echo partial output
                      exit 3
                """);
        JavaProcess client = build(project);
        assertThat(client.awaitExit(SEEN)).as(client.output()).isNotZero();
        assertThat(client.output()).contains("exit code 3");

        browser.get(dashboardUrl);
        click(By.xpath("//table[@id='builds']//tr[.//span[text()='failed']]//a"));

        await().atMost(SEEN).untilAsserted(() -> {
            assertThat(text("build-state")).isEqualTo("failed");
            assertThat(text("build-failure")).contains("compile broken.c", "exit code 3");
            assertThat(text("failed-jobs")).contains("Failed: compile broken.c", "exit code 3",
                    "broken.c:3: error: expected \";\" before \"}\"", "partial output");
        });
    }

    @Test
    void theSharedCachesUseIsShownPerTool() throws Exception {
        browser.get(dashboardUrl);
        java.net.URI entry = java.net.URI.create(dashboardUrl).resolve("/cache/ccache/ab/entry");
        try (java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient()) {
            var stored = http.send(java.net.http.HttpRequest.newBuilder(entry)
                    .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("an object")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(stored.statusCode()).isEqualTo(201);
            for (String key : List.of("ab/entry", "ab/other")) {
                http.send(java.net.http.HttpRequest.newBuilder(entry.resolve("/cache/ccache/" + key)).build(),
                        java.net.http.HttpResponse.BodyHandlers.discarding());
            }
        }
        await().atMost(SEEN).untilAsserted(() -> assertThat(rows("caches")).singleElement().satisfies(row ->
                assertThat(row.split("\\s+")).containsExactly("ccache", "1", "1", "50", "%", "1", "0", "9", "B", "9", "B")));
    }

    @Test
    void onAPhoneThePageFitsItsScreenAndOnlyWideTablesScroll() {
        browser.manage().window().setSize(new Dimension(390, 844));
        browser.get(dashboardUrl);

        await().atMost(SEEN).untilAsserted(() -> assertThat(rows("workers")).hasSize(2));
        Object overflow = ((JavascriptExecutor) browser).executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        assertThat(((Number) overflow).intValue()).as("pixels the page is wider than the screen").isNotPositive();
    }

    @Test
    void aCoordinatorThatStopsAnsweringIsSaidToBeUnreachableAndTheLastPictureStays() throws Exception {
        ProcessCluster stopping = cluster("stopping", 1);
        browser.get(dashboardOf(stopping));
        await().atMost(SEEN).untilAsserted(() -> {
            assertThat(rows("workers")).hasSize(1);
            assertThat(text("live")).isEqualTo("live");
        });

        stopping.coordinator().kill();

        await().atMost(SEEN).untilAsserted(() -> assertThat(text("live")).startsWith("coordinator unreachable since "));
        assertThat(rows("workers")).as("what it showed last").hasSize(1);
    }

    @Test
    void anUnknownBuildSaysSoAndOffersTheWayBack() {
        browser.get(dashboardUrl + "#/build/" + "ab".repeat(20));

        await().atMost(SEEN).untilAsserted(() -> assertThat(text("missing-text")).contains("is not known here"));
        click(By.linkText("← the cluster"));
        await().atMost(SEEN).untilAsserted(() -> assertThat(rows("workers")).hasSize(2));
    }

    @Test
    void aClusterWithCredentialsShowsNothingUntilGivenTheClientToken() throws Exception {
        Path credentials = temp.resolve("credentials");
        assertThat(Main.run("credentials", credentials.toString())).isZero();
        String guarded = dashboardOf(cluster("guarded", 0, "--credentials", credentials.resolve("coordinator").toString()));

        browser.get(guarded);
        await().atMost(SEEN).until(() -> browser.findElement(By.id("login")).isDisplayed());
        assertThat(browser.findElement(By.id("overview")).isDisplayed()).isFalse();

        browser.findElement(By.id("token")).sendKeys("not-the-token");
        browser.findElement(By.cssSelector("#login button")).click();
        await().atMost(SEEN).untilAsserted(() -> assertThat(text("login-problem")).contains("That token was refused"));

        WebElement field = browser.findElement(By.id("token"));
        field.clear();
        field.sendKeys(Files.readString(credentials.resolve("client/client.token")).strip());
        browser.findElement(By.cssSelector("#login button")).click();
        await().atMost(SEEN).untilAsserted(() -> {
            assertThat(browser.findElement(By.id("overview")).isDisplayed()).isTrue();
            assertThat(text("no-workers")).contains("No worker has been heard from yet");
        });
    }

    /**
     * The text of each row of a table, read in one step: the page redraws its tables every second,
     * and a row found in one call may be gone by the next.
     */
    @SuppressWarnings("unchecked")
    private List<String> rows(String table) {
        return (List<String>) ((JavascriptExecutor) browser).executeScript(
                "return Array.from(document.querySelectorAll(arguments[0])).map(row => row.innerText);",
                "#" + table + " tbody tr");
    }

    /** Clicks what {@code target} finds once it is there, finding it again if a redraw replaced it. */
    private void click(By target) {
        await().atMost(SEEN).ignoreException(StaleElementReferenceException.class)
                .ignoreException(NoSuchElementException.class).until(() -> {
                    browser.findElement(target).click();
                    return true;
                });
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    private Path project(String name, String buildFile) throws Exception {
        Path project = Files.createDirectories(temp.resolve(name));
        Files.writeString(project.resolve("distbuild.yaml"), buildFile);
        return project;
    }

    private JavaProcess build(Path project) throws Exception {
        return cluster.client(project);
    }

    /** A coordinator and {@code workers} one-slot workers, each its own process. */
    private ProcessCluster cluster(String name, int workers, String... coordinatorArgs) throws Exception {
        ProcessCluster started = ProcessCluster.start(temp.resolve(name), workers, 1, coordinatorArgs);
        clusters.add(started);
        return started;
    }

    private static String dashboardOf(ProcessCluster cluster) throws InterruptedException {
        return cluster.coordinator().awaitLine(Pattern.compile("dashboard at (\\S+)"), START_TIMEOUT).group(1);
    }

    /** Debian's chromium and its chromedriver: where they are, and a headless browser on them. */
    static final class Browsers {
        private static final List<String> CHROMIUM = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser");
        private static final List<String> DRIVER = List.of("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");

        /** Held so that its level stays set: java.util.logging keeps loggers only weakly. */
        private static final java.util.logging.Logger QUIET_LOGGER =
                java.util.logging.Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

        private Browsers() {}

        /** Skips the tests on a machine without them, but never in CI, which installs them. */
        static void requireOrSkip() {
            boolean present = find(CHROMIUM).isPresent() && find(DRIVER).isPresent();
            if (!present && System.getenv("CI") != null) {
                throw new IllegalStateException("the dashboard's browser tests need chromium and chromedriver:"
                        + " apt-get install chromium chromium-driver (.ci/run does)");
            }
            Assumptions.assumeTrue(present, "chromium and chromedriver are not installed");
        }

        static WebDriver open() {
            // Selenium warns, once per browser, that it has no DevTools bindings for this chromium: these tests use none.
            QUIET_LOGGER.setLevel(java.util.logging.Level.OFF);
            ChromeOptions options = new ChromeOptions();
            options.setBinary(find(CHROMIUM).orElseThrow());
            // No sandbox: CI runs as root, where chromium's own sandbox cannot start.
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--window-size=1280,1000");
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(new File(find(DRIVER).orElseThrow())).usingAnyFreePort().build();
            return new ChromeDriver(service, options);
        }

        private static Optional<String> find(List<String> candidates) {
            return candidates.stream().filter(path -> Files.isExecutable(Path.of(path))).findFirst();
        }
    }
}
