package org.kvmworkbench.app.guest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import org.kvmworkbench.core.asm.AssemblyException;
import org.kvmworkbench.core.asm.GuestAssembler;
import org.kvmworkbench.core.io.AtomicFile;

/** "Blank real-mode guest with UART": writes NAME.asm, NAME.bin and the config NAME.yaml into a folder. */
public final class GuestTemplate {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    private static final String RESOURCE = "blank-real-mode-uart";

    private GuestTemplate() {}

    public static boolean validName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** The three files; refuses to overwrite any that exist. Returns the config to open. */
    public static Path write(Path folder, String name, GuestAssembler assembler) throws IOException, AssemblyException {
        if (!validName(name)) throw new IOException(GuestPane.TEXTS.format("template.badName", name));
        Path asm = folder.resolve(name + ".asm");
        Path yaml = folder.resolve(name + ".yaml");
        Path bin = folder.resolve(name + ".bin");
        for (Path p : List.of(asm, yaml, bin)) {
            if (Files.exists(p)) throw new IOException(GuestPane.TEXTS.format("template.exists", p));
        }
        String source = resource(".asm").replace("{{name}}", name);
        byte[] image = assembler.assemble(source).image();
        AtomicFile.write(asm, source);
        AtomicFile.write(bin, image);
        AtomicFile.write(yaml, resource(".yaml").replace("{{name}}", name));
        return yaml;
    }

    private static String resource(String ext) throws IOException {
        try (InputStream in = GuestTemplate.class.getResourceAsStream(RESOURCE + ext)) {
            if (in == null) throw new IOException("template " + RESOURCE + ext + " missing from the jar");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
