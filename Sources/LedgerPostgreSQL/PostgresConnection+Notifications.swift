#if canImport(Glibc)
internal import Glibc
#endif
internal import CLibPQ

extension PostgresConnection {
    /// Returns once a notification whose payload `matters` has arrived on a channel this connection
    /// listens on (or had arrived, during an earlier statement), or after `milliseconds`; consumes
    /// every notification that arrived meanwhile and says whether one mattered.
    func awaitNotification(milliseconds: Int32, where matters: (String) -> Bool) throws(PostgresError) -> Bool {
        if drainNotifications(matters) { return true }
        let deadline = Self.monotonicMilliseconds() + Int64(milliseconds)
        while true {
            let left = deadline - Self.monotonicMilliseconds()
            guard left > 0 else { return false }
            var socket = pollfd(fd: PQsocket(handle), events: Int16(POLLIN), revents: 0)
            guard poll(&socket, 1, Int32(left)) > 0 else { return false }
            guard PQconsumeInput(handle) == 1 else { throw error(nil, sql: nil) }
            if drainNotifications(matters) { return true }
        }
    }

    /// Frees the notifications libpq has queued; whether the payload of one of them mattered.
    private func drainNotifications(_ matters: (String) -> Bool) -> Bool {
        var any = false
        while let notification = PQnotifies(handle) {
            if !any, let payload = notification.pointee.extra { any = matters(String(cString: payload)) }
            PQfreemem(notification)
        }
        return any
    }

    private static func monotonicMilliseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Int64(now.tv_sec) * 1_000 + Int64(now.tv_nsec) / 1_000_000
    }
}
