#!/usr/bin/env bash
# Fuzzes the appservice transaction parser for SECONDS (default 600) and prints executions and crashes.
#
#   scripts/fuzz-transactions.sh [SECONDS]
#
# Compiles Fuzz/TransactionParserFuzz.swift with the real parser sources (Sources/MatrixAppService/Types)
# using libFuzzer and AddressSanitizer (`swiftc -sanitize=fuzzer,address`, from the Swift toolchain). If
# that does not link on this machine it falls back to a seeded mutation loop (Fuzz/MutationLoop.swift)
# over the same checks. Crashing inputs are kept in .build-fuzz/crashes/; the corpus in .build-fuzz/corpus/
# grows across runs. Exit status: 0 when no crash was found, 1 when one was, 2 when nothing could be built.
#
# Env: FUZZ_JOBS (1) parallel libFuzzer jobs; FUZZ_MAX_LEN (262144) largest input in bytes.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
SECONDS_TO_RUN="${1:-600}"
[[ "$SECONDS_TO_RUN" =~ ^[0-9]+$ ]] || { echo "usage: $0 [SECONDS]" >&2; exit 2; }
OUT="$ROOT/.build-fuzz"
CORPUS="$OUT/corpus"
CRASHES="$OUT/crashes"
mkdir -p "$OUT" "$CORPUS" "$CRASHES"
log() { printf '[fuzz-transactions] %s\n' "$*" >&2; }

# --- seeds: what Synapse sends, plus the shapes that used to wedge the endpoint ---------------------------
seed() { printf '%s' "$2" >"$CORPUS/seed-$1.json"; }
seed message '{"events":[{"type":"m.room.message","room_id":"!r:localhost","sender":"@alice:localhost","event_id":"$e1","origin_server_ts":1700000000000,"content":{"msgtype":"m.text","body":"hello \"x\" \u00e9 \ud83d\ude00","m.relates_to":{"m.in_reply_to":{"event_id":"$e0"}},"m.mentions":{"user_ids":["@troupe:localhost"]}},"unsigned":{"age":12}}]}'
seed member '{"events":[{"type":"m.room.member","room_id":"!r","sender":"@a:x","state_key":"@troupe_coder:x","event_id":"$m","content":{"membership":"invite","displayname":"A"},"unsigned":{"invite_room_state":[{"type":"m.room.name","state_key":"","content":{"name":"n"},"sender":"@a:x"}]}}],"ephemeral":[{"type":"m.typing","room_id":"!r","content":{"user_ids":["@a:x"]}}]}'
seed sections '{"events":[],"de.sorunome.msc2409.ephemeral":[{"type":"m.receipt","room_id":"!r","content":{"$e":{"m.read":{"@a:x":{"ts":1}}}}}],"de.sorunome.msc2409.to_device":[{"type":"m.room_key_request","sender":"@a:x","to_user_id":"@troupe:x","to_device_id":"D","content":{"action":"request"}}],"org.matrix.msc3202.device_lists":{"changed":["@a:x"],"left":[]},"org.matrix.msc3202.device_one_time_keys_count":{"@troupe:x":{"D":{"signed_curve25519":50}}},"org.matrix.msc3202.device_unused_fallback_key_types":{"@troupe:x":{"D":["signed_curve25519"]}}}'
seed odd-types '{"events":[{"type":"m.room.message","room_id":"!r","sender":"@a:x","event_id":"$o","content":{"body":5,"m.relates_to":"x","m.mentions":"everyone","format":null},"state_key":7},{"type":5},[],"x",{"type":"m.room.power_levels","room_id":"!r","sender":"@a:x","event_id":"$p","state_key":"","content":{"users_default":1e400,"users":{"@a:x":-9223372036854775809}}}]}'
deep="$(printf '{"a":%.0s' $(seq 1 300))1$(printf '}%.0s' $(seq 1 300))"
seed deep "{\"events\":[{\"type\":\"m.room.message\",\"room_id\":\"!r\",\"sender\":\"@a:x\",\"event_id\":\"\$d\",\"content\":{\"x\":$deep}},{\"type\":\"m.room.message\",\"room_id\":\"!r\",\"sender\":\"@a:x\",\"event_id\":\"\$n\",\"content\":{\"body\":\"next\"}}]}"
cat >"$OUT/json.dict" <<'DICT'
"{"
"}"
"["
"]"
","
":"
"\""
"\\u"
"\\ud800"
"\\udc00"
"null"
"true"
"false"
"1e400"
"-0.0e-0"
"\"events\""
"\"event_id\""
"\"content\""
"\"state_key\""
"\"type\""
"\"m.room.member\""
"\"membership\""
"\"de.sorunome.msc2409.to_device\""
"\"org.matrix.msc3202.device_one_time_keys_count\""
DICT

SOURCES=(Sources/MatrixAppService/Types/*.swift Fuzz/TransactionParserFuzz.swift)

# --- libFuzzer -------------------------------------------------------------------------------------------
if swiftc -O -sanitize=fuzzer,address -parse-as-library -D TROUPE_LIBFUZZER -module-name TransactionFuzz \
     "${SOURCES[@]}" -o "$OUT/transaction-fuzz" 2>"$OUT/build.log"; then
  log "libFuzzer + ASan build ok; fuzzing for ${SECONDS_TO_RUN} s (corpus $CORPUS)"
  set +e
  "$OUT/transaction-fuzz" "$CORPUS" -dict="$OUT/json.dict" -max_total_time="$SECONDS_TO_RUN" \
    -max_len="${FUZZ_MAX_LEN:-262144}" -timeout=20 -rss_limit_mb=4096 -print_final_stats=1 \
    -artifact_prefix="$CRASHES/" -jobs="${FUZZ_JOBS:-1}" -workers="${FUZZ_JOBS:-1}" >"$OUT/fuzz.log" 2>&1
  status=$?
  set -e
  runs="$(grep -E '^stat::number_of_executed_units' "$OUT/fuzz.log" | awk '{s+=$2} END {print s+0}')"
  crashes="$(find "$CRASHES" -type f -newer "$OUT/build.log" | wc -l)"
  echo "libFuzzer: $runs executions in $SECONDS_TO_RUN s, $crashes crash(es), exit $status; corpus $(ls "$CORPUS" | wc -l) inputs"
  tail -n 5 "$OUT/fuzz.log" >&2
  [[ $status -eq 0 && $crashes -eq 0 ]] && exit 0 || exit 1
fi

log "libFuzzer did not link here (see $OUT/build.log); using the seeded mutation loop"
swiftc -O -parse-as-library -module-name TransactionFuzz "${SOURCES[@]}" Fuzz/MutationLoop.swift Benchmarks/IngestBench/SplitMix64.swift \
  -o "$OUT/transaction-fuzz-loop" 2>>"$OUT/build.log" || { log "could not build the mutation loop"; exit 2; }
set +e
"$OUT/transaction-fuzz-loop" "$SECONDS_TO_RUN" "$CORPUS"
status=$?
set -e
[[ $status -eq 0 ]] && exit 0
echo "mutation loop crashed (exit $status)"
exit 1
