// swift-tools-version:6.0
// detection-host: runs Python detections on a Swift host that embeds CPython (see README.md).
// Dependency direction (DESIGN §2): CLI → Engine → DetectionModule → {PythonBridge, CacheCore};
// the store targets depend on CacheCore only; only PythonBridge makes raw C API calls, and it is the
// only source target that depends on CPython.
import Foundation
import PackageDescription

// The executable links CPython statically when Debian's libpython3.11-dev ships the archive, as
// /usr/bin/python3 does: the shared, position-independent libpython runs the same bytecode
// 10-15% slower (calls through the PLT, globals through the GOT). The archive is taken whole and
// its symbols exported, so that extension modules (lib-dynload's .so files, pip packages) find
// the C API in the executable. The module map still names the shared library, which therefore
// stays a dependency of the binary, but the linker binds every symbol to the copy linked in.
// DETECTION_HOST_LIBPYTHON=shared keeps the shared library only.
let staticLibPython: [LinkerSetting] = {
    #if arch(x86_64)
    let archive = "/usr/lib/x86_64-linux-gnu/libpython3.11.a"
    #elseif arch(arm64)
    let archive = "/usr/lib/aarch64-linux-gnu/libpython3.11.a"
    #else
    let archive = ""
    #endif
    guard ProcessInfo.processInfo.environment["DETECTION_HOST_LIBPYTHON"] != "shared",
          !archive.isEmpty, FileManager.default.fileExists(atPath: archive) else { return [] }
    return [
        .unsafeFlags([
            "-Xlinker", "--whole-archive", "-Xlinker", archive, "-Xlinker", "--no-whole-archive",
            "-Xlinker", "--export-dynamic", "-Xclang-linker", "-no-pie",
        ]),
        // What the archive's modules need (pyexpat, zlib, dlopen), from Debian's -dev packages
        // that python3-dev brings.
        .linkedLibrary("expat"), .linkedLibrary("z"), .linkedLibrary("dl"), .linkedLibrary("m"),
    ]
}()

let package = Package(
    name: "detection-host",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "detection-host", targets: ["detection-host"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.20.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.0.0"),
    ],
    targets: [
        // CPython 3.11 from Debian's python3-dev, with a shim header for its macros.
        .systemLibrary(
            name: "CPython",
            path: "CPython",
            pkgConfig: "python3-embed",
            providers: [.apt(["python3-dev"])]
        ),
        // zlib from Debian's zlib1g-dev, for gzip-compressed input files.
        .systemLibrary(name: "CZlib", path: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .target(name: "Gunzip", dependencies: ["CZlib"]),
        .target(name: "CacheCore"),
        .target(name: "CacheSQLite", dependencies: [
            "CacheCore",
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .target(name: "CacheDynamoDB", dependencies: [
            "CacheCore",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .target(name: "PythonBridge", dependencies: ["CPython"]),
        .target(name: "DetectionModule", dependencies: ["PythonBridge", "CacheCore"]),
        .target(name: "DetectionEngine", dependencies: [
            "DetectionModule", "PythonBridge", "CacheCore", "CacheSQLite", "CacheDynamoDB", "Gunzip",
            .product(name: "Yams", package: "Yams"),
        ]),
        .executableTarget(name: "detection-host", dependencies: [
            "DetectionEngine", "CacheCore",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], linkerSettings: staticLibPython),

        // The store contract, written once and run against every store (DESIGN §3.1).
        .target(name: "StoreConformance", dependencies: ["CacheCore"], path: "Tests/StoreConformance"),

        .testTarget(name: "CacheCoreTests", dependencies: ["CacheCore", "StoreConformance"]),
        .testTarget(name: "CacheSQLiteTests", dependencies: ["CacheSQLite", "StoreConformance"]),
        .testTarget(name: "CacheDynamoDBTests", dependencies: ["CacheDynamoDB", "StoreConformance"]),
        .testTarget(name: "PythonBridgeTests", dependencies: ["PythonBridge"]),
        .testTarget(name: "DetectionModuleTests", dependencies: ["DetectionModule", "PythonBridge", "CacheCore"]),
        .testTarget(name: "DetectionEngineTests", dependencies: ["DetectionEngine", "DetectionModule", "PythonBridge"]),
        .testTarget(name: "ConformanceTests", dependencies: ["detection-host"], exclude: ["Fixtures"]),
        .testTarget(name: "CLITests", dependencies: ["detection-host"]),
    ]
)
