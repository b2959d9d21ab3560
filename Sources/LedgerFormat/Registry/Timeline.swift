/// Every version of one registry id in chain order, answering which version governs a day.
///
/// Semantics: the version that governs day `d` is the **last-recorded** version whose `validFrom`
/// is on or before `d`; it answers for `d` only if `d` is also on or before its `validUntil`. So a
/// revision replaces everything recorded before it from its own `validFrom` onwards, earlier
/// versions still answer for the days before, and an earlier `validFrom` (a back-dated correction)
/// replaces more of the past. History is never rewritten in storage: a revision is an added fact.
struct Timeline<Fact: RegistryRecord>: Sendable {
    private(set) var versions: [Fact]

    package init(_ first: Fact) {
        versions = [first]
    }

    /// The newest recorded version.
    var latest: Fact {
        // A timeline is created with one version and only grows.
        versions[versions.count - 1]
    }

    mutating func append(_ fact: Fact) {
        versions.append(fact)
    }

    /// The version governing `day`, in force or not, or the earliest-starting version when none has started.
    func at(_ day: Day) -> Lookup<Fact> {
        var governing: Fact?
        var earliest = versions[0]
        for version in versions {
            if version.validity.from <= day { governing = version }
            if version.validity.from < earliest.validity.from { earliest = version }
        }
        guard let governing else { return .notInForce(earliest) }
        return governing.validity.contains(day) ? .inForce(governing) : .notInForce(governing)
    }
}
