#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// Facts about the terminal a stream is on: its width, and whether it may be drawn on.
enum Terminal {
    /// The terminal's columns for the stream `descriptor`: the kernel's window size, else `$COLUMNS`;
    /// nil when neither is known (a pipe or a file), so output stays whole for programs.
    static func columns(of descriptor: Int32) -> Int? {
        guard isatty(descriptor) != 0 else { return nil }
        var size = winsize()
        if ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return Environment.value("COLUMNS").flatMap { Int($0) }.flatMap { $0 > 0 ? $0 : nil }
    }
}
