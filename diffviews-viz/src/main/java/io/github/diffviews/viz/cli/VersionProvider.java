package io.github.diffviews.viz.cli;

import picocli.CommandLine;

/** Reports the library version recorded in the jar's manifest. */
final class VersionProvider implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = DiffViewsCli.class.getPackage().getImplementationVersion();
        return new String[] {"diffviews " + (version == null ? "(development build)" : version),
            "Java " + System.getProperty("java.version") + " on " + System.getProperty("os.name")
                    + " " + System.getProperty("os.arch")};
    }
}
