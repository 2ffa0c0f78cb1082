"""Languages against a real Synapse: `!language fr` in one room makes Troupe's own texts French there (and the
choice outlives a restart), while another room keeps the configured English. What the agent says is never
translated.
"""

from __future__ import annotations

from conftest import Stack
from matrix_client import run
from test_bridge import REPLY_TIMEOUT, ask, body, command, dm_with


def test_a_room_set_to_french_answers_in_french_and_another_room_stays_english(live: Stack):
    async def scenario():
        async with await live.login("alice") as alice:
            french = await dm_with(alice, "it-languages-fr")
            english = await dm_with(alice, "it-languages-en")

            shown = body(await command(alice, french, "!language"))
            assert "English" in shown and "Français (fr)" in shown and "Русский (ru)" in shown, shown

            assert body(await command(alice, french, "!language fr")) == "Ce chat parle maintenant Français."
            help_fr = body(await command(alice, french, "!help"))
            assert "Conversation" in help_fr and "Divers" in help_fr, help_fr
            assert "!stop — arrêter le tour en cours et vider la file d’attente" in help_fr, help_fr
            assert body(await command(alice, french, "!stop")) == "main ne travaillait sur rien.", "!stop in French"
            # An error the agent side raises is said in the room's language too.
            refused_model = body(await command(alice, french, "!model --yolo"))
            assert refused_model.startswith("!model a échoué : « --yolo » n’est pas un nom de modèle"), refused_model
            assert "is not a model name" in body(await command(alice, english, "!model --yolo"))

            help_en = body(await command(alice, english, "!help"))
            assert "Other" in help_en and "kill the running turn and drop the queue" in help_en, help_en
            assert body(await command(alice, english, "!stop")) == "main was not working on anything."

            # An unknown code is refused (in the room's language) with the codes there are; nothing changes.
            refused = body(await command(alice, french, "!language xx"))
            assert refused == "La langue « xx » n’existe pas. Disponibles : en, de, fr, es, nl, ru, pt.", refused

            # The agent's own words are its own.
            await ask(alice, french, "bonjour", expect="echo: bonjour")

    run(scenario(), timeout=180)


def test_the_rooms_language_outlives_a_restart(live: Stack):
    async def scenario():
        async with await live.login("alice") as alice:
            room = await dm_with(alice, "it-languages-restart")
            assert body(await command(alice, room, "!language de")) == "Dieser Chat spricht jetzt Deutsch."
            return room

    room = run(scenario(), timeout=120)
    live.troupe.restart()

    async def after_restart():
        async with await live.login("alice") as alice:
            answer = body(await command(alice, room, "!stop", timeout=REPLY_TIMEOUT * 2))
            assert answer == "main hat an nichts gearbeitet.", answer
            back = body(await command(alice, room, "!language default"))
            assert back == "This chat speaks Troupe's default language again: English.", back

    run(after_restart(), timeout=120)
