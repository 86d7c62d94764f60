import Foundation
import LibFuzzerDriver

// libFuzzer runs fuzzLINEWebhook on each input it makes; its flags come on the command line.
var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzLINEWebhook(data, size) })
