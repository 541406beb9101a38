#!/bin/bash
# Runs `audit --json .` and `scan --json .` of two builds over every repository of a folder (one after the other, in
# sequence) and names each repository whose output or exit status differs: the check that a change to the audit's
# cost keeps every finding. Usage: bench/compare-outputs.sh <build-a> <build-b> [repos-folder (/work/repos)] [out-dir]
set -u
a=$1; b=$2; repos=${3:-/work/repos}; out=${4:-$(mktemp -d)}
run() { # build, its output folder
  mkdir -p "$2"
  for d in "$repos"/*/; do
    r=$(basename "$d")
    # only repositories with TS/JS or Python files: the audit reads no other language
    git -C "$d" ls-files 2>/dev/null | grep -qiE '\.(ts|tsx|mts|cts|js|jsx|mjs|cjs|py)$' || continue
    for cmd in audit scan; do
      (cd "$d" && node "$1/bin/toggle-parallel.js" "$cmd" --json . >"$2/$r.$cmd" 2>/dev/null; echo $? >"$2/$r.$cmd.rc")
    done
  done
}
run "$a" "$out/a"
run "$b" "$out/b"
n=0; bad=0
for f in "$out"/a/*.audit "$out"/a/*.scan; do
  r=$(basename "$f"); n=$((n + 1))
  if ! cmp -s "$f" "$out/b/$r" || ! cmp -s "$f.rc" "$out/b/$r.rc"; then echo "differs: $r"; bad=$((bad + 1)); fi
done
echo "$n outputs compared ($out), $bad differ"
[ "$bad" -eq 0 ]
