// swift-tools-version:6.0
// detection-host: runs Python detections on a Swift host that embeds CPython (see README.md).
// Dependency direction (DESIGN §2): CLI → Engine → DetectionModule → {PythonBridge, CacheCore};
// PythonBridge → JSONTape, which the Engine's reader thread uses too; JSONTape, like CacheCore, is
// plain Swift; the store targets depend on CacheCore (and the DynamoDB store on AWSCore) only;
// only PythonBridge makes raw C API calls, and it is the only source target that depends on CPython.
import PackageDescription

// CPython is linked as Debian's shared libpython3.11. Its static archive (libpython3.11.a, built
// without -fPIC) runs the same bytecode with 11% fewer instructions, but only in a non-PIE
// executable, and there the dynamic loader warns ("direct reference to protected function ...
// may break pointer equality") the first time a Swift standard-library function whose address
// the binary or a package takes (a key path to `String.count`, say) is called: a line on
// standard error in the middle of a user's run. Until that is solved, the shared library it is.

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
        // The one AWS layer: credentials, region and endpoints, SigV4, a blocking sender with
        // retries, and the S3 and SQS clients. The DynamoDB store and the engine's S3 input use it.
        .target(name: "AWSCore", dependencies: [
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .target(name: "CacheDynamoDB", dependencies: ["CacheCore", "AWSCore"]),
        // The structure of JSON documents, scanned without Python (no CPython here).
        .target(name: "JSONTape"),
        .target(name: "PythonBridge", dependencies: ["CPython", "JSONTape"]),
        .target(name: "DetectionModule", dependencies: ["PythonBridge", "CacheCore"]),
        .target(name: "DetectionEngine", dependencies: [
            "DetectionModule", "PythonBridge", "JSONTape", "CacheCore", "CacheSQLite", "CacheDynamoDB", "AWSCore", "Gunzip",
            .product(name: "Yams", package: "Yams"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .executableTarget(name: "detection-host", dependencies: [
            "DetectionEngine", "CacheCore",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // The store contract, written once and run against every store (DESIGN §3.1).
        .target(name: "StoreConformance", dependencies: ["CacheCore"], path: "Tests/StoreConformance"),

        .testTarget(name: "CacheCoreTests", dependencies: ["CacheCore", "StoreConformance"]),
        .testTarget(name: "CacheSQLiteTests", dependencies: ["CacheSQLite", "StoreConformance"]),
        // moto in server mode (S3, SQS, DynamoDB on one port) and boto3, for the AWS tests.
        .target(name: "MotoSupport", path: "Tests/MotoSupport"),

        .testTarget(name: "AWSCoreTests", dependencies: ["AWSCore", "MotoSupport"]),
        .testTarget(name: "CacheDynamoDBTests", dependencies: ["CacheDynamoDB", "AWSCore", "StoreConformance", "MotoSupport"]),
        .testTarget(name: "JSONTapeTests", dependencies: ["JSONTape"]),
        .testTarget(name: "PythonBridgeTests", dependencies: ["PythonBridge", "JSONTape"]),
        .testTarget(name: "DetectionModuleTests", dependencies: ["DetectionModule", "PythonBridge", "JSONTape", "CacheCore"]),
        .testTarget(name: "DetectionEngineTests", dependencies: ["DetectionEngine", "DetectionModule", "PythonBridge"]),
        .testTarget(name: "ConformanceTests", dependencies: ["detection-host"], exclude: ["Fixtures"]),
        .testTarget(name: "CLITests", dependencies: ["detection-host", "AWSCore", "MotoSupport"]),
    ]
)
