package org.kvmworkbench.core.asm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The NASM path: skipped where nasm is not installed. Its listing agrees with the built-in one. */
class NasmAssemblerTest {

    private static NasmAssembler nasm() {
        Optional<NasmAssembler> n = NasmAssembler.find();
        assumeTrue(n.isPresent(), "nasm is not installed");
        return n.get();
    }

    @Test
    void missingCommandIsEmptyNotAnError() {
        assertTrue(NasmAssembler.find("/nonexistent/nasm-not-here").isEmpty());
        assertTrue(GuestAssemblers.preferred() != null);
    }

    @Test
    void samplesGiveTheSameImageAndListingAsTheBuiltInAssembler() throws Exception {
        NasmAssembler nasm = nasm();
        assertTrue(nasm.name().startsWith("NASM "), nasm.name());
        for (Path src : SamplesAssembleIdenticallyTest.sources()) {
            String text = Files.readString(src);
            Assembly theirs = nasm.assemble(text);
            Assembly ours = new BuiltInAssembler().assemble(text);
            assertArrayEquals(ours.image(), theirs.image(), src.toString());
            assertEquals(ours.listing().size(), theirs.listing().size(), src.toString());
            for (int i = 0; i < ours.listing().size(); i++) {
                ListingLine a = ours.listing().get(i);
                ListingLine b = theirs.listing().get(i);
                assertArrayEquals(a.bytes(), b.bytes(), src + ":" + a.line());
                if (a.emitsCode()) assertEquals(a.offset(), b.offset(), src + ":" + a.line());
                assertEquals(a.source(), b.source());
            }
        }
    }

    @Test
    void errorsComeBackWithTheirLines() {
        AssemblyException e = assertThrows(AssemblyException.class,
                () -> nasm().assemble("bits 16\nnop\nfoo bar\n"));
        List<AsmError> errors = e.errors();
        assertEquals(3, errors.get(0).line());
        assertTrue(errors.get(0).message().contains("instruction expected"), errors.toString());
    }
}
