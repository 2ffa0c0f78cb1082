#include "baseline.h"

#include <olm/inbound_group_session.h>
#include <olm/olm.h>
#include <olm/outbound_group_session.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void fill_random(uint8_t *buffer, size_t length) {
    size_t done = 0;
    while (done < length) {
        ssize_t got = getrandom(buffer + done, length - done, 0);
        if (got > 0) done += (size_t)got;
    }
}

OlmCBaselineResult olm_c_baseline_megolm(size_t messages, size_t plaintext_length) {
    OlmCBaselineResult result = {0, 0, messages, NULL};

    void *out_memory = malloc(olm_outbound_group_session_size());
    OlmOutboundGroupSession *outbound = olm_outbound_group_session(out_memory);
    size_t random_length = olm_init_outbound_group_session_random_length(outbound);
    uint8_t *random = malloc(random_length);
    fill_random(random, random_length);
    if (olm_init_outbound_group_session(outbound, random, random_length) == olm_error()) {
        result.error = "olm_init_outbound_group_session failed";
        return result;
    }
    memset(random, 0, random_length);
    free(random);

    size_t key_length = olm_outbound_group_session_key_length(outbound);
    uint8_t *key = malloc(key_length);
    size_t key_written = olm_outbound_group_session_key(outbound, key, key_length);
    void *in_memory = malloc(olm_inbound_group_session_size());
    OlmInboundGroupSession *inbound = olm_inbound_group_session(in_memory);
    if (olm_init_inbound_group_session(inbound, key, key_written) == olm_error()) {
        result.error = "olm_init_inbound_group_session failed";
        return result;
    }
    free(key);

    uint8_t *plaintext = malloc(plaintext_length);
    for (size_t i = 0; i < plaintext_length; i++) plaintext[i] = (uint8_t)(i % 251);
    uint8_t **ciphertexts = calloc(messages, sizeof(uint8_t *));
    size_t *lengths = calloc(messages, sizeof(size_t));

    double start = now_seconds();
    for (size_t i = 0; i < messages; i++) {
        size_t length = olm_group_encrypt_message_length(outbound, plaintext_length);
        uint8_t *message = malloc(length);
        size_t written = olm_group_encrypt(outbound, plaintext, plaintext_length, message, length);
        if (written == olm_error()) {
            result.error = "olm_group_encrypt failed";
            return result;
        }
        ciphertexts[i] = message;
        lengths[i] = written;
    }
    result.encrypt_seconds = now_seconds() - start;

    start = now_seconds();
    for (size_t i = 0; i < messages; i++) {
        /* Both calls decode their input in place: each gets its own copy, as in the Swift wrapper. */
        uint8_t *scratch = malloc(lengths[i]);
        memcpy(scratch, ciphertexts[i], lengths[i]);
        size_t max_length = olm_group_decrypt_max_plaintext_length(inbound, scratch, lengths[i]);
        free(scratch);
        if (max_length == olm_error()) {
            result.error = "olm_group_decrypt_max_plaintext_length failed";
            return result;
        }
        scratch = malloc(lengths[i]);
        memcpy(scratch, ciphertexts[i], lengths[i]);
        uint8_t *output = malloc(max_length);
        uint32_t index = 0;
        size_t written = olm_group_decrypt(inbound, scratch, lengths[i], output, max_length, &index);
        free(scratch);
        if (written != plaintext_length || index != (uint32_t)i || memcmp(output, plaintext, written) != 0) {
            result.error = "olm_group_decrypt gave the wrong plaintext or index";
            return result;
        }
        free(output);
    }
    result.decrypt_seconds = now_seconds() - start;

    for (size_t i = 0; i < messages; i++) free(ciphertexts[i]);
    free(ciphertexts);
    free(lengths);
    free(plaintext);
    olm_clear_outbound_group_session(outbound);
    olm_clear_inbound_group_session(inbound);
    free(out_memory);
    free(in_memory);
    return result;
}
