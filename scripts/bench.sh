#!/usr/bin/env bash
# Benchmarks cdds-decrypt against the route users script today, side by side on this machine.
#
#   scripts/bench.sh [-n RUNS] [--large] [WORKDIR]      (default: 3 runs, WORKDIR target/bench)
#
# Builds a corpus with openssl, Info-ZIP zip and scripts/GenContactHistory.java (cached in WORKDIR), then runs each
# tool and its peer alternately RUNS times and prints medians of wall time and peak RSS, and their ratios:
#   decrypt  one 300 MiB part:   cdds-decrypt decrypt  vs  openssl smime -decrypt -binary
#   extract  ~670 MB JSONL tree in 20 MB parts:  cdds-decrypt extract  vs  openssl per part + 7zz x  (manual)
#                                                                      vs  7zz x on decrypted parts (floor)
#                                                                      vs  the same, then sync (on disk, as ours)
#   segment  one 20 MB zip segment of that export:  cdds-decrypt decrypt  vs  openssl smime -decrypt -binary
#   small    the 2 KB demo part (decrypt to stdout)  vs  cdds-decrypt --version
#   startup  cdds-decrypt --version
#   On a CPU with AVX-512, the decrypt and segment rows run a second time without HotSpot's Base64 intrinsic
#   (-XX:-UseBASE64Intrinsics), which is what a CPU without AVX-512 (AVX2 only) runs.
#   --large  memory flatness: decrypt peak RSS for a 20 MB part and a 2 GiB part
# Installs nothing: a missing peer tool is named with the Debian package that provides it.
set -euo pipefail

runs=3
large=0
while [ $# -gt 0 ]; do
  case "$1" in
    -n) runs=$2; shift 2 ;;
    --large) large=1; shift ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) break ;;
  esac
done
root=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mkdir -p "${1:-$root/target/bench}" && cd "${1:-$root/target/bench}" && pwd)
tool="$root/scripts/cdds-decrypt"

missing=()
for t in openssl zip java mvn 7zz; do
  command -v "$t" >/dev/null 2>&1 || missing+=("$t")
done
[ -x /usr/bin/time ] || missing+=("/usr/bin/time")
if [ ${#missing[@]} -gt 0 ]; then
  echo "bench.sh: missing tools: ${missing[*]}" >&2
  echo "  7zz comes from Debian's 7zip package, /usr/bin/time from 'time', zip from 'zip' (apt-get install 7zip time zip)." >&2
  exit 1
fi

log() { printf '%s\n' "$*" >&2; }

build() {
  log "building cdds-decrypt..."
  (cd "$root" && mvn -q -B -Dstyle.color=never -DskipTests package) >&2
}

make_key() {
  [ -f "$work/key.pem" ] && return
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/key.pem" -out "$work/cert.pem" \
    -subj /CN=cdds-bench -days 30 2>/dev/null
  chmod 600 "$work/key.pem"
}

# A part of N MiB: zip segments hold compressed, i.e. incompressible, data.
make_part() { # name MiB
  local out="$work/$1.zip.smime"
  [ -f "$out" ] && return
  log "making $1 ($2 MiB)..."
  head -c "$(( $2 * 1024 * 1024 ))" /dev/urandom > "$work/$1.bin"
  openssl smime -encrypt -binary -aes256 -stream -in "$work/$1.bin" -out "$out" "$work/cert.pem"
  rm -f "$work/$1.bin"
}

make_export() {
  local dir="$work/export"
  [ -f "$dir/.complete" ] && return
  log "making the ~670 MB Contact History export (JSON Lines, 20 MB parts)..."
  rm -rf "$dir" "$work/tree"
  mkdir -p "$dir/plain" "$dir/smime"
  java "$root/scripts/GenContactHistory.java" "$work/tree" 670
  (cd "$work/tree" && zip -q -r -s 20m "$dir/plain/export-bench.zip" .)
  for seg in "$dir"/plain/export-bench.*; do
    openssl smime -encrypt -binary -aes256 -in "$seg" -out "$dir/smime/$(basename "$seg").smime" "$work/cert.pem"
  done
  touch "$dir/.complete"
}

# measure LABEL CMD...: appends "LABEL seconds kilobytes" to the results file.
measure() {
  local label=$1; shift
  sync
  /usr/bin/time -f "%e %M" -o "$work/time.out" "$@" >/dev/null 2>"$work/cmd.err" || {
    log "FAILED: $label: $*"; cat "$work/cmd.err" >&2; exit 1; }
  printf '%s %s\n' "$label" "$(cat "$work/time.out")" >> "$results"
}

manual_route() { # decrypt each part with openssl, then 7zz x; the decrypted parts are temporary
  local tmp="$work/manual-parts"
  rm -rf "$tmp"; mkdir -p "$tmp"
  for p in "$work"/export/smime/*.smime; do
    openssl smime -decrypt -binary -inkey "$work/key.pem" -in "$p" -out "$tmp/$(basename "$p" .smime)"
  done
  7zz x -y -o"$work/out-manual" "$tmp/export-bench.zip" >/dev/null
  rm -rf "$tmp"
}
export -f manual_route

median() { # label column
  awk -v l="$1" -v c="$2" '$1==l {print $c}' "$results" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'
}

build
make_key
make_part p300 300
make_export
results="$work/results.txt"
: > "$results"
first=$(ls "$work"/export/smime/*.z01.smime)
demo_key="$root/testdata/demo/demo-key.pem"
demo_part=$(ls "$root"/testdata/demo/*.zip.smime)
cpu_flags=$(grep -m1 '^flags' /proc/cpuinfo 2>/dev/null || true)
has() { case " $cpu_flags " in *" $1 "*) echo yes ;; *) echo no ;; esac; }
no_intrinsic="-XX:+UnlockDiagnosticVMOptions -XX:-UseBASE64Intrinsics"
# decrypt_pair LABEL-SUFFIX PART: ours and openssl on one part, outputs compared
decrypt_pair() {
  measure "ours-$1" "$tool" decrypt -k "$work/key.pem" -f -o "$work/$1.out" "$2"
  [ "$(has avx512f)" = yes ] &&
    measure "ours-$1-noavx512" env JAVA_OPTS="${JAVA_OPTS:-} $no_intrinsic" "$tool" decrypt -k "$work/key.pem" -f -o "$work/$1.out" "$2"
  measure "openssl-$1" openssl smime -decrypt -binary -inkey "$work/key.pem" -in "$2" -out "$work/$1.openssl"
  cmp -s "$work/$1.out" "$work/$1.openssl" || { log "$1: decrypt outputs differ!"; exit 1; }
  rm -f "$work/$1.out" "$work/$1.openssl"
}

for i in $(seq "$runs"); do
  log "run $i/$runs"
  decrypt_pair decrypt "$work/p300.zip.smime"
  decrypt_pair segment "$first"
  measure ours-small "$tool" decrypt -q -k "$demo_key" -o - "$demo_part"
  # Every route extracts into a fresh folder: removing the previous run's 670 MB is not timed for any of them
  # (after a sync, deleting that tree takes ~0.3 s here).
  rm -rf "$work/out-ours"
  measure ours-extract "$tool" extract -k "$work/key.pem" -o "$work/out-ours" "$first"
  rm -rf "$work/out-manual"
  measure manual-extract bash -c "work='$work'; manual_route"
  rm -rf "$work/out-floor"
  measure 7zz-floor 7zz x -y -o"$work/out-floor" "$work/export/plain/export-bench.zip"
  # ours forces every file to disk before it reports success; 7zz leaves its writes to the kernel. The same 7zz
  # run followed by a sync is the floor for a result on disk.
  rm -rf "$work/out-floor"
  measure 7zz-synced bash -c "7zz x -y -o'$work/out-floor' '$work/export/plain/export-bench.zip' >/dev/null && sync"
  # the tree marker is the only file ours adds (it lets --force recognise the tree as the tool's own)
  diff -rq -x .cdds-decrypt-tree "$work/out-ours" "$work/out-floor" >/dev/null || { log "extracted trees differ!"; exit 1; }
  measure ours-version "$tool" --version
done

if [ "$large" = 1 ]; then
  make_part p20 20
  make_part p2048 2048
  for i in $(seq "$runs"); do
    measure ours-decrypt-20M "$tool" decrypt -k "$work/key.pem" -f -o "$work/large.out" "$work/p20.zip.smime"
    measure ours-decrypt-2G "$tool" decrypt -k "$work/key.pem" -f -o "$work/large.out" "$work/p2048.zip.smime"
    rm -f "$work/large.out"
  done
fi

spread() { # label column: the lowest and highest of the runs, to show how noisy the machine was
  awk -v l="$1" -v c="$2" '$1==l {print $c}' "$results" | sort -n | awk 'NR==1 {lo=$1} {hi=$1} END {printf "%s-%s", lo, hi}'
}
row() { # label
  printf '| %-16s | %8s s | %14s s | %8s MB |\n' "$1" "$(median "$1" 2)" "$(spread "$1" 2)" \
    "$(awk "BEGIN {printf \"%.0f\", $(median "$1" 3)/1024}")"
}
ratio() { awk "BEGIN {printf \"%.2f\", $(median "$1" 2)/$(median "$2" 2)}"; }

echo
echo "cdds-decrypt benchmark: $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $runs runs, medians"
echo "cpu: $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ //'); AES $(has aes), AVX2 $(has avx2), AVX-512 $(has avx512f) (VBMI $(has avx512vbmi)); JAVA_OPTS=${JAVA_OPTS:-}"
echo "parts: $(ls "$work"/export/smime | wc -l) x 20 MB; tree $(du -sh "$work/tree" | cut -f1); p300 part $(du -h "$work/p300.zip.smime" | cut -f1)"
echo
echo "| command          |     wall   |   lowest-highest |   peak RSS  |"
echo "|------------------|------------|------------------|-------------|"
for l in ours-decrypt ours-decrypt-noavx512 openssl-decrypt ours-segment ours-segment-noavx512 openssl-segment \
  ours-extract manual-extract 7zz-floor 7zz-synced ours-small ours-version; do
  grep -q "^$l " "$results" && row "$l"
done
[ "$large" = 1 ] && { row ours-decrypt-20M; row ours-decrypt-2G; }
echo
echo "decrypt 300 MiB: openssl / ours   = $(ratio openssl-decrypt ours-decrypt)x faster   (target >= 5)"
echo "segment 20 MB:   ours / openssl   = $(ratio ours-segment openssl-segment)          (target <= 1.5)"
if grep -q '^ours-decrypt-noavx512 ' "$results"; then
  echo "  without the Base64 intrinsic:  decrypt $(ratio openssl-decrypt ours-decrypt-noavx512)x faster, segment $(ratio ours-segment-noavx512 openssl-segment)"
fi
echo "small 2 KB part: ours / --version = $(ratio ours-small ours-version)          (target <= 1.6)"
echo "extract: ours / 7zz floor         = $(ratio ours-extract 7zz-floor)          (target <= 0.9)"
echo "extract: ours / 7zz, then sync    = $(ratio ours-extract 7zz-synced)          (both on disk)"
echo "extract: ours / manual route      = $(ratio ours-extract manual-extract)          (target <= 0.5)"
echo "startup: --version                = $(median ours-version 2) s       (target < 0.5)"
echo "peak RSS, largest of ours         = $(sort -k3 -n "$results" | awk '$1 ~ /^ours/ {m=$3} END {printf "%.0f", m/1024}') MB   (target < 200)"
