package dev.gotrail.trace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gotrail.toolchain.GoSetting;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * The two readers {@link SwitchCause} applies to the text of the files go consulted: cmd/go's
 * env-file syntax (the last non-empty {@code KEY=VALUE} line wins, {@code #} comments) and the
 * go.mod/go.work line that asks for a toolchain ({@code toolchain} naming it, else {@code go}).
 */
class SwitchCausePropertiesTest {

    @Provide
    Arbitrary<String> envLine() {
        Arbitrary<String> value = Arbitraries.of("", "auto", "path", "local", "go1.23.5", "go1.22.12+auto", " go1.21.0 ");
        return Arbitraries.oneOf(
                value.map(v -> "GOTOOLCHAIN=" + v),
                value.map(v -> "# GOTOOLCHAIN=" + v),
                value.map(v -> "GOPROXY=" + v),
                Arbitraries.of("", "   ", "GOTOOLCHAINX=go1.9", "gotoolchain=go1.2"));
    }

    @Property
    void theLastNonEmptyLineOfTheKeyWins(@ForAll @Size(max = 12) List<@net.jqwik.api.From("envLine") String> lines) {
        String text = String.join("\n", lines) + "\n";
        GoSetting s = SwitchCause.envFileSetting(text, "GOTOOLCHAIN", GoSetting.Source.GOENV_FILE, "/h/.config/go/env");

        GoSetting expected = null;
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i).strip();
            if (l.startsWith("GOTOOLCHAIN=")) {
                String v = l.substring("GOTOOLCHAIN=".length()).strip();
                expected = v.isEmpty() ? null
                        : new GoSetting("GOTOOLCHAIN", v, GoSetting.Source.GOENV_FILE, Path.of("/h/.config/go/env"), i + 1);
            }
        }
        assertThat(s).isEqualTo(expected);
    }

    @Property
    void aToolchainLineNamingTheTargetWinsElseTheGoLine(@ForAll("goLine") String go, @ForAll("toolchainLine") String toolchain,
            @ForAll boolean toolchainFirst, @ForAll("version") String wanted) {
        List<String> lines = new ArrayList<>(List.of("module example.com/m", ""));
        if (toolchainFirst) {
            lines.add(toolchain);
            lines.add(go);
        } else {
            lines.add(go);
            lines.add(toolchain);
        }
        lines.add("require example.com/x v1.0.0 // toolchain go9.9.9");
        GoSetting s = SwitchCause.lineAskingFor(String.join("\n", lines) + "\n", wanted, GoSetting.Source.GO_MOD, "/m/go.mod");

        int goAt = lines.indexOf(go) + 1;
        int toolchainAt = lines.indexOf(toolchain) + 1;
        String toolchainValue = toolchain.split("\\s+")[1];
        if (toolchainValue.equals(wanted)) {
            assertThat(s).isEqualTo(new GoSetting("toolchain", toolchainValue, GoSetting.Source.GO_MOD, Path.of("/m/go.mod"), toolchainAt));
        } else {
            assertThat(s).isEqualTo(new GoSetting("go", go.strip().split("\\s+")[1], GoSetting.Source.GO_MOD, Path.of("/m/go.mod"), goAt));
        }
    }

    @Provide
    Arbitrary<String> version() {
        return Arbitraries.of("go1.23.5", "go1.22.12", "go1.21.0");
    }

    @Provide
    Arbitrary<String> goLine() {
        return Arbitraries.of("go 1.21", "go 1.23.5", "go 1.22.12 // the minimum", "  go 1.22.12");
    }

    @Provide
    Arbitrary<String> toolchainLine() {
        return Arbitraries.of("toolchain go1.23.5", "toolchain go1.22.12", "toolchain default");
    }
}
