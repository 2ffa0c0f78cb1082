// Time per photo for Troupe's image converter (ImageShrinker: libvips in-process) against `vips thumbnail` on the
// command line doing the same job (same size limit, format, quality, metadata stripped), measured in the same run.
//
//   swift run -c release ImagesBench [rounds=10] [format=webp] [max_dimension=2000] [quality=85]
//
// The input is a 12-megapixel (4000 × 3000) photo-like JPEG made on the spot. Troupe's time includes writing the
// converted file, as the bridge does; the CLI's includes starting the process, as a script calling it would.
import Foundation
import Images

let arguments = Array(CommandLine.arguments.dropFirst())
let rounds = arguments.count > 0 ? Int(arguments[0]) ?? 10 : 10
guard let format = ImageFormat(rawValue: arguments.count > 1 ? arguments[1] : "webp") else {
    FileHandle.standardError.write(Data("ImagesBench: format must be one of webp, jpeg, png\n".utf8))
    exit(2)
}
let size = arguments.count > 2 ? Int(arguments[2]) ?? 2000 : 2000
let quality = arguments.count > 3 ? Int(arguments[3]) ?? 85 : 85
let vips = ProcessInfo.processInfo.environment["VIPS"] ?? "vips"

func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }
func ms(_ s: Double) -> String { String(format: "%.1f ms", s * 1000) }
func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

func run(_ executable: String, _ arguments: [String]) throws -> Int32 {
    let process = Process()
    process.standardOutput = FileHandle.nullDevice
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [executable] + arguments
    try process.run()
    process.waitUntilExit()
    return process.terminationStatus
}

let temp = FileManager.default.temporaryDirectory.appendingPathComponent("images-bench-\(UUID().uuidString)")
try FileManager.default.createDirectory(at: temp, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: temp) }
let photo = temp.appendingPathComponent("photo.jpg")
try SampleImage.make(width: 4000, height: 3000, format: .jpeg, quality: 92).write(to: photo)
let photoBytes = (try FileManager.default.attributesOfItem(atPath: photo.path)[.size] as? Int) ?? 0
print("input: 4000×3000 JPEG, \(photoBytes / 1024) KiB; output: \(format.rawValue) Q\(quality), longest side ≤ \(size); \(rounds) rounds")

// Troupe: the converter the bridge calls, in process.
let shrinker = ImageShrinker(maxDimension: size, format: format, quality: quality)
let ours = temp.appendingPathComponent("ours.\(format.fileExtension)")
var troupeTimes: [Double] = []
var shrunk: ShrunkImage?
for round in 0...rounds {
    let started = ContinuousClock.now
    let image = try await shrinker.shrink(fileAt: photo)
    try image.data.write(to: ours)
    if round > 0 { troupeTimes.append(seconds(ContinuousClock.now - started)) }  // round 0 warms up (libvips starts)
    shrunk = image
}

// The same job from the command line.
let theirs = temp.appendingPathComponent("theirs.\(format.fileExtension)")
let saveOptions = format == .png ? "[strip]" : "[Q=\(quality),strip]"
let cliArguments = ["thumbnail", photo.path, theirs.path + saveOptions, "\(size)", "--height", "\(size)", "--size", "down",
                    "--fail-on", "error"]
var cliTimes: [Double] = []
for round in 0...rounds {
    let started = ContinuousClock.now
    guard try run(vips, cliArguments) == 0 else {
        FileHandle.standardError.write(Data("ImagesBench: `\(vips) \(cliArguments.joined(separator: " "))` failed\n".utf8))
        exit(1)
    }
    if round > 0 { cliTimes.append(seconds(ContinuousClock.now - started)) }
}
// What starting the CLI alone costs, for reading the comparison.
var startTimes: [Double] = []
for _ in 0..<rounds {
    let started = ContinuousClock.now
    _ = try run(vips, ["--version"])
    startTimes.append(seconds(ContinuousClock.now - started))
}

let ourInfo = try ImageShrinker.inspect(Data(contentsOf: ours))
let theirInfo = try ImageShrinker.inspect(Data(contentsOf: theirs))
let theirBytes = (try FileManager.default.attributesOfItem(atPath: theirs.path)[.size] as? Int) ?? 0
print("troupe ImageShrinker:  \(ms(median(troupeTimes))) per photo (median; mean \(ms(troupeTimes.reduce(0, +) / Double(rounds))))"
      + "  → \(ourInfo.width)×\(ourInfo.height) \(ourInfo.loader), \((shrunk?.data.count ?? 0) / 1024) KiB")
print("vips thumbnail (CLI):  \(ms(median(cliTimes))) per photo (median; mean \(ms(cliTimes.reduce(0, +) / Double(rounds))))"
      + "  → \(theirInfo.width)×\(theirInfo.height) \(theirInfo.loader), \(theirBytes / 1024) KiB")
print("  of which starting `vips` (--version): \(ms(median(startTimes)))")
print(String(format: "ratio troupe ÷ CLI: %.2f (below 1: Troupe is faster)", median(troupeTimes) / median(cliTimes)))
