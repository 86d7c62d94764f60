#!/usr/bin/env bash
# Installs what `make run` or `make test` needs and is missing, from Debian and PyPI only.
# Usage: scripts/install-deps.sh run|test|bench
set -euo pipefail
purpose=${1:-run}

debs=(libsqlite3-dev libcurl4-openssl-dev pkg-config)
if [[ $purpose == test ]]; then
  # openssl: the scoring-core push test makes its HTTPS stand-in a self-signed certificate.
  # postgresql: the store contract suite and the scale-out tests run against a real server.
  debs+=(chromium chromium-driver python3-pip dovecot-imapd libreoffice-calc openssl postgresql)
  # nginx: the several-servers test puts two servers behind it (Tests/e2e/test_several_servers.py).
  debs+=(nginx)
fi
if [[ $purpose == bench ]]; then
  # wrk: the HTTP load of bench/run.sh, line.sh and staff_queue.sh.
  debs+=(wrk)
fi

missing=()
for p in "${debs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [[ ${#missing[@]} -gt 0 ]]; then
  echo "install-deps: installing ${missing[*]}"
  sudo_cmd=()
  [[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [[ $purpose == test ]]; then
  py_missing=()
  python3 -c "import selenium" 2>/dev/null || py_missing+=("selenium>=4.15")
  python3 -c "import pytest" 2>/dev/null || py_missing+=("pytest")
  python3 -c "import requests" 2>/dev/null || py_missing+=("requests")
  python3 -c "import aiosmtpd" 2>/dev/null || py_missing+=("aiosmtpd")
  python3 -c "import yaml" 2>/dev/null || py_missing+=("PyYAML")
  # The scoring-core export is checked against its JSON Schema (draft 2020-12) as a scoring core would.
  python3 -c "import jsonschema" 2>/dev/null || py_missing+=("jsonschema>=4.18")
  # The JSON API fuzzed from its own contract (Tests/e2e/test_api_fuzz.py); the v4 CLI and config file.
  python3 -c "import schemathesis" 2>/dev/null || py_missing+=("schemathesis>=4.0,<5")
  # An Open311 GeoReport v2 client reads the Open311 endpoints back (Tests/e2e/test_open311.py).
  python3 -c "import georeport" 2>/dev/null || py_missing+=("georeport>=0.3.1")
  if [[ ${#py_missing[@]} -gt 0 ]]; then
    echo "install-deps: pip installing ${py_missing[*]}"
    python3 -m pip install -q "${py_missing[@]}"
  fi
fi
