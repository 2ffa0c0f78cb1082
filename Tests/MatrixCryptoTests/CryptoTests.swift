import Testing

/// Groups the crypto suites so `swift test --filter Crypto` selects exactly them.
@Suite enum CryptoTests {}
