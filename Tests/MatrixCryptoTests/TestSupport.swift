import Logging

/// Test output stays readable: the machines log only what would stop a test.
let quietLogger: Logger = {
    var logger = Logger(label: "crypto-test")
    logger.logLevel = .critical
    return logger
}()
