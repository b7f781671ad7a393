package io.loa;

import static org.assertj.core.api.Assertions.assertThat;

import io.loa.config.ConfigLoader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A site built in code reaches the server as built: written as feeds-config, it loads back the same. */
class TestSiteTest {

    @Test
    void theProjectsSiteWrittenAndReadBackIsTheProjectsSite(@TempDir Path dir) {
        TestSite project = TestSite.project();
        assertThat(new ConfigLoader().load(project.writeTo(dir))).isEqualTo(project.site());
    }

    @Test
    void everyChangeATestMakesIsReadBack(@TempDir Path dir) {
        TestSite changed = TestSite.project()
                .language("en")
                .itemsPerFeed(3)
                .hubs(List.of("http://127.0.0.1:9/hub"))
                .minLeaseSeconds(2)
                .firstRetryMillis(200)
                .maxAttempts(4)
                .maxWaitingPerClient(5)
                .maxWaitingPerHost(6)
                .maxSubscriptionsPerHost(7);
        assertThat(changed.site()).isNotEqualTo(TestSite.project().site());
        assertThat(new ConfigLoader().load(changed.writeTo(dir))).isEqualTo(changed.site());
    }
}
