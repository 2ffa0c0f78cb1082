#!/usr/bin/env python3
"""Cross-checks Troupe's libolm wrappers against python-olm.

Reads one JSON request on stdin, writes one JSON answer on stdout; exits 1 with {"error": ...} on failure.
Each request is self-contained: state that must survive between requests (an account, a session) travels as
a pickle. Binary-free: plaintexts are UTF-8 strings, keys and ciphertexts unpadded base64 as libolm makes them.

Commands ({"command": name, ...}):
  megolm_decrypt        {session_key, ciphertexts}        -> {session_id, plaintexts, message_indices}
  megolm_encrypt        {plaintexts}                      -> {session_id, session_key, ciphertexts}
  olm_account_new       {pickle_key, one_time_keys}       -> {pickle, identity_keys, one_time_keys}
  olm_inbound_decrypt   {account_pickle, pickle_key, sender_key, messages: [{type, body}], reply}
                                                          -> {session_id, plaintexts, reply: {type, body}}
  olm_outbound_encrypt  {identity_key, one_time_key, plaintexts}
                                                          -> {sender_key, session_id, messages: [{type, body}]}
  verify                {key, message, signature}         -> {valid}
  canonical             {value}                           -> {canonical}
  unpickle_account      {pickle, pickle_key}              -> {identity_keys}
"""
import json
import sys

import olm


def canonical_json(value):
    # The spec's own reference implementation.
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def message_object(message):
    return {"type": message.message_type, "body": message.ciphertext}


def run(request):
    command = request["command"]
    if command == "megolm_decrypt":
        session = olm.InboundGroupSession(request["session_key"])
        plaintexts, indices = [], []
        for ciphertext in request["ciphertexts"]:
            plaintext, index = session.decrypt(ciphertext, unicode_errors="strict")
            plaintexts.append(plaintext)
            indices.append(index)
        return {"session_id": session.id, "plaintexts": plaintexts, "message_indices": indices}

    if command == "megolm_encrypt":
        session = olm.OutboundGroupSession()
        session_key = session.session_key  # taken before encrypting: valid from index 0
        return {
            "session_id": session.id,
            "session_key": session_key,
            "ciphertexts": [session.encrypt(text) for text in request["plaintexts"]],
        }

    if command == "olm_account_new":
        account = olm.Account()
        account.generate_one_time_keys(request.get("one_time_keys", 1))
        return {
            "pickle": account.pickle(request["pickle_key"]).decode(),  # python-olm pickles are bytes
            "identity_keys": account.identity_keys,
            "one_time_keys": account.one_time_keys["curve25519"],
        }

    if command == "olm_inbound_decrypt":
        account = olm.Account.from_pickle(request["account_pickle"].encode(), request["pickle_key"])
        messages = request["messages"]
        first = messages[0]
        if first["type"] != 0:
            raise ValueError("the first message must be a pre-key message")
        session = olm.InboundSession(account, olm.OlmPreKeyMessage(first["body"]), request["sender_key"])
        plaintexts = []
        for message in messages:
            wrapped = olm.OlmPreKeyMessage(message["body"]) if message["type"] == 0 else olm.OlmMessage(message["body"])
            plaintexts.append(session.decrypt(wrapped, unicode_errors="strict"))
        answer = {"session_id": session.id, "plaintexts": plaintexts}
        if "reply" in request:
            answer["reply"] = message_object(session.encrypt(request["reply"]))
        return answer

    if command == "olm_outbound_encrypt":
        account = olm.Account()
        session = olm.OutboundSession(account, request["identity_key"], request["one_time_key"])
        return {
            "sender_key": account.identity_keys["curve25519"],
            "session_id": session.id,
            "messages": [message_object(session.encrypt(text)) for text in request["plaintexts"]],
        }

    if command == "verify":
        try:
            olm.ed25519_verify(request["key"], request["message"], request["signature"])
            return {"valid": True}
        except olm.OlmVerifyError as error:
            return {"valid": False, "reason": str(error)}

    if command == "canonical":
        return {"canonical": canonical_json(request["value"])}

    if command == "unpickle_account":
        account = olm.Account.from_pickle(request["pickle"].encode(), request["pickle_key"])
        return {"identity_keys": account.identity_keys}

    raise ValueError(f"unknown command {command!r}")


def main():
    try:
        answer = run(json.load(sys.stdin))
    except Exception as error:  # the Swift test prints whatever went wrong
        json.dump({"error": f"{type(error).__name__}: {error}"}, sys.stdout)
        sys.exit(1)
    json.dump(answer, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
