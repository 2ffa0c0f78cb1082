import Foundation

/// The commented config `troupe init` writes. `config.example.yaml` in the repository is this template
/// rendered with placeholder secrets (a test keeps the two identical), so the docs cannot drift.
public enum ConfigTemplate {
    public struct Values: Sendable {
        public var homeserver: String
        public var domain: String
        public var asToken: String
        public var hsToken: String
        public var pickleKey: String

        public init(homeserver: String, domain: String, asToken: String, hsToken: String, pickleKey: String) {
            self.homeserver = homeserver
            self.domain = domain
            self.asToken = asToken
            self.hsToken = hsToken
            self.pickleKey = pickleKey
        }

        /// Fresh secrets: 64 random characters each.
        public static func generated(homeserver: String, domain: String) -> Values {
            Values(homeserver: homeserver, domain: domain, asToken: randomToken(), hsToken: randomToken(), pickleKey: randomToken())
        }

        public static let example = Values(
            homeserver: "http://127.0.0.1:8008", domain: "localhost", asToken: "CHANGE_ME_troupe_init_generates_this",
            hsToken: "CHANGE_ME_troupe_init_generates_this_too", pickleKey: "CHANGE_ME_troupe_init_generates_the_pickle_key")
    }

    public static func randomToken(length: Int = 64) -> String { RandomToken.make(length: length) }

    public static func render(_ v: Values) -> String {
        """
        # Troupe configuration. Every key is listed here with its default; see docs/configuration.md.
        # Paths are relative to the folder this file is in.

        # Environment variables starting with this prefix override keys of this file: TROUPE_APPSERVICE__PORT=8080
        # sets appservice.port (a double underscore goes one level deeper; values are read as YAML scalars).
        # "" turns overrides off. The environment wins over the file.
        env_config_prefix: TROUPE_

        homeserver:
          # Where Troupe reaches the homeserver's client-server API.
          address: \(v.homeserver)
          # The server name: the part after the colon in user ids (@alice:\(v.domain)).
          domain: \(v.domain)

        appservice:
          # Registration id; the homeserver's ping endpoint uses it.
          id: troupe
          # Where the homeserver reaches Troupe. Must match `url` in the registration file.
          address: http://127.0.0.1:29333
          # Where Troupe listens.
          hostname: 127.0.0.1
          port: 29333
          # Secrets shared with the homeserver through the registration file. Keep them private.
          as_token: \(v.asToken)
          hs_token: \(v.hsToken)
          # Any secret may instead be read from a file (its content, without the final newline, is the value):
          # as_token_file: /run/secrets/troupe_as_token   (likewise hs_token_file and encryption.pickle_key_file)
          # The main agent's Matrix user: @troupe:\(v.domain).
          bot:
            username: troupe
            displayname: Troupe
          # Every other agent is @<user_prefix><name>:\(v.domain). The registration claims this namespace exclusively.
          user_prefix: troupe_
          # Largest transaction body kept, in bytes (128 MiB: above the most Synapse can send, see docs/limits.md).
          # A larger one is answered 200 and dropped with an error in the log: refusing it would stall the queue.
          max_body_bytes: 134217728

        database:
          # sqlite (the default: one file) or postgres. On PostgreSQL a second `troupe run` with this config waits as a
          # standby and takes over when the active one dies; `troupe migrate-db` moves a SQLite file over (docs/setup.md).
          type: sqlite
          # sqlite: the file, relative to this config. postgres: postgres://user:password@host:5432/database?sslmode=prefer
          uri: troupe.db
          # The most connections to PostgreSQL at once, besides the active lock's own (unused with sqlite).
          max_open_conns: 10

        # Agent workspaces, attachments and other files live here. Troupe makes it (and the database) owner-only:
        # directories 0700, files 0600 (see docs/operations.md).
        data_dir: data

        # Who may use Troupe: an exact user id wins over a server name, which wins over "*".
        # Levels: none (ignored), user (chat, invite agents), admin (also manage agents).
        permissions:
          "*": none
          "\(v.domain)": user
          # "@you:\(v.domain)": admin

        encryption:
          # Allow agents in end-to-end encrypted rooms (Element makes every DM encrypted). Each agent user gets its
          # own device and cross-signing identity. Default when the key is missing: false; `troupe init` writes true.
          allow: true
          # Create the agents' own rooms encrypted. Missing: false; `troupe init` writes true.
          default: true
          # Refuse unencrypted rooms.
          require: false
          # Encrypts the stored olm/megolm state and the agents' cross-signing keys. Losing it means new devices and
          # new identities for every agent.
          pickle_key: \(v.pickleKey)
          # Which devices the agents deal with (docs/encryption.md, "Verification levels"). Each is a threshold:
          #   unverified             - any device
          #   cross-signed-untrusted - its owner cross-signed it (master -> self-signing -> device), any master key
          #   cross-signed-tofu      - cross-signed, and the owner's master key is the one pinned on first use
          #   cross-signed-verified  - cross-signed with a verified master key (today: Troupe's own agents only)
          # The defaults (cross-signed-tofu) match Element's "exclude insecure devices".
          verification_levels:
            # Who gets our room keys; other devices get m.room_key.withheld (m.unverified).
            receive: cross-signed-tofu
            # Whose messages the agents act on; others get a notice naming the device and the fix.
            send: cross-signed-tofu
            # Whose m.room_key_request the agents answer (sessions they created, from the first known index).
            share: cross-signed-tofu

        logging:
          # trace, debug, info, notice, warning or error.
          level: info
          # pretty (lines for people) or json (one JSON object per line, for log shippers; see docs/operations.md).
          format: pretty
          # Modules logging at another level than `level`, by their loggers' labels (troupe.<module>): appservice,
          # matrix, crypto, agents, runs, telegram, automation, control, delivery, metrics.
          # levels: { matrix: debug, telegram: warning }

        # Invited into every agent's own room. Default: the users named as admin under permissions.
        # owners: ["@you:\(v.domain)"]

        # How answers stream into rooms: the first text posts the message, later text edits it.
        streaming:
          # At most one edit per this many milliseconds…
          edit_interval_ms: 1500
          # …and at most this many edits of one message; then the answer goes on in a new message (the final text always goes out).
          max_edits: 40
          # Add "model · tokens · cost · time" under each answer.
          footer: false
          # How long option menus (reaction digits) stay pickable, in seconds.
          menu_lifetime_s: 3600
          # Mark every message handed to an agent as seen at once (a read receipt; 👀 on Telegram), not only slow ones.
          seen: false

        # The control API agents' tools call to reach other agents (`troupe ask`, `troupe mcp`). Each tool run
        # gets its own token (TROUPE_TOKEN), valid until the run ends. Loopback only.
        control:
          hostname: 127.0.0.1
          port: 29335
          # A unix socket (made mode 0600) instead of the port, so only processes of Troupe's user can connect.
          # socket: control.sock

        # A Telegram bot as a second door to the same agents; see docs/telegram.md.
        telegram:
          enabled: false
          # The environment variable that holds the bot token from BotFather (the token never goes in this file).
          token_env: TROUPE_TELEGRAM_TOKEN
          # The Bot API server: Telegram's, or a self-hosted one.
          api_url: https://api.telegram.org
          # Numeric Telegram user ids that may talk to the bot in private chats. It tells a refused user their id.
          allowed_users: []
          # Telegram user ids with the admin level (they need not be repeated in allowed_users): they may make
          # scheduled jobs, heartbeats and webhooks (see automation.permission).
          admins: []
          # Group ids (negative numbers) whose members may use the bot; it leaves any other group.
          allowed_groups: []
          # In groups, answer only messages that mention the bot or reply to it.
          group_mention_only: true
          # Mirror each Telegram chat into a Matrix room (the owners are invited) to follow it from Element.
          mirror: false
          # Agents with a Telegram bot of their own: agent name -> the variable holding that bot's token.
          agent_bots: {}

        # The language of Troupe's own chat messages (help, command answers, notices): en, de, fr, es, nl, ru or pt.
        # A chat can choose its own with !language; what agents write and the logs are never translated.
        language: en

        # Chat commands on Matrix (Telegram keeps its own /commands); see docs/commands.md.
        commands:
          # What starts a command: one or more characters that are no letters, digits or spaces (!, ., !!, ...).
          # The only prefix on Matrix: Element keeps /commands for itself, so a /foo that reaches Troupe is a message.
          # In a group room a command counts only when it is addressed: `!coder status`, a mention or a reply.
          prefix: "!"

        # Agents acting on their own: scheduled jobs (!cron), heartbeats and webhooks; see docs/automation.md.
        automation:
          # The time zone of schedules without their own tz= (an IANA name); the system's when unset.
          # timezone: Europe/Berlin
          # A run missed while Troupe was down is made up for once at start-up if it is at most this late (seconds).
          grace_seconds: 600
          # The level needed to make, change or delete jobs, heartbeats and webhooks (user or admin); listing needs user.
          permission: admin
          # The listener for `POST /hooks/<name>`: a signed delivery asks the hook's agent, which answers in the hook's chat.
          # Off unless enabled; `!webhook add` works either way.
          webhooks:
            enabled: false
            hostname: 127.0.0.1
            port: 29336
            # What senders reach the listener as (your reverse proxy's address); `!webhook add` prints <public_url>/hooks/<name>.
            # Default: http://<hostname>:<port>.
            # public_url: https://troupe.example.org
            # Bigger payloads get 413 and reach no agent (at least 1024).
            max_body_bytes: 1048576
            # Deliveries per hook per minute; more get 429.
            per_minute: 30

        # Images users send (photos, image files) are shrunk and converted before an agent reads them: smaller files,
        # upright (EXIF orientation applied), without metadata (EXIF, GPS, camera). Anything that cannot be converted
        # (animations, SVG, broken files) reaches the agent as sent; see docs/configuration.md.
        image:
          # The longest side in pixels (16-16383); smaller images keep their size.
          max_dimension: 2000
          # webp, jpeg, png, or original (pass every image on exactly as sent).
          format: webp
          # Encoder quality for webp and jpeg (1-100).
          quality: 85

        # Prometheus metrics (turns, transactions, dispatch lag, deliveries, ...) at GET /metrics on their own listener.
        # Off unless enabled; see docs/operations.md#metrics for every metric and example alerts.
        metrics:
          enabled: false
          hostname: 127.0.0.1
          port: 29337

        # The agents. `main` is the bot user itself; any other name becomes @<user_prefix><name>.
        # Names: 1-32 characters of a-z, 0-9, _ and -. See docs/agents.md for every key.
        agents:
          main:
            # A key of `providers` (built-ins: claude, codex, gemini, openai).
            provider: claude
            # model: sonnet
            # displayname: Troupe
            # system_prompt: |
            #   You are the team's coordinator.
          # coder:
          #   provider: codex
          #   displayname: Coder
          #   reasoning_effort: high
          #   # Providers any user may switch this agent to (!session @PROVIDER, spawn's provider); admins may pick any.
          #   allowed_providers: [claude]
          #   # The CLI starts with PATH, HOME, LANG, LC_* and TZ only, plus these (see docs/operations.md):
          #   pass_env: [GITHUB_TOKEN]        # names copied from Troupe's environment
          #   env: { GIT_AUTHOR_NAME: Coder } # fixed values

        # How each provider is started. The built-ins need no entry; set `command` when the tool is not on PATH.
        # A CLI sees none of Troupe's environment beyond PATH, HOME, LANG, LC_* and TZ: list what it needs in
        # `pass_env` (names copied from Troupe's environment) or `env` (fixed values).
        # providers:
        #   claude: { command: claude, args: [], pass_env: [ANTHROPIC_API_KEY] }
        #   codex: { command: codex, args: [], pass_env: [OPENAI_API_KEY] }
        #   gemini: { command: gemini, args: [], pass_env: [GEMINI_API_KEY] }
        #   openai: { base_url: https://api.openai.com/v1, api_key_env: OPENAI_API_KEY }
        #   ollama: { kind: openai, base_url: "http://127.0.0.1:11434/v1", model: llama3.1 }

        # Variables for every agent's CLI from a dotenv file (NAME=value lines), e.g. API keys kept out of this file.
        # Read again before each turn; a variable also set in Troupe's own environment takes that value.
        # Relative to this file. Facts every agent should know go in SHARED.md in data_dir instead.
        # agents_env_file: agents.env

        # Limits for agent turns (seconds unless named otherwise).
        runtime:
          max_concurrent_turns: 4
          turn_timeout: 900
          timeout_warning: 60
          timeout_extension: 300
          max_turn_duration: 3600
          kill_grace: 3
          history_max_messages: 40
          history_max_chars: 32000
          # Sub-agent runs (spawn_subagent, ask_agent_async). Queued runs count against every limit.
          runs:
            max_concurrent: 4           # runs working at once; more wait in the queue
            max_active_per_chat: 8      # unfinished runs started from one chat, nested ones included
            max_depth: 2                # a run from a chat is depth 1; its sub-runs 2; ...
            max_children: 5             # unfinished sub-runs of one run
            max_total: 32               # unfinished runs overall
            run_timeout: 3600           # seconds; a spawn may ask for less
            # token_budget: 200000      # tokens per run (a spawn may ask for less); unset means no limit
            delivery_attempts: 8        # tries to hand a result back before it shows delivery_failed
            delivery_backoff: 2         # seconds before the first retry; doubles each time

        """
    }
}
