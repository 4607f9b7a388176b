#!/usr/bin/env bash
# Installs journeysim's build and test dependencies from Debian's packages,
# only those that are missing, so a second run costs nothing.
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  libboost-dev librandom123-dev libtomlplusplus-dev
  libhdf5-dev hdf5-tools liblzf-dev
  catch2 libcli11-dev
  python3-h5py python3-pandas python3-numpy python3-matplotlib
  openmpi-bin libopenmpi-dev
  nlohmann-json3-dev chromium python3-pil
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

# node and npm for the report's pinned chart library; Debian's unless some are there.
if ! command -v npm >/dev/null; then missing+=(nodejs npm); fi

if [ ${#missing[@]} -gt 0 ]; then
  sudo_cmd=()
  if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
  echo "setup: installing ${missing[*]}" >&2
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

# The report's chart library, as report/package-lock.json pins it; again only when it changed.
cd "$(dirname "$0")/../report"
if [ ! -f node_modules/echarts/dist/echarts.min.js ] || [ package-lock.json -nt node_modules/echarts/dist/echarts.min.js ]; then
  echo "setup: npm ci in report/" >&2
  npm ci --ignore-scripts --no-audit --no-fund >&2
  touch node_modules/echarts/dist/echarts.min.js
fi
