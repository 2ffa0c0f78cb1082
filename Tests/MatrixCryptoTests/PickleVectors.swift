/// Pinned pickles (see OlmPickleTests): an account created from the "random" bytes 0…63, pickled under
/// "troupe test pickle key" by libolm 3.2.13. python-olm 3.2.16 unpickles the same string to the same keys.
enum PickleVectors {
    static let account = """
        49Jfecjoe6l7IKWWuBdJhLjzNfYAtv9xPRxJeuJGXNb0ooNkYC4VbCn47Hh1KwPluIrBN8JB/cKFbsWyR8uYYdNH4kChii09iEcRiEoDNCqE\
        ghn8MhDJfYTOa3Yafg4f9F/oe2AT2tpZqSNqBklt5V/J+0u3EKy3/WKN55kTsjNbPtpbSt9omCy82waWYmymxEc4nlLVz4Hq4xemoEz+4852\
        D9pwzwHWzcGpZ63lR/7855mQ6IKy2Q
        """
    static let curve25519 = "NYBy1jZYgNGu6jKa35EhODhR7SGijjt16WXQ0s0WYlQ"
    static let ed25519 = "A6EHv/POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbg"
}
