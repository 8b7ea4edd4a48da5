package org.kvmworkbench.core.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kvmworkbench.core.i18n.Columns;
import org.kvmworkbench.core.i18n.Messages;

/** bench's table says the workloads' own names in English, and lines up in Chinese too. */
class BenchReportWordsTest {
    @AfterEach
    void english() {
        Messages.setLocale(Locale.ROOT);
    }

    @Test
    void inEnglishTheTableNamesAreTheWorkloadsOwn() {
        for (Workload w : Workload.values()) {
            assertEquals(w.label(), BenchReport.label(w));
            assertEquals(w.unit().rateLabel(), BenchReport.rateLabel(w));
        }
        assertEquals(String.format(Locale.ROOT, "%-16s %-10s %10s %10s %10s   %10s%n", "workload", "unit", "CPU min",
                "CPU median", "CPU max", "wall median"), BenchReport.header());
    }

    @Test
    void theChineseHeaderFitsTheColumns() {
        String english = BenchReport.header();
        Messages.setLocale(Locale.SIMPLIFIED_CHINESE);
        String chinese = BenchReport.header();
        assertTrue(chinese.startsWith("负载"), chinese);
        // the columns' widths (16 10 10 10 10 10): every Chinese head fits; English "wall median" is one wider than its
        int grid = 16 + 1 + 10 + 1 + 10 + 1 + 10 + 1 + 10 + 3 + 10 + System.lineSeparator().length();
        assertEquals(grid, Columns.width(chinese), chinese);
        assertEquals(grid + 1, Columns.width(english), english);
        for (Workload w : Workload.values()) {
            assertTrue(BenchReport.label(w).codePoints().anyMatch(c -> c > 0x7F) || w.label().startsWith("UART"), w.name());
        }
    }
}
