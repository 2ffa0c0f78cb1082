import MatrixAppService
import MatrixCrypto
import Testing
@testable import Bridge

@Suite struct InsecureDeviceNoticeTests {
    @Test func anUnverifiedSessionIsNamedWithTheFixes() {
        let text = MatrixBridge.insecureDeviceText(sender: "@alice:localhost", device: "PHONE", trust: .unverified,
                                                   masterKeyChanged: false, level: .crossSignedTOFU)
        #expect(text.contains("`PHONE`"))
        #expect(text.contains("unverified") && text.contains("cross-signed-tofu"))
        #expect(text.contains("Verify this session"))
        #expect(text.contains("encryption.verification_levels.send"))
    }

    @Test func aChangedIdentityTellsWhichCommandAcceptsIt() {
        let text = MatrixBridge.insecureDeviceText(sender: "@alice:localhost", device: "PHONE", trust: .crossSignedUntrusted,
                                                   masterKeyChanged: true, level: .crossSignedTOFU)
        #expect(text.contains("cross-signing identity changed"))
        #expect(text.contains("!crypto trust @alice:localhost"))
    }

    @Test func anUnknownSessionIsSaidToBeUnknown() {
        let text = MatrixBridge.insecureDeviceText(sender: "@alice:localhost", device: nil, trust: .unverified,
                                                   masterKeyChanged: false, level: .crossSignedTOFU)
        #expect(text.contains("a session I cannot find"))
    }
}
