import Foundation
@testable import MatrixAppService
import Testing

/// What the bridge relies on from any `StateStore`, on SQLite and on PostgreSQL.
@Suite struct StateStoreConformanceTests {
    let room = RoomID("!room:localhost")
    let alice = UserID("@alice:localhost")
    let bob = UserID("@bob:localhost")

    @Test(arguments: StoreDriver.allCases)
    func membershipIsKeptAndADisplaynameOutlivesAnEventWithout(_ driver: StoreDriver) async throws {
        try await driver.withStores { [room, alice] stores in
            #expect(try await stores.state.membership(room: room, user: alice) == nil)
            try await stores.state.setMembership(room: room, user: alice, .invite, displayname: "Alice 🐇")
            try await stores.state.setMembership(room: room, user: alice, .join, displayname: nil)
            for state in [stores.state, stores.coldState()] {
                #expect(try await state.membership(room: room, user: alice) == .join)
                #expect(try await state.displayname(room: room, user: alice) == "Alice 🐇")
            }
            try await stores.state.setMembership(room: room, user: alice, .leave, displayname: "A.")
            #expect(try await stores.coldState().displayname(room: room, user: alice) == "A.")
            #expect(try await stores.state.displayname(room: room, user: UserID("@nobody:localhost")) == nil)
        }
    }

    @Test(arguments: StoreDriver.allCases)
    func membersAndRoomsAreFilteredAndInByteOrder(_ driver: StoreDriver) async throws {
        try await driver.withStores { [alice] stores in
            let rooms = ["!b:x", "!B:x", "!a:x", "!c:x"].map { RoomID($0) }
            for room in rooms { try await stores.state.setMembership(room: room, user: alice, .join, displayname: nil) }
            try await stores.state.setMembership(room: rooms[3], user: alice, .leave, displayname: nil)
            let users = ["@zed:x", "@Zed:x", "@amy:x"].map { UserID($0) }
            for user in users { try await stores.state.setMembership(room: rooms[0], user: user, .join, displayname: nil) }
            try await stores.state.setMembership(room: rooms[0], user: UserID("@gone:x"), .ban, displayname: nil)

            for state in [stores.state, stores.coldState()] {
                #expect(try await state.rooms(of: alice, in: [.join]).map(\.rawValue) == ["!B:x", "!a:x", "!b:x"])
                #expect(try await state.rooms(of: alice, in: [.join, .leave]).map(\.rawValue) == ["!B:x", "!a:x", "!b:x", "!c:x"])
                #expect(try await state.rooms(of: alice, in: [.invite]) == [])
                #expect(try await state.joinedMembers(room: rooms[0]).map(\.rawValue) == ["@Zed:x", "@alice:localhost", "@amy:x", "@zed:x"])
                #expect(try await state.members(room: rooms[0], in: [.ban]).map(\.rawValue) == ["@gone:x"])
            }
        }
    }

    @Test(arguments: StoreDriver.allCases)
    func roomStateIsReplacedAndReadBack(_ driver: StoreDriver) async throws {
        try await driver.withStores { [room, alice, bob] stores in
            #expect(try await stores.state.state(room: room, type: "m.room.power_levels", stateKey: "") == nil)
            #expect(try await stores.state.isEncrypted(room: room) == false)
            try await stores.state.setState(room: room, type: "m.room.power_levels", stateKey: "",
                                            content: ["users": [alice.rawValue: 100], "users_default": 10])
            try await stores.state.setState(room: room, type: "m.room.encryption", stateKey: "",
                                            content: ["algorithm": "m.megolm.v1.aes-sha2"])
            try await stores.state.setState(room: room, type: "m.room.power_levels", stateKey: "",
                                            content: ["users": [alice.rawValue: 50], "users_default": 0])
            for state in [stores.state, stores.coldState()] {
                #expect(try await state.powerLevel(room: room, user: alice) == 50)
                #expect(try await state.powerLevel(room: room, user: bob) == 0)
                #expect(try await state.isEncrypted(room: room))
                #expect(try await state.state(room: room, type: "m.room.encryption", stateKey: "")?["algorithm"]?.stringValue
                        == "m.megolm.v1.aes-sha2")
            }
        }
    }

    @Test(arguments: StoreDriver.allCases)
    func stateEventsAreAppliedAndUntrackedTypesIgnored(_ driver: StoreDriver) async throws {
        try await driver.withStores { [room, bob] stores in
            let member = ClientEvent(type: "m.room.member", eventID: EventID("$m"), sender: bob, roomID: room, stateKey: bob.rawValue,
                                     content: ["membership": "join", "displayname": "Bob"])
            let name = ClientEvent(type: "m.room.name", eventID: EventID("$n"), sender: bob, roomID: room, stateKey: "",
                                   content: ["name": "Room"])
            let custom = ClientEvent(type: "org.example.custom", eventID: EventID("$c"), sender: bob, roomID: room, stateKey: "",
                                     content: ["x": 1])
            let message = ClientEvent(type: "m.room.name", eventID: EventID("$t"), sender: bob, roomID: room, content: ["name": "no"])
            for event in [member, name, custom, message] { try await stores.state.apply(event) }
            let state = stores.coldState()
            #expect(try await state.membership(room: room, user: bob) == .join)
            #expect(try await state.displayname(room: room, user: bob) == "Bob")
            #expect(try await state.state(room: room, type: "m.room.name", stateKey: "")?["name"]?.stringValue == "Room")
            #expect(try await state.state(room: room, type: "org.example.custom", stateKey: "") == nil)
        }
    }

    @Test(arguments: StoreDriver.allCases)
    func ourUsersRegistrationAndDisplaynameAreKept(_ driver: StoreDriver) async throws {
        try await driver.withStores { stores in
            let bot = UserID("@troupe:localhost"), agent = UserID("@troupe_coder:localhost")
            #expect(try await stores.state.isRegistered(bot) == false)
            #expect(try await stores.state.ownDisplayname(bot) == nil)
            try await stores.state.markRegistered(bot)
            try await stores.state.markRegistered(bot)
            #expect(try await stores.state.isRegistered(bot))
            #expect(try await stores.state.ownDisplayname(bot) == nil)

            // Setting a name records the user too; registering afterwards keeps the name.
            try await stores.state.setOwnDisplayname(agent, "Coder")
            try await stores.state.markRegistered(agent)
            try await stores.state.setOwnDisplayname(bot, "Troupe")
            try await stores.state.setOwnDisplayname(bot, "Troupe 2")
            let state = stores.coldState()
            #expect(try await state.isRegistered(agent))
            #expect(try await state.ownDisplayname(agent) == "Coder")
            #expect(try await state.ownDisplayname(bot) == "Troupe 2")
        }
    }
}
