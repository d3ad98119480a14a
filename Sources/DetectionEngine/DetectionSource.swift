import Foundation

/// A detection found on disk, before it is imported.
public struct DetectionSource: Sendable, Equatable {
    /// The Python file holding `detect(record)`.
    public let scriptPath: String
    /// `detection.yml` beside it, when there is one.
    public let metadataPath: String?
    /// The name when `detection.yml` gives none: the directory's name, or a lone file's stem.
    public let fallbackName: String
    /// Named directly on the command line (so it runs even when `enabled: false`).
    public let namedDirectly: Bool
}

public struct DiscoveryError: Error, CustomStringConvertible {
    public let description: String
}

/// Finds detections under the paths given to `run` (DESIGN §4): a `.py` file, a detection
/// directory holding `detect.py`, or a folder of detection directories (searched recursively).
public enum DetectionDiscovery {
    public static func find(in paths: [String]) throws(DiscoveryError) -> [DetectionSource] {
        var found: [DetectionSource] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw DiscoveryError(description: "\(path): no such file or directory")
            }
            if !isDirectory.boolValue {
                guard path.hasSuffix(".py") else {
                    throw DiscoveryError(description: "\(path): a detection is a .py file or a directory holding detect.py")
                }
                let stem = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
                found.append(DetectionSource(scriptPath: path, metadataPath: nil, fallbackName: stem, namedDirectly: true))
            } else if let detection = directoryDetection(path, namedDirectly: true) {
                found.append(detection)
            } else {
                let nested = nestedDetections(under: path)
                guard !nested.isEmpty else {
                    throw DiscoveryError(description: "\(path): no detections here (no detect.py in it or below it)")
                }
                found += nested
            }
        }
        return found
    }

    private static func directoryDetection(_ directory: String, namedDirectly: Bool) -> DetectionSource? {
        let script = (directory as NSString).appendingPathComponent("detect.py")
        guard FileManager.default.fileExists(atPath: script) else { return nil }
        let metadata = ["detection.yml", "detection.yaml"]
            .map { (directory as NSString).appendingPathComponent($0) }
            .first { FileManager.default.fileExists(atPath: $0) }
        let name = directoryName(directory)
        return DetectionSource(scriptPath: script, metadataPath: metadata, fallbackName: name, namedDirectly: namedDirectly)
    }

    /// The directory's own name, also for `.`, `..` or `dir/.` (their last component says nothing).
    static func directoryName(_ directory: String) -> String {
        let absolute = directory.hasPrefix("/")
            ? directory
            : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(directory)
        let name = ((absolute as NSString).standardizingPath as NSString).lastPathComponent
        return name.isEmpty ? "/" : name
    }

    private static func nestedDetections(under root: String) -> [DetectionSource] {
        guard let walker = FileManager.default.enumerator(atPath: root) else { return [] }
        var directories: [String] = []
        while let relative = walker.nextObject() as? String {
            let last = (relative as NSString).lastPathComponent
            if last.hasPrefix(".") || last == "__pycache__" {
                walker.skipDescendants()
                continue
            }
            if last == "detect.py" {
                directories.append((root as NSString).appendingPathComponent((relative as NSString).deletingLastPathComponent))
            }
        }
        return directories.sorted().compactMap { directoryDetection($0, namedDirectly: false) }
    }
}
