// Fuzz target for the appservice transaction parser (`Transaction.parse`, `JSONParser`).
//
// Built by scripts/fuzz-transactions.sh together with Sources/MatrixAppService/Types/*.swift — the real
// sources, not copies — either with `-sanitize=fuzzer,address` (libFuzzer calls `LLVMFuzzerTestOneInput`)
// or, where that does not link, with MutationLoop.swift as a seeded mutation driver.
//
// Besides "does not crash", each input checks what the ingest path relies on:
// - the strict and the eliding parser agree wherever the strict one succeeds;
// - a parsed transaction's events survive every walk the dispatcher and bridge make over them
//   (hash, ==, re-encoding, description), however deep or odd they are;
// - a body that is JSON with an `events` array is never refused (that refusal wedges the homeserver).
import Foundation

func checkTransactionInput(_ data: Data) {
    let strict = try? JSONParser.parse(data)
    let eliding = try? JSONParser.parseEliding(data)
    if let strict {
        guard let eliding, eliding.elisions.isEmpty, eliding.value == strict else {
            fatalError("strict and eliding parsers disagree on \(data.count) bytes")
        }
    }
    if strict == nil, let eliding, eliding.elisions.isEmpty {
        fatalError("eliding parser accepted what the strict one refused without eliding anything")
    }

    let transaction: Transaction
    do {
        transaction = try Transaction.parse(data)
    } catch {
        // Refusing is allowed only for a body that is not a transaction at all.
        if case .array? = eliding?.value["events"] { fatalError("refused a JSON body with an events array: \(error)") }
        return
    }
    guard case .array? = eliding?.value["events"] else { fatalError("accepted a body without an events array") }
    for event in transaction.events {
        var hasher = Hasher()
        event.hash(into: &hasher)
        _ = hasher.finalize()
        guard event == event else { fatalError("an event is not equal to itself") }
        _ = try? event.content.jsonData()
        _ = String(describing: event.content).count
        _ = event.membership
    }
    for item in transaction.toDevice { _ = try? item.content.jsonData() }
    for item in transaction.ephemeral { _ = try? item.content.jsonData() }
    _ = transaction.problems.map(\.description)
}

#if TROUPE_LIBFUZZER
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let data = start.map { Data(bytes: $0, count: count) } ?? Data()
    checkTransactionInput(data)
    return 0
}
#endif
