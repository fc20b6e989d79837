#!/usr/bin/env bash
# make-fuzz-seeds.sh - (re)generate the seed corpora of the fuzz tests under testdata/fuzz/.
#
# Usage: scripts/make-fuzz-seeds.sh [--new-keys]
#
# testdata/fuzz/keys/ holds a fixed RSA and EC key pair (public: test use only), made once; the seeds are
# encrypted to them, so the fuzz tests can decrypt what they mutate. --new-keys makes new keys (then every
# encrypted seed is made again too). Like make-testdata.sh, only openssl and Info-ZIP produce the seeds.
#
#   envelope/  single CMS messages in every wrapping the tool reads (S/MIME, PEM, DER, bare Base64; CBC, GCM,
#              RSA, RSA-OAEP, ECDH, subject key id, BER indefinite lengths)
#   keyfile/   key files in every format KeyLoader reads; encrypted ones use the passphrase "secret"
#   extract/   whole exports in the container format of ExtractFuzzTest (see there): byte 0 = flags
#              (bit 0: parts are .smime-encrypted; bits 1-2: number of parts - 1), then each part but the
#              last as a 3-byte big-endian length and its bytes, then the last part
set -euo pipefail
export TZ=UTC LC_ALL=C.UTF-8
umask 022

ROOT=$(cd "$(dirname "$0")/.." && pwd)/testdata/fuzz
KEYS=$ROOT/keys
WORK=$(mktemp -d "${TMPDIR:-/tmp}/fuzz-seeds.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

q() { "$@" 2>"$WORK/err" || { cat "$WORK/err" >&2; exit 1; }; }

printf '[req]\ndistinguished_name=dn\n[dn]\n[ext]\nsubjectKeyIdentifier=hash\n' >"$WORK/cert.cnf"
if [[ ${1:-} == --new-keys || ! -f $KEYS/rsa.key ]]; then
  mkdir -p "$KEYS"
  q openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$KEYS/rsa.key"
  q openssl req -x509 -new -key "$KEYS/rsa.key" -out "$KEYS/rsa.crt" -subj /CN=cdds-fuzz-rsa -days 36500 \
    -config "$WORK/cert.cnf" -extensions ext
  q openssl ecparam -name prime256v1 -genkey -noout -out "$KEYS/ec.key"
  q openssl req -x509 -new -key "$KEYS/ec.key" -out "$KEYS/ec.crt" -subj /CN=cdds-fuzz-ec -days 36500 \
    -config "$WORK/cert.cnf" -extensions ext
fi
chmod 0600 "$KEYS"/*.key

# --- envelope/ --------------------------------------------------------------------------------------------
E=$ROOT/envelope
rm -rf "$E" && mkdir -p "$E"
printf '{"id":"fuzz-%03d","text":"h\xc3\xa9llo"}\n' $(seq 1 8) >"$WORK/payload"
p=$WORK/payload
q openssl smime -encrypt -binary -aes256 -in "$p" -out "$E/cbc.smime" "$KEYS/rsa.crt"
q openssl smime -encrypt -binary -aes128 -stream -in "$p" -out "$E/ber-stream.smime" "$KEYS/rsa.crt"
q openssl smime -encrypt -binary -des3 -in "$p" -out "$E/des3.smime" "$KEYS/rsa.crt"
q openssl smime -encrypt -binary -aes256 -outform PEM -in "$p" -out "$E/pkcs7.pem" "$KEYS/rsa.crt"
q openssl cms -encrypt -binary -aes256 -outform DER -in "$p" -out "$E/cbc.p7m" "$KEYS/rsa.crt"
q openssl cms -encrypt -binary -aes256 -outform PEM -in "$p" -out "$E/cms.pem" "$KEYS/rsa.crt"
q openssl cms -encrypt -binary -aes-256-gcm -in "$p" -out "$E/gcm.smime" "$KEYS/rsa.crt"
q openssl cms -encrypt -binary -aes-128-gcm -outform DER -in "$p" -out "$E/gcm.p7m" "$KEYS/rsa.crt"
q openssl cms -encrypt -binary -aes256 -in "$p" -out "$E/ec.smime" "$KEYS/ec.crt"
q openssl cms -encrypt -binary -aes256 -keyid -in "$p" -out "$E/keyid.smime" "$KEYS/rsa.crt"
q openssl cms -encrypt -binary -aes256 -recip "$KEYS/rsa.crt" -keyopt rsa_padding_mode:oaep \
  -keyopt rsa_oaep_md:sha256 -in "$p" -out "$E/oaep.smime"
q openssl cms -encrypt -binary -aes256 -outform DER -in "$p" -out "$WORK/two.der" "$KEYS/ec.crt" "$KEYS/rsa.crt"
base64 -w 76 "$WORK/two.der" | sed 's/$/\r/' >"$E/bare-base64-crlf.txt"
: >"$WORK/empty"
q openssl smime -encrypt -binary -aes256 -in "$WORK/empty" -out "$E/empty.smime" "$KEYS/rsa.crt"

# --- keyfile/ ---------------------------------------------------------------------------------------------
K=$ROOT/keyfile
rm -rf "$K" && mkdir -p "$K"
# A small RSA key keeps the seeds short; the format, not the size, is what is fuzzed.
q openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:1024 -out "$K/pkcs8.pem"
q openssl req -x509 -new -key "$K/pkcs8.pem" -out "$WORK/small.crt" -subj /CN=k -days 36500 -config "$WORK/cert.cnf"
q openssl rsa -in "$K/pkcs8.pem" -traditional -out "$K/pkcs1.pem"
q openssl rsa -in "$K/pkcs8.pem" -traditional -aes128 -passout pass:secret -out "$K/pkcs1-enc.pem"
q openssl pkcs8 -topk8 -in "$K/pkcs8.pem" -v2 aes-128-cbc -iter 1 -passout pass:secret -out "$K/pkcs8-enc.pem"
q openssl pkcs8 -topk8 -in "$K/pkcs8.pem" -v2 aes-128-cbc -iter 1 -passout pass:secret -outform DER \
  -out "$K/pkcs8-enc.der"
q openssl pkcs8 -topk8 -nocrypt -in "$K/pkcs8.pem" -outform DER -out "$K/pkcs8.der"
q openssl pkcs12 -export -inkey "$K/pkcs8.pem" -in "$WORK/small.crt" -iter 1 -passout pass:secret \
  -out "$K/store.p12"
q openssl pkcs12 -export -inkey "$K/pkcs8.pem" -in "$WORK/small.crt" -iter 1 \
  -certpbe PBE-SHA1-3DES -keypbe PBE-SHA1-3DES -macalg sha1 -passout pass:secret -out "$K/legacy.p12"
cat "$K/pkcs8.pem" "$WORK/small.crt" >"$K/key-and-cert.pem"
q openssl x509 -in "$WORK/small.crt" -outform DER -out "$K/cert.der"
cp "$KEYS/ec.key" "$K/sec1-ec.pem"
q openssl pkcs8 -topk8 -nocrypt -in "$KEYS/ec.key" -out "$K/pkcs8-ec.pem"

# --- extract/ ---------------------------------------------------------------------------------------------
X=$ROOT/extract
rm -rf "$X" && mkdir -p "$X"
# pack FLAGS OUT PART...: the container format described at the top.
pack() {
  local flags=$1 out=$2; shift 2
  local n=$# i=0 f
  { printf "\\x$(printf %02x $((flags | (n - 1) << 1)))"
    for f in "$@"; do
      i=$((i + 1))
      if ((i < n)); then
        local s; s=$(stat -c %s "$f")
        printf "\\x$(printf %02x $((s >> 16 & 255)))\\x$(printf %02x $((s >> 8 & 255)))\\x$(printf %02x $((s & 255)))"
      fi
      cat "$f"
    done; } >"$out"
}
enc() { q openssl smime -encrypt -binary -aes256 -in "$1" -out "$2" "$KEYS/rsa.crt"; }

T=$WORK/tree
mkdir -p "$T/a/b" "$T/empty" "$T/données"
printf 'line %d\n' $(seq 1 40) >"$T/a/b/lines.txt"
printf '{"k":1}\n' >"$T/données/été.jsonl"
: >"$T/a/zero.bin"
touch -d '2026-01-02 03:04:06' "$T"/a/b/lines.txt "$T"/a/zero.bin "$T"/données/*
(cd "$T" && q zip -q -r -X "$WORK/small.zip" .)
(cd "$T" && q zip -q -r -X -0 "$WORK/stored.zip" .)
(cd "$T" && q zip -q -r -X -fz "$WORK/zip64.zip" .)
(cd "$T" && q zip -q -r -X -s 64k "$WORK/onepart.zip" .)
printf 'streamed\n' | (cd "$WORK" && q zip -q - - >"$WORK/descriptor.zip")
mkdir -p "$WORK/sym" && echo x >"$WORK/sym/f" && ln -s /etc/passwd "$WORK/sym/link"
(cd "$WORK/sym" && q zip -q -r -X -y "$WORK/symlink.zip" .)
mkdir -p "$WORK/big"
head -c 70000 /dev/urandom >"$WORK/big/r.bin"
(cd "$WORK/big" && q zip -q -r -X -s 64k "$WORK/split.zip" .)

pack 0 "$X/plain-single" "$WORK/small.zip"
pack 0 "$X/plain-stored" "$WORK/stored.zip"
pack 0 "$X/plain-zip64" "$WORK/zip64.zip"
pack 0 "$X/plain-onepart-split" "$WORK/onepart.zip"
pack 0 "$X/plain-data-descriptor" "$WORK/descriptor.zip"
pack 0 "$X/plain-symlink" "$WORK/symlink.zip"
pack 0 "$X/plain-split2" "$WORK/split.z01" "$WORK/split.zip"
enc "$WORK/small.zip" "$WORK/small.smime"
pack 1 "$X/smime-single" "$WORK/small.smime"
q openssl cms -encrypt -binary -aes-128-gcm -in "$WORK/stored.zip" -out "$WORK/gcm.smime" "$KEYS/rsa.crt"
pack 1 "$X/smime-gcm-stored" "$WORK/gcm.smime"
du -sh "$ROOT"/*
