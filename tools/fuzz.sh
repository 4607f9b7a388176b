#!/usr/bin/env bash
# Fuzzes the scenario loader and the engine with libFuzzer under ASan+UBSan.
#   tools/fuzz.sh [SECONDS]   (default 60)
# TOML++'s debug assertions are off (as in Debian's build); the loader's own
# pre-check keeps input that would break their assumptions away from the parser.
# Needs clang-14 and libclang-rt-14-dev (Debian). Builds into build/fuzz; the
# corpus starts from scenarios/*.toml and tests/fuzz/corpus/. Findings land in
# build/fuzz/crash-* and the script exits non-zero.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
for p in clang-14 libclang-rt-14-dev; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=" $p"
done
if [ -n "${missing:-}" ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >&2
fi
out=build/fuzz
mkdir -p "$out/corpus"
cp scenarios/*.toml tests/fuzz/corpus/* "$out/corpus/" 2>/dev/null || true
sources=$(ls engine/src/core/*.cpp engine/src/scenario/*.cpp engine/src/model/*.cpp engine/src/sim/*.cpp)
if [ ! -x "$out/scenario_fuzz" ] || [ -n "$(find engine tests/fuzz -newer "$out/scenario_fuzz" -name '*.[ch]*' | head -1)" ]; then
  clang++-14 -std=c++17 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
    -DTOML_HEADER_ONLY=1 '-DTOML_ASSERT(expr)=(void)0' -DJOURNEYSIM_VERSION='"fuzz"' \
    -Iengine/include -Iengine/src/scenario $sources tests/fuzz/scenario_fuzz.cpp -lpthread -o "$out/scenario_fuzz"
fi
cd "$out"
./scenario_fuzz -max_total_time="$seconds" -max_len=8192 -timeout=10 -rss_limit_mb=4096 corpus
