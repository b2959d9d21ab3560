import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Starts child processes with `posix_spawn`, not Foundation's `Process`.
///
/// On Linux, `Process.run()` lists `/proc/self/fd` to find the descriptors to close in the child and
/// copies each `dirent`'s whole 256-byte name field; when about 1,360 descriptors are open the last
/// record sits at the end of glibc's read buffer and the copy can run into an unmapped page, which
/// crashed the test process (SIGSEGV in `memmove` inside `run()`, three full runs so far; fixed upstream
/// by swift-corelibs-foundation pull request 5472, not in this toolchain). Here the kernel closes them:
/// `posix_spawn_file_actions_addclosefrom_np`. Those descriptors were Foundation's own doing: a
/// `Process` that has run is never freed on Linux, so the file handles given it as standard input,
/// output and error stay open, three per child (400 runs of `/bin/true` that way: 6 to 1,214 open).
/// No test uses `Process`; a child started here leaves nothing open in the test process.
public enum Spawn {
    /// A child that could not be started.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// A started child process, reaped once.
    public final class Child: Sendable {
        /// Its process id.
        public let pid: pid_t
        private let reaped = Mutex<Int32?>(nil)

        init(pid: pid_t) { self.pid = pid }

        /// Its raw wait status once it has ended, without waiting; nil while it runs.
        public func poll() -> Int32? {
            reaped.withLock { reaped in
                if reaped == nil {
                    var status: Int32 = 0
                    if waitpid(pid, &status, WNOHANG) == pid { reaped = status }
                }
                return reaped
            }
        }

        /// Blocks until it ends; its raw wait status.
        public func wait() -> Int32 {
            if let status = poll() { return status }
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            reaped.withLock { $0 = status }
            return status
        }
    }

    /// The exit status in a raw wait status, or nil when a signal ended the process.
    public static func exitStatus(_ raw: Int32) -> Int32? {
        raw & 0x7F == 0 ? (raw >> 8) & 0xFF : nil
    }

    /// The exit status in a raw wait status, or the signal number when a signal ended the process, as
    /// Foundation's `Process.terminationStatus` reports it.
    public static func terminationStatus(_ raw: Int32) -> Int32 {
        exitStatus(raw) ?? raw & 0x7F
    }

    /// Runs `program` (searched in `PATH` when it has no slash) with `arguments` and exactly
    /// `environment`, in `directory`, reading `input` and writing to the files `output` and `errors`
    /// (which must exist). Returns its exit status, or the signal number when a signal ended it (as
    /// `Process.terminationStatus` does), without blocking a concurrency thread while it runs.
    public static func run(_ program: String, _ arguments: [String], environment: [String: String], directory: String,
                           input: String, output: String, errors: String) async throws -> Int32 {
        let child = try start(program, arguments, environment: environment, directory: directory, input: input, output: output, errors: errors)
        return await withCheckedContinuation { continuation in
            // The wait blocks a thread of its own, never one of the concurrency pool.
            Thread.detachNewThread {
                let raw = child.wait()
                continuation.resume(returning: terminationStatus(raw))
            }
        }
    }

    /// Starts `program` as `run` does, and returns at once.
    public static func start(_ program: String, _ arguments: [String], environment: [String: String], directory: String,
                             input: String, output: String, errors: String) throws -> Child {
        var descriptors: [Int32] = []
        defer { for descriptor in descriptors { close(descriptor) } }
        for (path, flags) in [(input, O_RDONLY), (output, O_WRONLY), (errors, O_WRONLY)] {
            let descriptor = open(path, flags | O_CLOEXEC)
            guard descriptor >= 0 else { throw Failure(description: "cannot open \(path): \(String(cString: strerror(errno)))") }
            descriptors.append(descriptor)
        }
        return try start(program, arguments, environment: environment, directory: directory, standard: descriptors)
    }

    /// Starts `program` with the open descriptors `standard` as its standard input, output and error
    /// (the same one may serve all three, such as a terminal), and returns at once. The caller keeps
    /// and closes its own copies; the child inherits no other descriptor.
    public static func start(_ program: String, _ arguments: [String], environment: [String: String], directory: String,
                             standard: [Int32]) throws -> Child {
        precondition(standard.count == 3, "standard input, output and error")
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for (index, descriptor) in standard.enumerated() {
            posix_spawn_file_actions_adddup2(&actions, descriptor, Int32(index))
        }
        guard addChangeDirectory(&actions, directory) == 0, addCloseFrom(&actions, 3) == 0 else {
            throw Failure(description: "cannot prepare the child's directory and descriptors")
        }
        let argv = ([program] + arguments).map { strdup($0) }
        let envp = environment.map { strdup("\($0.key)=\($0.value)") }
        defer { for pointer in argv + envp { free(pointer) } }
        var pid: pid_t = 0
        let started = posix_spawnp(&pid, program, &actions, nil, argv + [nil], envp + [nil])
        guard started == 0 else { throw Failure(description: "cannot start \(program): \(String(cString: strerror(started)))") }
        return Child(pid: pid)
    }

    private typealias FileAction = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    private typealias PathAction = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32

    /// glibc (2.34 and 2.29) has both; Swift's Glibc module does not declare these GNU extensions, so
    /// they are looked up by name once.
    private static let closeFrom = unsafeBitCast(dlsym(nil, "posix_spawn_file_actions_addclosefrom_np"), to: FileAction?.self)
    private static let changeDirectory = unsafeBitCast(dlsym(nil, "posix_spawn_file_actions_addchdir_np"), to: PathAction?.self)

    private static func addCloseFrom(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ lowest: Int32) -> Int32 {
        closeFrom?(actions, lowest) ?? -1
    }

    private static func addChangeDirectory(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ path: String) -> Int32 {
        changeDirectory?(actions, path) ?? -1
    }
}
