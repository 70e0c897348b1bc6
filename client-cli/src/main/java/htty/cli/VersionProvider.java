package htty.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** {@code htty --version}: the version Maven recorded in the jar, or a note that this is a build tree. */
final class VersionProvider implements IVersionProvider {

    private static final String POM_PROPERTIES = "/META-INF/maven/htty/client-cli/pom.properties";

    @Override
    public String[] getVersion() throws IOException {
        try (InputStream properties = VersionProvider.class.getResourceAsStream(POM_PROPERTIES)) {
            if (properties == null) {
                return new String[] {"htty (development build)"};
            }
            Properties pom = new Properties();
            pom.load(properties);
            return new String[] {"htty " + pom.getProperty("version")};
        }
    }
}
