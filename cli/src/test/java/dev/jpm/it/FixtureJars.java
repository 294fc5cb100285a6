package dev.jpm.it;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Builds a runnable jar around one small fixture class from the test classes. */
public final class FixtureJars {
    private FixtureJars() {
    }

    public static Path build(Path dir, Class<?> main) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, main.getName());
        Path jar = dir.resolve(main.getSimpleName() + ".jar");
        String entry = main.getName().replace('.', '/') + ".class";
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
            out.putNextEntry(new JarEntry(entry));
            out.write(Files.readAllBytes(classFile(main)));
            out.closeEntry();
        }
        return jar;
    }

    private static Path classFile(Class<?> main) {
        try {
            Path root = Path.of(main.getProtectionDomain().getCodeSource().getLocation().toURI());
            return root.resolve(main.getName().replace('.', '/') + ".class");
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
