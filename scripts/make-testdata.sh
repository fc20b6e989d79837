#!/usr/bin/env bash
# make-testdata.sh - generate every test fixture for cdds-decrypt.
#
# Usage: scripts/make-testdata.sh [-v] [OUTDIR]        (default OUTDIR: target/testdata)
#        CDDS_TESTDATA_SEED=SEED scripts/make-testdata.sh  (other payloads; the default seed is below)
#
# Fixtures are produced with independent tools only (openssl 3, Info-ZIP zip, coreutils, perl for
# binary patching) so that the Java code under test is never checked against its own output.
# File names and payloads are deterministic: the pseudo-random payloads come from SEED (below), so a failing
# fixture can be made again byte for byte. Keys and openssl's content keys and IVs are new on each run.
#
# The tree is built in a staging directory next to OUTDIR and moved into place at the end, so a
# reader never sees a half-written OUTDIR; OUTDIR/.complete is the last thing written.
# Quiet unless something fails; -v prints one line per step.
set -euo pipefail

export TZ=UTC                 # zip stores DOS (local) times: UTC makes them predictable
export LC_ALL=C.UTF-8         # UTF-8 file names; zip then stores them as raw UTF-8 bytes
umask 022

PASS=secret
VERBOSE=0
# Every pseudo-random payload is a function of this seed and its name only; written to OUTDIR/SEED.
SEED=${CDDS_TESTDATA_SEED:-cdds-decrypt-testdata-1}

# ---------------------------------------------------------------------------------------------
# Job UUIDs, fixed per fixture (valid v4 shape). Tests look them up in exports/MANIFEST.
# ---------------------------------------------------------------------------------------------
declare -A UUID=(
  [single]=11111111-1111-4111-8111-111111111111
  [split12]=22222222-2222-4222-8222-222222222222
  [split100]=33333333-3333-4333-8333-333333333333
  [plain12]=44444444-4444-4444-8444-444444444444
  [mixed-wrap]=55555555-5555-4555-8555-555555555555
  [ec]=66666666-6666-4666-8666-666666666666
  [gcm]=77777777-7777-4777-8777-777777777777
  [missing]=88888888-8888-4888-8888-888888888888
  [missing-tail]=99999999-9999-4999-8999-999999999999
  [no-final]=aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa
  [truncated]=bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb
  [flipped]=cccccccc-cccc-4ccc-8ccc-cccccccccccc
  [crc]=dddddddd-dddd-4ddd-8ddd-dddddddddddd
  [traversal]=eeeeeeee-eeee-4eee-8eee-eeeeeeeeeeee
  [absolute]=ffffffff-ffff-4fff-8fff-ffffffffffff
  [symlink]=12121212-1212-4212-8212-121212121212
  [bomb]=13131313-1313-4313-8313-131313131313
  [notsmime]=14141414-1414-4414-8414-141414141414
  [unsplit-plain]=15151515-1515-4515-8515-151515151515
  [onepart]=16161616-1616-4616-8616-161616161616
  [mime-b64]=17171717-1717-4717-8717-171717171717
  [mime-binary]=18181818-1818-4818-8818-181818181818
  [mime-split-b64]=19191919-1919-4919-8919-191919191919
  [mime-split-binary]=1a1a1a1a-1a1a-4a1a-8a1a-1a1a1a1a1a1a
  [mime-no-blank]=1b1b1b1b-1b1b-4b1b-8b1b-1b1b1b1b1b1b
  [mime-bad-encoding]=1c1c1c1c-1c1c-4c1c-8c1c-1c1c1c1c1c1c
)
# Unrelated export that sits in split12/ as noise.
NOISE_UUID=21212121-2121-4121-8121-212121212121

# ---------------------------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------------------------
die() { echo "make-testdata: $*" >&2; exit 1; }
START_US=${EPOCHREALTIME/./}
log() { # -v only: step name with elapsed milliseconds
  if [[ $VERBOSE == 1 ]]; then
    echo "make-testdata: +$(( (${EPOCHREALTIME/./} - START_US) / 1000 )) ms $*" >&2
  fi
}

# q CMD...: run CMD with its stderr captured; show it only if CMD fails (openssl is chatty).
q() {
  if ! "$@" 2>"$WORK/stderr"; then
    echo "make-testdata: command failed: $*" >&2
    cat "$WORK/stderr" >&2
    exit 1
  fi
}

fsize() { stat -c %s "$1"; }

# seeded_bytes SIZE NAME: SIZE pseudo-random bytes that depend only on SEED and NAME (an AES-256-CTR keystream
# under a key derived from both), so payloads are the same on every run and a failure can be replayed.
seeded_bytes() {
  local key
  key=$(printf '%s/%s' "$SEED" "$2" | sha256sum | cut -c1-64)
  head -c "$1" /dev/zero | openssl enc -aes-256-ctr -K "$key" -iv 00000000000000000000000000000000
}

# flip_byte FILE OFFSET MASK: XOR one byte in place (MASK in hex, e.g. 80).
flip_byte() {
  perl -e '
    my ($f, $off, $mask) = @ARGV;
    open(my $h, "+<:raw", $f) or die "$f: $!";
    seek($h, $off, 0) or die; read($h, my $b, 1) == 1 or die "short read at $off";
    seek($h, $off, 0) or die; print $h chr(ord($b) ^ hex($mask)); close($h) or die;
  ' "$1" "$2" "$3"
}

# replace_bytes FILE FROM TO COUNT: same-length literal replacement, must match exactly COUNT times.
replace_bytes() {
  perl -e '
    my ($f, $from, $to, $want) = @ARGV;
    length($from) == length($to) or die "lengths differ";
    local $/; open(my $h, "<:raw", $f) or die "$f: $!"; my $d = <$h>; close $h;
    my $n = () = $d =~ /\Q$from\E/g;
    $n == $want or die "$f: expected $want occurrence(s) of $from, found $n\n";
    $d =~ s/\Q$from\E/$to/g;
    open($h, ">:raw", $f) or die; print $h $d; close($h) or die;
  ' "$1" "$2" "$3" "$4"
}

# half_lines IN OUT: first half of IN's lines (a truncation at a line boundary).
half_lines() {
  local n; n=$(wc -l <"$1")
  head -n $((n / 2)) "$1" >"$2"
}

# The MIME header block exactly as `openssl smime -encrypt` writes it (LF line ends).
smime_headers() {
  printf '%s\n' 'MIME-Version: 1.0' \
    'Content-Disposition: attachment; filename="smime.p7m"' \
    'Content-Type: application/x-pkcs7-mime; smime-type=enveloped-data; name="smime.p7m"' \
    'Content-Transfer-Encoding: base64' ''
}

# der_to_smime DER OUT: wrap raw DER the way openssl does (headers, 64-char base64, blank line).
der_to_smime() {
  { smime_headers; base64 -w 64 "$1"; echo; } >"$2"
}

# Encryptors. The classic path (PKCS#7 API, what the CDDS guide's users run) and the CMS path
# (needed for GCM, OAEP, EC key agreement, -keyid).
smime_enc() { # IN OUT CERT [extra openssl args...]
  local in=$1 out=$2 cert=$3; shift 3
  q openssl smime -encrypt -binary -aes256 "$@" -in "$in" -out "$out" "$cert"
}
cms_enc() { # IN OUT [openssl args and certs...]
  local in=$1 out=$2; shift 2
  q openssl cms -encrypt -binary -in "$in" -out "$out" "$@"
}

# zip_tree TREE ZIPFILE [zip options...]: zip from inside TREE so entry names are relative.
# -X drops the Unix uid/gid and extended-timestamp extra fields: only the DOS time remains.
zip_tree() {
  local tree=$1 zipfile=$2; shift 2
  (cd "$tree" && q zip -q -r -X "$@" "$zipfile" .)
}

# encrypt_set SRCDIR DSTDIR: encrypt every file in SRCDIR to DSTDIR/<name>.smime (rsa.crt),
# two openssl processes at a time (one per core); >100 segments make this the slowest step.
encrypt_set() {
  local src=$1 dst=$2
  # shellcheck disable=SC2016 # the inner bash expands $f and $ENC_* itself
  find "$src" -maxdepth 1 -type f -print0 |
    ENC_DST=$dst ENC_CERT=$KEYS/rsa.crt xargs -0 -n 16 -P 2 bash -c '
      for f; do
        openssl smime -encrypt -binary -aes256 -in "$f" -out "$ENC_DST/${f##*/}.smime" "$ENC_CERT" \
          2>"$ENC_DST/.${f##*/}.err" || { cat "$ENC_DST/.${f##*/}.err" >&2; exit 255; }
        rm -f "$ENC_DST/.${f##*/}.err"
      done' _ ||
    die "encrypting $src failed"
}

# clone_set SRCDIR SRCUUID DSTDIR DSTUUID: copy one export's files under another job UUID
# (segment contents do not depend on the file name, so the copy is as good as a new export).
clone_set() {
  local src=$1 from=$2 dst=$3 to=$4 f
  mkdir -p "$dst"
  for f in "$src"/export-"$from".*; do
    cp "$f" "$dst/export-$to${f##*/export-"$from"}"
  done
}

# count_segments DIR PREFIX: number of files of one split set (.zNN... plus .zip).
count_segments() {
  find "$1" -maxdepth 1 -name "$2.z*" | wc -l
}

# ---------------------------------------------------------------------------------------------
# keys/
# ---------------------------------------------------------------------------------------------
write_cert_config() {
  # An explicit config so the result does not depend on the system openssl.cnf.
  # subjectKeyIdentifier is required for the -keyid fixture.
  cat >"$WORK/cert.cnf" <<'EOF'
[req]
distinguished_name = dn
[dn]
[rsa_ext]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment, dataEncipherment
subjectKeyIdentifier = hash
[ec_ext]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyAgreement
subjectKeyIdentifier = hash
EOF
}

self_signed() { # KEY CRT CN EXTSECTION
  q openssl req -x509 -new -key "$1" -out "$2" -subj "/CN=$3" -days 3650 -sha256 \
    -config "$WORK/cert.cnf" -extensions "$4"
}

new_rsa() { # KEY CRT CN
  q openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1"
  self_signed "$1" "$2" "$3" rsa_ext
}

make_keys() {
  log "keys"
  mkdir -p "$KEYS"
  write_cert_config
  local k=$KEYS

  new_rsa "$k/rsa.key" "$k/rsa.crt" cdds-test-rsa            # PKCS#8 PEM "BEGIN PRIVATE KEY"
  q openssl rsa -in "$k/rsa.key" -traditional -out "$k/rsa-pkcs1.key"
  q openssl rsa -in "$k/rsa.key" -traditional -aes256 -passout "pass:$PASS" -out "$k/rsa-pkcs1-enc.key"
  q openssl pkcs8 -topk8 -in "$k/rsa.key" -v2 aes-256-cbc -passout "pass:$PASS" -out "$k/rsa-pkcs8-enc.key"
  q openssl pkcs8 -topk8 -nocrypt -in "$k/rsa.key" -outform DER -out "$k/rsa.der"
  cat "$k/rsa.key" "$k/rsa.crt" >"$k/rsa-with-cert.pem"

  # OpenSSL 3 default PKCS#12: PBES2/PBKDF2/AES-256-CBC, SHA-256 MAC.
  q openssl pkcs12 -export -inkey "$k/rsa.key" -in "$k/rsa.crt" -name cdds-test-rsa \
    -passout "pass:$PASS" -out "$k/rsa.p12"
  # Old-style PKCS#12 (RC2-40 for the cert, 3DES for the key, SHA-1 MAC) needs the legacy provider.
  if openssl list -providers -provider legacy >/dev/null 2>&1; then
    q openssl pkcs12 -export -legacy -inkey "$k/rsa.key" -in "$k/rsa.crt" -name cdds-test-rsa \
      -passout "pass:$PASS" -out "$k/rsa-legacy.p12"
  else
    # Fallback without the legacy provider: 3DES everywhere, still SHA-1 MAC (no RC2-40).
    q openssl pkcs12 -export -certpbe PBE-SHA1-3DES -keypbe PBE-SHA1-3DES -macalg sha1 \
      -inkey "$k/rsa.key" -in "$k/rsa.crt" -name cdds-test-rsa -passout "pass:$PASS" \
      -out "$k/rsa-legacy.p12"
  fi

  new_rsa "$k/rsa2.key" "$k/rsa2.crt" cdds-test-rsa2         # the "rotated" certificate
  new_rsa "$k/other.key" "$k/other.crt" cdds-test-other      # recipient of nothing

  # EC P-256: SEC1 "BEGIN EC PRIVATE KEY" (-noout: no EC PARAMETERS block), plus PKCS#8 copy.
  q openssl ecparam -name prime256v1 -genkey -noout -out "$k/ec.key"
  q openssl pkcs8 -topk8 -nocrypt -in "$k/ec.key" -out "$k/ec-pkcs8.key"
  self_signed "$k/ec.key" "$k/ec.crt" cdds-test-ec ec_ext

  chmod 0600 "$k"/*.key "$k"/*.der "$k"/*.p12 "$k"/*.pem
  cp "$k/rsa.key" "$k/weak-perms.key"
  chmod 0644 "$k/weak-perms.key"
}

# ---------------------------------------------------------------------------------------------
# messages/  (single-file envelopes around payload.bin)
# ---------------------------------------------------------------------------------------------
make_crlf() { # what a Java mail library writes: CRLF, folded Content-Type, other order, 76 cols
  local src=$1 out=$2
  {
    printf 'Content-Description: S/MIME Encrypted Message\r\n'
    printf 'Content-Type: application/pkcs7-mime; smime-type=enveloped-data;\r\n'
    printf '\tname="smime.p7m"\r\n'
    printf 'Content-Transfer-Encoding: base64\r\n'
    printf 'Content-Disposition: attachment; filename="smime.p7m"\r\n'
    printf 'MIME-Version: 1.0\r\n'
    printf '\r\n'
    sed '1,/^$/d' "$src" | base64 -d | base64 -w 76 | sed 's/$/\r/'
  } >"$out"
}

make_messages() {
  log "messages"
  local m=$MSGS k=$KEYS
  mkdir -p "$m"
  seeded_bytes 307200 payload >"$m/payload.bin"   # 300 KiB, a multiple of the AES block size
  : >"$m/empty.bin"
  (cd "$m" && sha256sum payload.bin empty.bin >SHA256SUMS)

  local p=$m/payload.bin
  smime_enc "$p" "$m/aes256.smime" "$k/rsa.crt"
  q openssl smime -encrypt -binary -aes128 -in "$p" -out "$m/aes128.smime" "$k/rsa.crt"
  q openssl smime -encrypt -binary -aes192 -in "$p" -out "$m/aes192.smime" "$k/rsa.crt"
  q openssl smime -encrypt -binary -des3 -in "$p" -out "$m/des3.smime" "$k/rsa.crt"
  smime_enc "$p" "$m/stream.smime" "$k/rsa.crt" -stream          # BER indefinite lengths
  make_crlf "$m/aes256.smime" "$m/crlf.smime"

  cms_enc "$p" "$m/der.p7m" -aes256 -outform DER "$k/rsa.crt"
  cms_enc "$p" "$m/cms.pem" -aes256 -outform PEM "$k/rsa.crt"    # BEGIN CMS
  smime_enc "$p" "$m/pkcs7.pem" "$k/rsa.crt" -outform PEM        # BEGIN PKCS7

  cms_enc "$p" "$m/gcm.smime" -aes-256-gcm "$k/rsa.crt"          # AuthEnvelopedData
  cms_enc "$p" "$m/gcm.p7m" -aes-256-gcm -outform DER "$k/rsa.crt"
  cms_enc "$p" "$m/oaep.smime" -aes256 -recip "$k/rsa.crt" \
    -keyopt rsa_padding_mode:oaep -keyopt rsa_oaep_md:sha256
  cms_enc "$p" "$m/oaep-sha1.smime" -aes256 -recip "$k/rsa.crt" -keyopt rsa_padding_mode:oaep
  cms_enc "$p" "$m/ec.smime" -aes256 "$k/ec.crt"                 # KeyAgreeRecipientInfo (ECDH)
  cms_enc "$p" "$m/multi.smime" -aes256 "$k/other.crt" "$k/rsa.crt" "$k/ec.crt"
  cms_enc "$p" "$m/keyid.smime" -aes256 -keyid "$k/rsa.crt"      # SubjectKeyIdentifier rid
  smime_enc "$p" "$m/rotated.smime" "$k/rsa2.crt"
  smime_enc "$m/empty.bin" "$m/empty.smime" "$k/rsa.crt"

  # Things that are not (valid) S/MIME.
  printf '%s\n' 'hello this is a plain text file' 'it has a second line' 'and a third' >"$m/notsmime.txt"
  mkdir -p "$WORK/nz" && cp "$m/notsmime.txt" "$WORK/nz/hello.txt"
  zip_tree "$WORK/nz" "$m/notsmime.zip"
  { smime_headers; echo '!!!not base64!!!'; } >"$m/headers-only.smime"
  half_lines "$m/aes256.smime" "$m/truncated.smime"
  head -c $(($(fsize "$m/der.p7m") / 2)) "$m/der.p7m" >"$m/truncated-der.p7m"

  # CBC padding failure, guaranteed rather than probable: openssl's definite-length DER ends
  # with the ciphertext, and the payload is block-aligned, so the last block decrypts to sixteen
  # 0x10 bytes. XOR-ing bit 7 of the last byte of the PREVIOUS block (17 bytes before EOF)
  # turns the final plaintext byte into 0x90, never a valid PKCS#7 pad (flipping inside the last
  # block itself gives random bytes, which are valid padding about once in 256 runs).
  cp "$m/der.p7m" "$m/badpad.p7m"
  flip_byte "$m/badpad.p7m" $(($(fsize "$m/badpad.p7m") - 17)) 80
  der_to_smime "$m/badpad.p7m" "$m/badpad.smime"
}

# ---------------------------------------------------------------------------------------------
# trees/  (the plaintext truth)
# ---------------------------------------------------------------------------------------------
# jsonl FILE N TAG: N small JSON Lines records.
jsonl() {
  local f=$1 n=$2 tag=$3 i
  mkdir -p "$(dirname "$f")"
  for ((i = 1; i <= n; i++)); do
    printf '{"id":"%s-%04d","channel":"voice","durationSec":%d,"text":"héllo wörld %d"}\n' \
      "$tag" "$i" $((i * 7 % 600)) "$i"
  done >"$f"
}

# set_dir_times TREE STAMP: give every directory a fixed mtime (deepest first, since touching
# a file inside a directory does not change it but creating one does).
set_dir_times() {
  find "$1" -mindepth 1 -depth -type d -exec touch -d "$2" {} +
}

make_small() {
  local t=$TREES/small
  jsonl "$t/interactions/2026/11/part-0001.jsonl" 20 a
  jsonl "$t/interactions/2026/11/part-0002.jsonl" 15 b
  jsonl "$t/interactions/2026/12/part-0001.jsonl" 10 c
  jsonl "$t/données/été 2026.jsonl" 5 d
  jsonl "$t/contact history/a b.jsonl" 3 e
  mkdir -p "$t/empty" "$t/emptydir"
  : >"$t/empty/zero.jsonl"
  printf 'before MARKER-MARKER-MARKER after\n' >"$t/marker.txt"   # patched by the crc fixture
  touch -d '2026-01-02 03:04:06' "$t/interactions/2026/11/part-0001.jsonl"
  touch -d '2026-11-30 23:59:58' "$t/interactions/2026/11/part-0002.jsonl"
  touch -d '2026-12-31 12:00:00' "$t/interactions/2026/12/part-0001.jsonl"
  touch -d '2026-07-14 08:30:10' "$t/données/été 2026.jsonl"
  touch -d '2025-02-28 17:45:22' "$t/contact history/a b.jsonl"
  touch -d '2024-02-29 00:00:02' "$t/empty/zero.jsonl"
  touch -d '2026-03-15 10:20:30' "$t/marker.txt"
  set_dir_times "$t" '2026-06-01 00:00:00'
}

# random_files DIR COUNT SIZE: COUNT incompressible files of SIZE bytes, named file-NN.bin.
random_files() {
  local d=$1 count=$2 size=$3 i
  mkdir -p "$d"
  for ((i = 1; i <= count; i++)); do
    seeded_bytes "$size" "${d#"$TREES"/}/file-$i" >"$d/file-$(printf %02d "$i").bin"
  done
}

make_medium() {
  # 12 x 61,000 B = ~715 KiB (not ~900 KiB): the zip must span exactly 12 64-KiB segments,
  # i.e. between 11 x 65536 and 12 x 65536 bytes including headers and central directory.
  local t=$TREES/medium
  random_files "$t/alpha" 6 61000
  random_files "$t/beta/gamma" 6 61000
  mkdir -p "$t/emptydir"
  : >"$t/beta/empty.bin"
  find "$t" -type f -exec touch -d '2026-11-25 10:00:00' {} +
  set_dir_times "$t" '2026-11-25 11:00:00'
}

make_large() {
  # 30 x 240 KiB = 7.03 MiB: well over 100 64-KiB segments (.z01 ... .z99, .z100, ...).
  local t=$TREES/large
  random_files "$t/part-a" 15 245760
  random_files "$t/part-b" 15 245760
  find "$t" -type f -exec touch -d '2026-11-26 12:34:56' {} +
  set_dir_times "$t" '2026-11-26 12:34:56'
}

make_trees() {
  log "trees"
  make_small
  make_medium
  make_large
}

# ---------------------------------------------------------------------------------------------
# exports/
# ---------------------------------------------------------------------------------------------
# Plain zips built once in WORK and reused.
build_plain_zips() {
  log "plain zips"
  zip_tree "$TREES/small" "$WORK/small.zip"

  mkdir -p "$WORK/seg12" "$WORK/seg100" "$WORK/onepart"
  zip_tree "$TREES/medium" "$WORK/seg12/export-${UUID[split12]}.zip" -s 64k
  zip_tree "$TREES/large" "$WORK/seg100/export-${UUID[split100]}.zip" -s 64k
  # small fits one segment: zip -s still writes the split signature PK\x07\x08 in front.
  zip_tree "$TREES/small" "$WORK/onepart/export-${UUID[onepart]}.zip" -s 64k

  local n
  n=$(count_segments "$WORK/seg12" "export-${UUID[split12]}")
  [[ $n == 12 ]] || die "medium tree gives $n segments, expected 12: adjust make_medium"
  n=$(count_segments "$WORK/seg100" "export-${UUID[split100]}")
  ((n > 100)) || die "large tree gives $n segments, expected > 100: adjust make_large"
  [[ -f $WORK/seg100/export-${UUID[split100]}.z100 ]] || die "zip did not name segment .z100"
  n=$(count_segments "$WORK/onepart" "export-${UUID[onepart]}")
  [[ $n == 1 ]] || die "small tree gives $n segments with -s 64k, expected 1"
}

# export_name FIXTURE: path prefix DIR/export-<uuid> of that fixture.
export_name() { echo "$EXP/$1/export-${UUID[$1]}"; }

make_single() {
  local out; out=$(export_name single)
  mkdir -p "$EXP/single"
  smime_enc "$WORK/small.zip" "$out.zip.smime" "$KEYS/rsa.crt"
  cp "$out.zip.smime" "$EXP/single/export-${UUID[single]} (1).zip.smime"   # browser duplicate
  echo 'Notes about this download folder; not part of any export.' >"$EXP/single/notes.txt"
}

make_split_sets() {
  log "split sets"
  local d
  # split12: 12 segments encrypted one by one, plus an unrelated export and a stray file.
  d=$EXP/split12
  mkdir -p "$d"
  encrypt_set "$WORK/seg12" "$d"
  smime_enc "$WORK/small.zip" "$d/export-$NOISE_UUID.zip.smime" "$KEYS/rsa.crt"
  echo 'Downloaded from the CDDS console.' >"$d/readme.txt"

  mkdir -p "$EXP/split100"
  encrypt_set "$WORK/seg100" "$EXP/split100"

  mkdir -p "$EXP/onepart"
  encrypt_set "$WORK/onepart" "$EXP/onepart"

  # plain12: the decrypted segments themselves.
  clone_set "$WORK/seg12" "${UUID[split12]}" "$EXP/plain12" "${UUID[plain12]}"
}

# Variants of split12, cloned under their own UUIDs, then damaged or re-wrapped one part at a time.
make_split12_variants() {
  log "split12 variants"
  local s12=$EXP/split12 u12=${UUID[split12]} p12=$WORK/seg12/export-${UUID[split12]} v
  for v in mixed-wrap missing missing-tail no-final truncated flipped; do
    clone_set "$s12" "$u12" "$EXP/$v" "${UUID[$v]}"
  done

  # mixed-wrap: part 5 as raw DER, part 6 as "BEGIN CMS" PEM, names unchanged.
  v=$(export_name mixed-wrap)
  cms_enc "$p12.z05" "$v.z05.smime" -aes256 -outform DER "$KEYS/rsa.crt"
  cms_enc "$p12.z06" "$v.z06.smime" -aes256 -outform PEM "$KEYS/rsa.crt"

  v=$(export_name missing);      rm "$v.z04.smime" "$v.z07.smime"
  v=$(export_name missing-tail); rm "$v.z10.smime" "$v.z11.smime"
  v=$(export_name no-final);     rm "$v.zip.smime"

  v=$(export_name truncated)
  half_lines "$v.z06.smime" "$WORK/trunc.smime"
  mv "$WORK/trunc.smime" "$v.z06.smime"

  # flipped: a byte in the middle of the ciphertext. CBC garbles one block and flips one bit of
  # the next; padding stays valid, so only the zip CRC can notice.
  v=$(export_name flipped)
  cms_enc "$p12.z06" "$WORK/flip.der" -aes256 -outform DER "$KEYS/rsa.crt"
  flip_byte "$WORK/flip.der" $(($(fsize "$WORK/flip.der") / 2)) 01
  der_to_smime "$WORK/flip.der" "$v.z06.smime"
}

make_other_exports() {
  log "other exports"
  local out

  mkdir -p "$EXP/ec" "$EXP/gcm" "$EXP/unsplit-plain" "$EXP/notsmime"
  cms_enc "$WORK/small.zip" "$(export_name ec).zip.smime" -aes256 "$KEYS/ec.crt"
  # small is below 64 KiB, so the GCM export is a plain unsplit zip.
  cms_enc "$WORK/small.zip" "$(export_name gcm).zip.smime" -aes-256-gcm "$KEYS/rsa.crt"
  cp "$WORK/small.zip" "$(export_name unsplit-plain).zip"
  printf '%s\n' 'This is plain text pretending to be an export.' 'No S/MIME here.' \
    >"$(export_name notsmime).zip.smime"

  # crc: STORED, so the marker is visible in the zip; change one byte of data, keep the CRC.
  mkdir -p "$EXP/crc"
  zip_tree "$TREES/small" "$WORK/crc.zip" -0
  replace_bytes "$WORK/crc.zip" MARKER-MARKER-MARKER MARKER-XARKER-MARKER 1
  smime_enc "$WORK/crc.zip" "$(export_name crc).zip.smime" "$KEYS/rsa.crt"

  # traversal / absolute: entry names are not covered by the CRC, so patch them in both the
  # local header and the central directory (-D: no directory entries to get in the way).
  make_evil_zip traversal xx/evil.txt ../evil.txt
  make_evil_zip absolute xtmp/evil.txt /tmp/evil.txt

  # symlink: -y stores the link itself (target path as data, S_IFLNK in external attributes).
  local t=$WORK/symtree
  mkdir -p "$t" "$EXP/symlink"
  echo 'a normal file' >"$t/normal.txt"
  ln -s /etc/passwd "$t/link"
  touch -h -d "2026-05-05 05:05:06" "$t/link" "$t/normal.txt"
  zip_tree "$t" "$WORK/symlink.zip" -y
  smime_enc "$WORK/symlink.zip" "$(export_name symlink).zip.smime" "$KEYS/rsa.crt"

  # bomb: 64 MiB of zeros deflates to ~64 KiB.
  t=$WORK/bombtree
  mkdir -p "$t" "$EXP/bomb"
  head -c 67108864 /dev/zero >"$t/zeros.bin"
  touch -d "2026-05-05 05:05:06" "$t/zeros.bin"
  zip_tree "$t" "$WORK/bomb.zip" -9
  rm -f "$t/zeros.bin"
  smime_enc "$WORK/bomb.zip" "$(export_name bomb).zip.smime" "$KEYS/rsa.crt"
}

# mime_entity IN OUT ENCODING: IN as the MIME body part a textbook S/MIME generator encrypts (Bouncy Castle's
# SMIMEEnvelopedGenerator on a JavaMail MimeBodyPart): CRLF headers, a blank line, then the body in base64
# (76-column CRLF lines) or as the raw bytes ("binary").
mime_entity() {
  local in=$1 out=$2 cte=$3
  {
    printf 'Content-Type: application/zip;\r\n\tname="%s"\r\n' "${in##*/}"
    printf 'Content-Transfer-Encoding: %s\r\n' "$cte"
    printf 'Content-Disposition: attachment; filename="%s"\r\n' "${in##*/}"
    printf '\r\n'
    case $cte in
      base64) base64 -w 76 "$in" | sed 's/$/\r/' ;;
      *) cat "$in" ;;
    esac
  } >"$out"
}

# Exports whose decrypted parts are MIME entities around the zip (segment), and two that only look like one.
make_mime_entities() {
  log "mime entities"
  local v cte f
  for cte in b64 binary; do
    v=$(export_name "mime-$cte")
    mkdir -p "$EXP/mime-$cte" "$WORK/mime-split-$cte"
    mime_entity "$WORK/small.zip" "$WORK/mime-$cte.txt" "${cte/b64/base64}"
    smime_enc "$WORK/mime-$cte.txt" "$v.zip.smime" "$KEYS/rsa.crt"

    for f in "$WORK"/seg12/*; do
      mime_entity "$f" "$WORK/mime-split-$cte/export-${UUID[mime-split-$cte]}.${f##*.}" "${cte/b64/base64}"
    done
    mkdir -p "$EXP/mime-split-$cte"
    encrypt_set "$WORK/mime-split-$cte" "$EXP/mime-split-$cte"
  done

  # Headers with no blank line after them: the zip follows the last header line directly.
  mkdir -p "$EXP/mime-no-blank" "$EXP/mime-bad-encoding"
  { printf 'Content-Type: application/zip\r\nContent-Transfer-Encoding: binary\r\n'; cat "$WORK/small.zip"; } \
    >"$WORK/mime-no-blank.txt"
  smime_enc "$WORK/mime-no-blank.txt" "$(export_name mime-no-blank).zip.smime" "$KEYS/rsa.crt"
  # A transfer encoding nobody uses for a zip.
  mime_entity "$WORK/small.zip" "$WORK/mime-bad-encoding.txt" x-uuencode
  smime_enc "$WORK/mime-bad-encoding.txt" "$(export_name mime-bad-encoding).zip.smime" "$KEYS/rsa.crt"
}

make_evil_zip() { # FIXTURE SAFE-NAME EVIL-NAME
  local fx=$1 safe=$2 evil=$3 t=$WORK/evil-$1
  mkdir -p "$t/$(dirname "$safe")" "$EXP/$fx"
  echo 'a normal file' >"$t/normal.txt"
  echo 'this file must never be written outside the target' >"$t/$safe"
  touch -d "2026-05-05 05:05:06" "$t/normal.txt" "$t/$safe"
  (cd "$t" && q zip -q -X -D "$WORK/$fx.zip" normal.txt "$safe")
  replace_bytes "$WORK/$fx.zip" "$safe" "$evil" 2
  smime_enc "$WORK/$fx.zip" "$(export_name "$fx").zip.smime" "$KEYS/rsa.crt"
}

write_manifest() {
  # dir uuid tree ("-" when the export has no tree to compare with)
  {
    echo "single ${UUID[single]} small"
    echo "split12 ${UUID[split12]} medium"
    echo "split100 ${UUID[split100]} large"
    echo "plain12 ${UUID[plain12]} medium"
    echo "mixed-wrap ${UUID[mixed-wrap]} medium"
    echo "ec ${UUID[ec]} small"
    echo "gcm ${UUID[gcm]} small"
    echo "missing ${UUID[missing]} medium"
    echo "missing-tail ${UUID[missing-tail]} medium"
    echo "no-final ${UUID[no-final]} medium"
    echo "truncated ${UUID[truncated]} medium"
    echo "flipped ${UUID[flipped]} medium"
    echo "crc ${UUID[crc]} small"
    echo "traversal ${UUID[traversal]} -"
    echo "absolute ${UUID[absolute]} -"
    echo "symlink ${UUID[symlink]} -"
    echo "bomb ${UUID[bomb]} -"
    echo "notsmime ${UUID[notsmime]} -"
    echo "unsplit-plain ${UUID[unsplit-plain]} small"
    echo "onepart ${UUID[onepart]} small"
    echo "mime-b64 ${UUID[mime-b64]} small"
    echo "mime-binary ${UUID[mime-binary]} small"
    echo "mime-split-b64 ${UUID[mime-split-b64]} medium"
    echo "mime-split-binary ${UUID[mime-split-binary]} medium"
    echo "mime-no-blank ${UUID[mime-no-blank]} -"
    echo "mime-bad-encoding ${UUID[mime-bad-encoding]} -"
  } >"$EXP/MANIFEST"
}

make_exports() {
  log "exports"
  mkdir -p "$EXP"
  build_plain_zips
  make_single
  make_split_sets
  make_split12_variants
  make_other_exports
  make_mime_entities
  write_manifest
}

# ---------------------------------------------------------------------------------------------
# main
# ---------------------------------------------------------------------------------------------
cleanup() {
  if [[ -n ${WORK:-} ]]; then rm -rf "$WORK"; fi
  if [[ -n ${STAGE:-} && -d $STAGE ]]; then rm -rf "$STAGE"; fi
}

main() {
  while getopts ':vh' opt; do
    case $opt in
      v) VERBOSE=1 ;;
      h) echo "usage: $0 [-v] [OUTDIR]"; exit 0 ;;
      *) die "usage: $0 [-v] [OUTDIR]" ;;
    esac
  done
  shift $((OPTIND - 1))
  (($# <= 1)) || die "usage: $0 [-v] [OUTDIR]"
  local out=${1:-target/testdata}
  out=${out%/}
  [[ -n $out && $out != . && $out != .. && $out != / ]] || die "refusing OUTDIR '$1'"

  # Only ever delete a directory this script made (it carries .make-testdata) or an empty one.
  if [[ -e $out ]]; then
    [[ -d $out ]] || die "$out exists and is not a directory"
    if [[ ! -e $out/.make-testdata && -n $(ls -A "$out") ]]; then
      die "$out is not empty and was not made by this script; refusing to wipe it"
    fi
  fi

  for tool in openssl zip perl base64 sha256sum xargs; do
    command -v "$tool" >/dev/null || die "missing tool: $tool"
  done

  mkdir -p "$(dirname "$out")"
  out=$(cd "$(dirname "$out")" && pwd)/$(basename "$out")   # absolute: helpers cd into trees
  trap cleanup EXIT
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/make-testdata.XXXXXX")
  STAGE=$(mktemp -d "$out.partial.XXXXXX")
  chmod 0755 "$STAGE"   # mktemp -d makes it 0700
  touch "$STAGE/.make-testdata"
  printf '%s\n' "$SEED" >"$STAGE/SEED"

  KEYS=$STAGE/keys MSGS=$STAGE/messages TREES=$STAGE/trees EXP=$STAGE/exports
  make_keys
  make_messages
  make_trees
  make_exports

  rm -rf "$out"
  mv "$STAGE" "$out"
  STAGE=
  touch "$out/.complete"
  log "done: $out"
}

main "$@"
