package io.loa.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package graph Loa's layout promises, held by the build: capabilities do not form cycles, nothing depends on
 * the wiring at the top, the HTTP toolkit and the configuration know nothing else of Loa, and the domain knows no
 * web framework, so it can be driven from a command, a test or a background loop alike.
 */
class PackageGraphTest {

    /** The packages that hold what Loa knows and does, as opposed to how it answers HTTP. */
    private static final String[] DOMAIN = {
        "io.loa.article..",
        "io.loa.stream..",
        "io.loa.search..",
        "io.loa.config..",
        "io.loa.db..",
        "io.loa.net..",
        "io.loa.httpsig..",
        "io.loa.token..",
        "io.loa.transfer..",
        "io.loa.demo..",
        "io.loa.fault..",
        "io.loa.background.."
    };

    private static JavaClasses loa;

    @BeforeAll
    static void importClasses() {
        loa = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.loa");
    }

    @Test
    void capabilitiesFormNoCycles() {
        slices().matching("io.loa.(*)..").should().beFreeOfCycles().check(loa);
    }

    @Test
    void nothingDependsOnTheWiringAtTheTop() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.loa")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.loa")
                .check(loa);
    }

    @Test
    void theHttpToolkitKnowsNothingElseOfLoa() {
        noClasses()
                .that()
                .resideInAPackage("io.loa.http..")
                .should()
                .dependOnClassesThat(resideInAPackage("io.loa..").and(resideOutsideOfPackage("io.loa.http..")))
                .check(loa);
    }

    @Test
    void theConfigurationKnowsNothingElseOfLoa() {
        noClasses()
                .that()
                .resideInAPackage("io.loa.config..")
                .should()
                .dependOnClassesThat(resideInAPackage("io.loa..").and(resideOutsideOfPackage("io.loa.config..")))
                .check(loa);
    }

    @Test
    void theDomainKnowsNoWebFramework() {
        noClasses()
                .that()
                .resideInAnyPackage(DOMAIN)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.javalin..", "io.loa.http..")
                .check(loa);
    }
}
