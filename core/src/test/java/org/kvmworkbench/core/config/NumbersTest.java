package org.kvmworkbench.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class NumbersTest {
    @Test
    void integers() {
        assertEquals(BigInteger.valueOf(0x3F8), Numbers.parseInteger("0x3F8"));
        assertEquals(BigInteger.valueOf(0x3F8), Numbers.parseInteger(" 0x3f8 "));
        assertEquals(BigInteger.valueOf(1016), Numbers.parseInteger("1016"));
        assertEquals(BigInteger.valueOf(-1), Numbers.parseInteger("-1"));
        assertNull(Numbers.parseInteger("0x"));
        assertNull(Numbers.parseInteger("3F8"));
        assertNull(Numbers.parseInteger("1.5"));
        assertNull(Numbers.parseInteger(""));
    }

    @Test
    void sizes() {
        assertEquals(BigInteger.valueOf(65536), Numbers.parseSize("64K"));
        assertEquals(BigInteger.valueOf(1 << 20), Numbers.parseSize("1M"));
        assertEquals(BigInteger.valueOf(1 << 20), Numbers.parseSize("1 MiB"));
        assertEquals(BigInteger.valueOf(1L << 30), Numbers.parseSize("1g"));
        assertEquals(BigInteger.valueOf(4096), Numbers.parseSize("0x1000"));
        assertNull(Numbers.parseSize("64Q"));
        assertNull(Numbers.parseSize("K"));
        assertNull(Numbers.parseSize("64KB"));
    }

    @Test
    void sizeSuffixOnlyWhenItDividesEvenly() {
        assertEquals("64K", Numbers.sizeWithSuffix(65536));
        assertEquals("1M", Numbers.sizeWithSuffix(1 << 20));
        assertEquals("1025K", Numbers.sizeWithSuffix(1025 * 1024));
        assertNull(Numbers.sizeWithSuffix(5000));
        assertNull(Numbers.sizeWithSuffix(0));
    }
}
