package dev.gotrail.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gotrail.trace.StraceValues;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The redactor reads strace string literals with the trace parser's decoder: they never disagree. */
class RedactorDecodingPropertiesTest {

    /** Literal insides of any shape: escapes of every kind, broken ones, a trailing backslash, non-ASCII. */
    @Provide
    Arbitrary<String> literalInsides() {
        return Arbitraries.strings().withChars("\\\\\\\\xX0123456789abcdefABCDEFntrvfaeq\"=_ \u00e9\u00ff").ofMaxLength(40);
    }

    @Property(tries = 1000)
    void redactorAndParserDecodeEveryLiteralAlike(@ForAll("literalInsides") String inside) {
        byte[] latin = inside.getBytes(StandardCharsets.ISO_8859_1);
        byte[] parser = StraceValues.unescape(latin, 0, latin.length);
        assertThat(Redactor.unescape(inside).getBytes(StandardCharsets.ISO_8859_1)).isEqualTo(parser);
    }

    @Property(tries = 500)
    void whatStraceQuotesTheRedactorDecodesBack(@ForAll byte[] raw, @ForAll boolean hex) {
        String quoted = StraceValues.quote(raw, hex);
        assertThat(Redactor.unescape(quoted).getBytes(StandardCharsets.ISO_8859_1)).isEqualTo(raw);
    }
}
