package dev.gotrail.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class EvidenceDirectoryNameTest {

    @Test
    void readableNamesForJupiterIds() {
        assertThat(EvidenceDirectoryName.of("[engine:junit-jupiter]/[class:com.example.ImageTest]/[method:usesLocalGo(dev.gotrail.trace.GoTrace)]"))
                .matches("ImageTest\\.usesLocalGo-[0-9a-f]{8}");
        assertThat(EvidenceDirectoryName.of("[engine:junit-jupiter]/[class:com.example.Outer]/[nested-class:Inner]/[method:t()]"))
                .matches("Outer\\.Inner\\.t-[0-9a-f]{8}");
        assertThat(EvidenceDirectoryName.of("[engine:junit-jupiter]/[class:a.B$C]/[test-template:p(int)]/[test-template-invocation:#3]"))
                .matches("B\\.C\\.p\\.3-[0-9a-f]{8}");
    }

    @Test
    void overloadsAndInvocationsStayApart() {
        String a = EvidenceDirectoryName.of("[engine:junit-jupiter]/[class:x.T]/[method:m(int)]");
        String b = EvidenceDirectoryName.of("[engine:junit-jupiter]/[class:x.T]/[method:m(long)]");
        assertThat(a).isNotEqualTo(b).startsWith("T.m-");
        assertThat(b).startsWith("T.m-");
    }

    @Property(tries = 500)
    void alwaysASafeBoundedName(@ForAll String uniqueId) {
        String name = EvidenceDirectoryName.of(uniqueId);

        assertThat(name).matches("[A-Za-z0-9._-]+").hasSizeLessThanOrEqualTo(109).doesNotStartWith("..");
        assertThat(name).isNotEqualTo(".").isNotEqualTo("..");
        assertThat(EvidenceDirectoryName.of(uniqueId + "x")).isNotEqualTo(name);
    }
}
