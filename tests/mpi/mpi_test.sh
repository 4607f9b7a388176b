#!/usr/bin/env bash
# Sweeps under mpirun (issue 9): 2 and 3 processes write the file that one
# process writes, bit for bit; a process killed with SIGKILL (rank 0 or
# another), then --resume, too; errors and the summary are said once.
set -euo pipefail
src="$1"
mpirun="$2"
# CI runs as root, which OpenMPI refuses unless told; 3 ranks on 2 cores need --oversubscribe.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
gym="$src/scenarios/gym-membership.toml"
sets=(--set population.customers=2000)
fail() { echo "mpi: $*" >&2; exit 1; }
same() { /usr/bin/python3 "$src/tests/output/same_results.py" "$1" "$2" || fail "$2 differs from $1"; }

"$JOURNEYSIM" sweep "$gym" "${sets[@]}" -o one.h5 -q --threads 1
"$mpirun" -np 2 "$JOURNEYSIM" sweep "$gym" "${sets[@]}" -o two.h5 -q
same one.h5 two.h5
"$mpirun" --oversubscribe -np 3 "$JOURNEYSIM" sweep "$gym" "${sets[@]}" -o three.h5 -q --threads 2
same one.h5 three.h5
/usr/bin/python3 -c 'import h5py, sys; sys.exit(0 if h5py.File("three.h5").attrs["processes"] == 3 else 1)' ||
  fail "three.h5 does not say it was made by 3 processes"

# The summary comes once, from rank 0, and says how the sweep ran.
"$mpirun" -np 2 "$JOURNEYSIM" sweep "$gym" "${sets[@]}" -o summary.h5 > summary.txt
test "$(grep -c '^results: summary.h5' summary.txt)" -eq 1 || fail "the summary is not there once: $(cat summary.txt)"
grep -q '2 processes' summary.txt || fail "the summary does not say 2 processes"

# A bad scenario is reported once, exit 1, and nothing is written.
printf 'schema = 1\n[scenario]\nname = 3\n' > bad.toml
set +e
"$mpirun" -np 2 "$JOURNEYSIM" sweep bad.toml -o bad.h5 > bad.out 2> bad.err
rc=$?
set -e
test "$rc" -eq 1 || fail "a bad scenario exited $rc"
test "$(grep -c 'bad.toml:3:8' bad.err)" -eq 1 || fail "the error is not said once: $(cat bad.err)"
test ! -e bad.h5 || fail "a bad scenario left bad.h5"

# run is not spread: process 0 does it alone and says so.
"$mpirun" -np 2 "$JOURNEYSIM" run "$gym" --replications 1 "${sets[@]}" -o run.h5 > run.txt
test "$(grep -c 'only `sweep` is spread over processes' run.txt)" -eq 1 || fail "run: $(cat run.txt)"

# SIGKILL on one process (rank 1, then rank 0) in the middle of a sweep;
# mpirun ends the others. --resume then writes the uninterrupted file.
sets=(--set population.customers=6000)
"$JOURNEYSIM" sweep "$gym" "${sets[@]}" -o whole.h5 -q
for victim in 1 0; do
  rm -f killed.h5 killed.h5.journal
  "$mpirun" -np 2 "$JOURNEYSIM" sweep "$gym" "${sets[@]}" -o killed.h5 -q 2> killed.err &
  launcher=$!
  # Once some runs are journaled (the header alone is well under 40 kB).
  for _ in $(seq 600); do
    if [ -f killed.h5.journal ] && [ "$(stat -c %s killed.h5.journal)" -gt 40000 ]; then break; fi
    sleep 0.02
  done
  pid=""
  for p in $(pgrep -f 'sweep .*-o killed.h5'); do
    if tr '\0' '\n' < "/proc/$p/environ" 2>/dev/null | grep -qx "OMPI_COMM_WORLD_RANK=$victim"; then pid=$p; fi
  done
  test -n "$pid" || fail "rank $victim not found (the sweep ended first?)"
  kill -9 "$pid"
  if wait "$launcher"; then fail "mpirun succeeded after rank $victim was killed"; fi
  test -f killed.h5.journal || fail "no journal after rank $victim was killed"
  "$mpirun" -np 2 "$JOURNEYSIM" sweep "$gym" "${sets[@]}" -o killed.h5 -q --resume
  same whole.h5 killed.h5
  test ! -e killed.h5.journal || fail "the journal is still there after the resume"
  ls -a | grep -q 'tmp-' && fail "a temporary file is left: $(ls -a)"
done
echo "mpi: ok"
