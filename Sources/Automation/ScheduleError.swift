/// Why a schedule could not be read, in words for the person who wrote it.
public enum ScheduleError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalid(String)

    public var description: String {
        switch self {
        case .invalid(let reason): reason
        }
    }
}
