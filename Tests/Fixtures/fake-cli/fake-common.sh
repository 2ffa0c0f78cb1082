# Shared by the fake CLIs. They speak the real tools' NDJSON, replayed from
# recordings/<tool>/<scenario>.ndjson, so Troupe's parsers and process control
# can be tested without the real tools, logins or network.
#
# Environment:
#   FAKE_SCENARIO  scenario when the prompt names none (default: normal)
#   FAKE_RECORD    append argv, stdin, cwd, Troupe variables and all variable names to this file
#   FAKE_PIDFILE   append the fake's pid (and a grandchild's, for hang) here
#   FAKE_DELAY     seconds between lines in "slow" (default 0.2)
# A prompt containing "scenario:NAME" picks NAME (the first one named), unless Troupe wrote it ("[Troupe] …").

FAKE_DIR="$(cd "$(dirname "$0")" && pwd)"

fake_pick_scenario() {  # $1 = prompt
    case "$1" in
        # What Troupe writes itself (results handed back, questions, steers) is answered like any prompt, even when
        # it quotes a task that named a scenario.
        "[Troupe]"*) FAKE_SCN="${FAKE_SCENARIO:-normal}" ;;
        # The first scenario named counts: a task handed on ("scenario:ask_async coder scenario:ask_parent …") names
        # the next agent's scenario after its own.
        *scenario:*) FAKE_SCN="${1#*scenario:}"; FAKE_SCN="${FAKE_SCN%%[[:space:]]*}" ;;
        *) FAKE_SCN="${FAKE_SCENARIO:-normal}" ;;
    esac
}

fake_record() {  # $1 = tool, $2 = stdin text, rest = argv
    local tool="$1" stdin_text="$2"; shift 2
    [ -n "$FAKE_PIDFILE" ] && echo "$$" >> "$FAKE_PIDFILE"
    [ -z "$FAKE_RECORD" ] && return 0
    {
        echo "--- $tool"
        for a in "$@"; do printf 'argv %s\n' "${a//$'\n'/\\n}"; done
        printf 'stdin %s\n' "${stdin_text//$'\n'/\\n}"
        printf 'cwd %s\n' "$PWD"
        printf 'env TROUPE_AGENT=%s\n' "$TROUPE_AGENT"
        printf 'env TROUPE_CHAT=%s\n' "$TROUPE_CHAT"
        printf 'env GEMINI_SYSTEM_MD=%s\n' "$GEMINI_SYSTEM_MD"
        printf 'env FAKE_EXTRA=%s\n' "$FAKE_EXTRA"
        # Every variable name the CLI was given, so tests can check nothing else leaks in (the values stay out).
        printf 'envnames %s\n' "$(compgen -e | tr '\n' ' ')"
    } >> "$FAKE_RECORD"
}

# Prints a recording with the session id and a JSON-safe echo of the prompt filled in.
fake_replay() {  # $1 = tool, $2 = scenario, $3 = session id, $4 = prompt
    local file="$FAKE_DIR/recordings/$1/$2.ndjson" prompt
    prompt="$(printf '%s' "$4" | tr -d '"\\/&\n\r' | cut -c1-200)"
    sed -e "s/__SESSION__/$3/g" -e "s/__PROMPT__/$prompt/g" "$file"
}

fake_slow() {  # $1 = tool, $2 = session, $3 = prompt
    local delay="${FAKE_DELAY:-0.2}"
    fake_replay "$1" slow "$2" "$3" | while IFS= read -r line; do
        printf '%s\n' "$line"
        sleep "$delay"
    done
}

# Never finishes: a grandchild that also sleeps proves the whole tree is killed.
fake_hang() {
    sleep 300 &
    [ -n "$FAKE_PIDFILE" ] && echo "$!" >> "$FAKE_PIDFILE"
    sleep 300
}

# Output far larger than any buffer: many lines and one 2 MB line.
fake_huge() {  # $1 = one text line to repeat, $2 = prefix of the big line, $3 = suffix
    yes "$1" | head -n 20000
    printf '%s' "$2"; head -c 2000000 /dev/zero | tr '\0' 'a'; printf '%s\n' "$3"
}

# The first line whole, then the second cut mid-JSON, as when a tool crashes mid-write.
fake_truncate() {
    IFS= read -r line && printf '%s\n' "$line"
    head -c 60
}

# A Claude result line with TEXT made JSON-safe (quotes, backslashes and newlines dropped).
fake_result() {  # $1 = text, $2 = session
    local text
    text="$(printf '%s' "$1" | tr -d '"\\\r' | tr '\n' ' ' | sed 's/ *$//')"
    printf '{"type":"result","subtype":"success","is_error":false,"duration_ms":5,"num_turns":1,"result":"%s","session_id":"%s","usage":{"input_tokens":1,"output_tokens":1}}\n' "$text" "$2"
}

# Calls one tool of `$TROUPE_BIN mcp` as an MCP client; prints "tool: TEXT" or "tool failed: TEXT".
fake_mcp_call() {  # $1 = tool, $2 = JSON arguments
    local line="" answer
    coproc MCP { "$TROUPE_BIN" mcp 2>/dev/null; }
    printf '%s\n' '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"fake","version":"1"}}}' >&"${MCP[1]}"
    read -r -t 30 line <&"${MCP[0]}"
    printf '%s\n' '{"jsonrpc":"2.0","method":"notifications/initialized"}' \
        '{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"'"$1"'","arguments":'"$2"'}}' >&"${MCP[1]}"
    line=""
    while read -r -t 60 line <&"${MCP[0]}"; do case "$line" in *'"id":2'*) break ;; esac; done
    eval "exec ${MCP[1]}>&-"
    answer="$(printf '%s' "$line" | sed -n 's/.*"text":"\(\([^"\\]\|\\.\)*\)".*/\1/p')"
    case "$line" in *'"isError":true'*|"") echo "tool failed: $answer" ;; *) echo "tool: $answer" ;; esac
}

# The run tools through the shell, as CLIs without MCP use them; prints "tool: <output>" or "tool failed: <output>".
# "scenario:spawn TASK", "scenario:ask_async AGENT TEXT", "scenario:ask_parent QUESTION", "scenario:runs_list",
# "scenario:runs_kill_all" call `$TROUPE_BIN spawn|ask --async|runs ask-parent|runs list|runs kill all`.
fake_tool_text() {  # $1 = scenario, $2 = prompt
    local rest="${2#*scenario:$1}" answer cmd
    rest="${rest# }"
    case "$1" in
        spawn) cmd=(spawn "$rest") ;;
        ask_async) cmd=(ask --async "${rest%% *}" "${rest#* }") ;;
        ask_parent) cmd=(runs ask-parent "$rest") ;;
        runs_list) cmd=(runs list) ;;
        runs_kill_all) cmd=(runs kill all) ;;
    esac
    if answer="$("$TROUPE_BIN" "${cmd[@]}" 2>&1)"; then echo "tool: $answer"; else echo "tool failed: $answer"; fi
}

# The tool's "normal" recording answering TEXT instead of echoing the prompt (for codex and gemini).
fake_answer() {  # $1 = tool, $2 = session, $3 = text
    local text
    text="$(printf '%s' "$3" | tr -d '"\\/&\r' | tr '\n' ' ' | sed 's/ *$//')"
    sed -e "s/__SESSION__/$2/g" -e 's/"content":"echo: ","delta"/"content":"","delta"/' -e "s/echo: __PROMPT__/$text/g" \
        -e "s/__PROMPT__/$text/g" "$FAKE_DIR/recordings/$1/normal.ndjson"
}
