#if canImport(Glibc)
internal import Glibc
#endif
internal import CLibPQ

extension PostgresConnection {
    /// Returns once a notification on a channel this connection listens on has arrived (or had
    /// arrived, during an earlier statement), or after `milliseconds`; consumes the notifications and
    /// says whether there were any.
    @discardableResult
    func awaitNotification(milliseconds: Int32) throws(PostgresError) -> Bool {
        if drainNotifications() { return true }
        var socket = pollfd(fd: PQsocket(handle), events: Int16(POLLIN), revents: 0)
        guard poll(&socket, 1, milliseconds) > 0 else { return false }
        guard PQconsumeInput(handle) == 1 else { throw error(nil, sql: nil) }
        return drainNotifications()
    }

    /// Frees the notifications libpq has queued; whether there were any.
    private func drainNotifications() -> Bool {
        var any = false
        while let notification = PQnotifies(handle) {
            PQfreemem(notification)
            any = true
        }
        return any
    }
}
