package org.kvmworkbench.core.asm;

import org.kvmworkbench.core.i18n.Phrase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * NASM, when it is on the PATH: the same command samples/build.sh runs ({@code nasm -f bin -Werror}), in a
 * temporary folder, plus {@code -l} for the listing the source view shows. Its messages become AsmErrors.
 */
public final class NasmAssembler implements GuestAssembler {
    private static final long TIMEOUT_SECONDS = 30;
    private static final Pattern MESSAGE = Pattern.compile("^[^:]*\\.asm:(\\d+): (?:error|warning|fatal): (.*)$");

    private final String command;
    private final String version;

    private NasmAssembler(String command, String version) {
        this.command = command;
        this.version = version;
    }

    /** NASM if {@code command -v} answers like NASM, else empty. */
    public static Optional<NasmAssembler> find(String command) {
        try {
            Process p = new ProcessBuilder(command, "-v").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            if (p.exitValue() != 0 || !out.startsWith("NASM version")) return Optional.empty();
            String[] words = out.split("\\s+");
            return Optional.of(new NasmAssembler(command, "NASM " + (words.length > 2 ? words[2] : "")));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** NASM as {@code nasm} on the PATH, or the command the system property {@code kvmwb.nasm} names. */
    public static Optional<NasmAssembler> find() {
        return find(System.getProperty("kvmwb.nasm", "nasm"));
    }

    @Override
    public String name() {
        return version;
    }

    @Override
    public Assembly assemble(String source) throws AssemblyException {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("kvmwb-nasm");
            Path src = dir.resolve("guest.asm");
            Path bin = dir.resolve("guest.bin");
            Path lst = dir.resolve("guest.lst");
            Files.writeString(src, source, StandardCharsets.UTF_8);
            Process p = new ProcessBuilder(command, "-f", "bin", "-Werror", "-l", lst.toString(), "-o",
                    bin.toString(), src.toString()).redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw failure(AsmError.WORDS.phrase("nasm.timeout", TIMEOUT_SECONDS));
            }
            if (p.exitValue() != 0) throw new AssemblyException(messages(log));
            String[] lines = source.split("\r\n|\r|\n", -1);
            byte[] image = Files.readAllBytes(bin);
            return new Assembly(image, listing(Files.readString(lst, StandardCharsets.UTF_8), lines, image), name());
        } catch (IOException e) {
            throw failure(AsmError.WORDS.phrase("nasm.cannotRun", Phrase.of(e)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure(AsmError.WORDS.phrase("nasm.interrupted"));
        } finally {
            deleteQuietly(dir);
        }
    }

    static List<AsmError> messages(String log) {
        List<AsmError> errors = new ArrayList<>();
        for (String line : log.split("\n")) {
            Matcher m = MESSAGE.matcher(line.trim());
            if (m.matches()) errors.add(new AsmError(Integer.parseInt(m.group(1)), 0, Phrase.literal(m.group(2))));
            else if (!line.isBlank()) errors.add(new AsmError(1, 0, Phrase.literal(line.trim())));
        }
        if (errors.isEmpty()) errors.add(new AsmError(1, 0, AsmError.WORDS.phrase("nasm.noMessage")));
        return errors;
    }

    /**
     * NASM's listing: line number (6 columns), offset (8 hex digits), the bytes ("[...]" around relocated
     * values, "-" when they continue on the next listing line, "<rep Nh>" for times), then the source at column 40.
     * Only offsets and lengths are taken from it: relocated values are listed without the origin, so the bytes
     * come from the image.
     */
    static List<ListingLine> listing(String lst, String[] lines, byte[] image) {
        int[] offset = new int[lines.length + 1];
        java.io.ByteArrayOutputStream[] bytes = new java.io.ByteArrayOutputStream[lines.length + 1];
        for (String row : lst.split("\n")) {
            if (row.length() < 16) continue;
            int line;
            try {
                line = Integer.parseInt(row.substring(0, 6).trim());
            } catch (NumberFormatException e) {
                continue;
            }
            if (line < 1 || line > lines.length || row.charAt(6) != ' ' || row.substring(7, 15).isBlank()) continue;
            String hex = row.substring(16, Math.min(row.length(), 40)).trim();
            if (hex.isEmpty()) continue;
            int off = Integer.parseUnsignedInt(row.substring(7, 15), 16);
            if (bytes[line] == null) {
                bytes[line] = new java.io.ByteArrayOutputStream();
                offset[line] = off;
            }
            appendHex(hex, bytes[line]);
        }
        List<ListingLine> out = new ArrayList<>(lines.length);
        int last = 0;
        for (int i = 1; i <= lines.length; i++) {
            int off = bytes[i] == null ? last : offset[i];
            int len = bytes[i] == null ? 0 : bytes[i].size();
            byte[] b = off >= 0 && off <= image.length && len <= image.length - off
                    ? java.util.Arrays.copyOfRange(image, off, off + len) : new byte[0];
            out.add(new ListingLine(i, off, b, lines[i - 1]));
            last = off + b.length;
        }
        return out;
    }

    private static void appendHex(String field, java.io.ByteArrayOutputStream out) {
        int repeat = 1;
        int rep = field.indexOf("<rep ");
        if (rep >= 0) {
            String count = field.substring(rep + 5).replace(">", "").replace("h", "").trim();
            repeat = Integer.parseInt(count, 16);
            field = field.substring(0, rep);
        }
        String hex = field.replaceAll("[\\[\\]()\\-]", "");
        byte[] one = java.util.HexFormat.of().parseHex(hex.length() % 2 == 0 ? hex : hex.substring(0, hex.length() - 1));
        for (int r = 0; r < repeat; r++) out.writeBytes(one);
    }

    private static AssemblyException failure(Phrase message) {
        return new AssemblyException(List.of(new AsmError(1, 0, message)));
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) return;
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind is harmless
        }
    }
}
