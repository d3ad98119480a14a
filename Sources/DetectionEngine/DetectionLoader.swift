import Foundation
import PythonBridge

/// Why a detection could not be loaded; the message names the file and, where known, the line.
public struct LoadError: Error, CustomStringConvertible {
    public let description: String
}

/// Imports detections, each under its own module name so that many `detect.py` files never
/// collide in `sys.modules`.
public struct DetectionLoader {
    private var usedModuleNames: Set<String> = []
    public private(set) var warnings: [String] = []

    public init() {}

    public mutating func load(_ source: DetectionSource, _ gil: borrowing GILToken) throws(LoadError) -> LoadedDetection {
        var metadata = DetectionMetadata()
        if let metadataPath = source.metadataPath {
            do {
                let text = try String(contentsOfFile: metadataPath, encoding: .utf8)
                let parsed = try DetectionMetadata.parse(text, path: metadataPath)
                metadata = parsed.0
                warnings += parsed.warnings
            } catch let error as MetadataError {
                throw LoadError(description: error.description)
            } catch {
                throw LoadError(description: "\(metadataPath): cannot read: \(error.localizedDescription)")
            }
        }
        let name = metadata.name ?? source.fallbackName
        let text: String
        do {
            text = try String(contentsOfFile: source.scriptPath, encoding: .utf8)
        } catch {
            throw LoadError(description: "\(source.scriptPath): cannot read: \(error.localizedDescription)")
        }
        let moduleName = uniqueModuleName(for: name)
        do throws(any Error) {
            let code = try compile(text, filename: source.scriptPath, gil)
            let module = try importCode(code.pointer(gil), as: moduleName, path: source.scriptPath, gil)
            guard let detect = try getAttrIfPresent(module.pointer(gil), "detect", gil), isCallable(detect.pointer(gil)) else {
                throw LoadError(description: "\(source.scriptPath): defines no detect(record) function")
            }
            var functions: [OptionalFunction: PyShared] = [:]
            for function in OptionalFunction.allCases {
                if let value = try getAttrIfPresent(module.pointer(gil), function.rawValue, gil), isCallable(value.pointer(gil)) {
                    functions[function] = value.shared()
                }
            }
            return LoadedDetection(name: name, scriptPath: source.scriptPath, metadata: metadata,
                                   detect: detect.shared(), functions: functions)
        } catch let error as PythonError {
            forgetModule(moduleName, gil)
            throw LoadError(description: Self.describe(error, in: source.scriptPath, gil))
        } catch let error as LoadError {
            throw error
        } catch {
            throw LoadError(description: "\(source.scriptPath): \(error)")
        }
    }

    /// `path:line: Type: message` for an exception raised while importing `path`, with the
    /// traceback below it when the error was raised by running code (not by the parser).
    static func describe(_ error: PythonError, in path: String, _ gil: borrowing GILToken) -> String {
        let line = ErrorLocation.line(of: error, in: path, gil)
        let place = line > 0 ? "\(path):\(line)" : path
        var text = "\(place): \(error.typeName): \(error.message)"
        if error.typeName != "SyntaxError" && error.typeName != "IndentationError" && error.typeName != "TabError" {
            text += "\n" + error.formattedTraceback(gil)
        }
        return text
    }

    private mutating func uniqueModuleName(for name: String) -> String {
        let identifier = String(name.map { $0.isLetter || $0.isNumber || $0 == "_" ? $0 : "_" })
        var candidate = "_detections.\(identifier)"
        var suffix = 2
        while usedModuleNames.contains(candidate) {
            candidate = "_detections.\(identifier)_\(suffix)"
            suffix += 1
        }
        usedModuleNames.insert(candidate)
        return candidate
    }
}

/// Where in a detection's file an exception happened.
enum ErrorLocation {
    /// The line in `path` (0 when unknown).
    static func line(of error: PythonError, in path: String, _ gil: borrowing GILToken) -> Int {
        do {
            let function = try EngineSupport.function("error_line", gil)
            let pathObject = try pyString(path, gil)
            let line = try call(function.pointer(gil), [error.exception.pointer(gil), pathObject.pointer(gil)], gil)
            return Int(try swiftInt64(line.pointer(gil), what: "line", gil))
        } catch {
            return 0
        }
    }
}
