#ifndef TROUPE_OLM_C_BASELINE_H
#define TROUPE_OLM_C_BASELINE_H

#include <stddef.h>

/* The megolm loop of OlmBench written directly against libolm in C: the baseline the Swift wrappers are
 * measured against in the same run. */
typedef struct {
    double encrypt_seconds;
    double decrypt_seconds;
    size_t messages;
    /* 0 when every message decrypted to its plaintext with the right index, else a description. */
    const char *error;
} OlmCBaselineResult;

/* Encrypts `messages` plaintexts of `plaintext_length` bytes with one outbound session, then decrypts them
 * all with an inbound session made from its key, making the same libolm calls as the Swift wrappers
 * (including the copies that the destructive decrypt calls need). */
OlmCBaselineResult olm_c_baseline_megolm(size_t messages, size_t plaintext_length);

#endif
