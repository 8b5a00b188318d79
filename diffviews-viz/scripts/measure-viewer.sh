#!/usr/bin/env bash
# Measures the viewer (not a test): a 100,000-point map in headless Chromium (time to
# interactive, hover preview latency) and 20 simulated users exploring and generating at once on
# loopback for 2 minutes. Prints the figures and writes diffviews-viz/target/measurements/viewer.json.
#
#   diffviews-viz/scripts/measure-viewer.sh [--points N] [--users N] [--seconds N]
#                                           [--skip-browser] [--skip-load]
#
# Needs the Debian packages chromium and chromium-driver for the browser part. The data it writes
# (about 100,000 small PNGs) is kept in diffviews-viz/target/measure-data for the next run.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
mvn_cmd="mvn"
[ -x "$root/mvnw" ] && mvn_cmd="$root/mvnw"

"$mvn_cmd" -q -B -pl diffviews-viz -am test-compile dependency:build-classpath \
    -Dcheckstyle.skip -Denforcer.skip -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/measure-classpath.txt >&2

cd "$root/diffviews-viz"
classpath="target/test-classes:target/classes:$(cat target/measure-classpath.txt)"
exec java -Xmx6g -Dai.djl.offline=true -cp "$classpath" \
    io.github.diffviews.viz.server.ViewerMeasurements "$@"
